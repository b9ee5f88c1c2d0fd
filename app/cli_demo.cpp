// `trackboard demo`: the whole pipeline headless for a set time, then a drained, exact tally.
#include "cli_commands.h"
#include "cli_options.h"
#include "delivery_account.h"
#include "demo_summary.h"
#include "drain_watch.h"
#include "pipeline.h"
#include "report_format.h"
#include "signal_watcher.h"
#include "simulator_options.h"
#include "threshold_options.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cmath>
#include <optional>

namespace trackboard {

namespace {

// How long past --duration traffic may go on for attacks still playing out: longer than any
// attack script (core/simulator_scenarios.cpp).
constexpr qint64 kAttackTailMs = 30'000;
// How long the drain waits for the producer's first report after the stop, which carries its
// final count. Reports come every 100 ms; the bound only guards against a stalled producer.
constexpr qint64 kStopReportWaitMs = 5'000;
// How long traffic waits for the consumer groups to be ready, unless the analytics group is
// reading its checkpoints.
constexpr qint64 kReadyWaitMs = 15'000;

} // namespace

int runDemoCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    common.addTo(parser);
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Seconds of traffic (default: 10)."),
                                      QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption partitions(QStringLiteral("partitions"),
                                        QStringLiteral("Partitions of the embedded broker's topic "
                                                       "(default: 6)."),
                                        QStringLiteral("n"), QString::number(kDefaultPartitions));
    SimulatorCliOptions simulator(1000);
    simulator.addTo(parser);
    const QCommandLineOption drainTimeout(
        QStringLiteral("drain-timeout"),
        QStringLiteral("Longest wait, in seconds, for the consumers to catch up once traffic "
                       "stops (default: 120). The drain ends sooner when they have read "
                       "everything, or when nothing moved for 3 s."),
        QStringLiteral("seconds"), QStringLiteral("120"));
    const QCommandLineOption noThrottle(
        QStringLiteral("no-throttle"),
        QStringLiteral("Let the simulator run ahead of the consumers on the embedded broker, as "
                       "before the throttle: past what they keep up with, retention cuts events "
                       "(skipped, lost). For measuring."));
    const QCommandLineOption noDecodeAhead(
        QStringLiteral("no-decode-ahead"),
        QStringLiteral("Both groups decode every message on their own threads, instead of "
                       "handing large batches to a helper thread each. For measuring."));
    const QCommandLineOption burst(
        QStringLiteral("burst"),
        QStringLiteral("AT:SECONDS:RATE: AT seconds into the traffic, ask for RATE events/s for "
                       "SECONDS, then go back to --rate. For measuring how memory recovers "
                       "after a burst (bench/burst.sh)."),
        QStringLiteral("at:seconds:rate"));
    ThresholdOptions thresholds;
    thresholds.addTo(parser);
    parser.addOption(duration);
    parser.addOption(partitions);
    parser.addOption(drainTimeout);
    parser.addOption(noThrottle);
    parser.addOption(noDecodeAhead);
    parser.addOption(burst);
    processSubcommand(parser, QStringLiteral("demo"),
                      QStringLiteral("Runs the embedded broker, the simulator and both consumer "
                                     "groups headless, then drains and reports produced, "
                                     "delivered, consumed, lost, alerts and latency."),
                      args);
    Pipeline::Options options;
    QString error;
    if (!common.read(parser, options.kafka, error)) {
        printErr(QStringLiteral("trackboard demo: %1\n").arg(error));
        return 2;
    }
    if (!simulator.read(parser, options, error)) {
        printErr(QStringLiteral("trackboard demo: %1\n").arg(error));
        return 2;
    }
    options.kafka.partitions = int(positiveNumber(parser, partitions));
    options.throttleProducer = !parser.isSet(noThrottle);
    options.decodeAhead = !parser.isSet(noDecodeAhead);
    const double seconds = positiveNumber(parser, duration);
    DrainWatch::Limits drainLimits;
    drainLimits.hardLimitMs = std::llround(positiveNumber(parser, drainTimeout) * 1000.0);
    for (const ScenarioSpec &spec : simulator.scenarios) {
        if (spec.atSeconds >= seconds) { // it would never be injected, or stretch the run
            printErr(QStringLiteral("trackboard demo: --scenario %1@%2 starts after the %3 s of "
                                    "--duration\n")
                         .arg(utf8Text(scenarioName(spec.scenario)))
                         .arg(spec.atSeconds)
                         .arg(seconds));
            return 2;
        }
    }
    struct Burst {
        double atMs = -1, endMs = -1, rate = 0;
        bool started = false, ended = false;
    } burstPlan;
    if (parser.isSet(burst)) {
        const QStringList parts = parser.value(burst).split(QLatin1Char(':'));
        bool ok = parts.size() == 3;
        const double at = ok ? parts[0].toDouble(&ok) : 0;
        const double length = ok ? parts[1].toDouble(&ok) : 0;
        const double rate = ok ? parts[2].toDouble(&ok) : 0;
        if (!ok || at < 0 || length <= 0 || rate <= 0 || at + length > seconds) {
            printErr(QStringLiteral("trackboard demo: --burst wants AT:SECONDS:RATE, with "
                                    "AT >= 0, SECONDS and RATE > 0, ending within --duration; "
                                    "got '%1'\n")
                         .arg(parser.value(burst)));
            return 2;
        }
        burstPlan.atMs = at * 1000;
        burstPlan.endMs = (at + length) * 1000;
        burstPlan.rate = rate;
    }
    if (!thresholds.read(parser, options.thresholds, error)) {
        printErr(QStringLiteral("trackboard demo: %1\n").arg(error));
        return 2;
    }
    if (thresholds.printIfAsked(parser, options.thresholds)) {
        return 0;
    }
    const bool json = parser.isSet(common.json);

    Pipeline pipeline(options);
    if (!pipeline.start(error)) {
        printErr(QStringLiteral("trackboard demo: %1\n").arg(error));
        return 1;
    }
    printErr(QStringLiteral("Trackboard demo: broker %1, %2 events/s for %3 s\n")
                 .arg(pipeline.bootstrapServers())
                 .arg(options.rate)
                 .arg(seconds));
    thresholds.watch();
    QObject::connect(&thresholds, &ThresholdOptions::thresholdsChanged, &pipeline,
                     &Pipeline::setThresholds);
    DemoState state;
    state.throttleEnabled = pipeline.throttlesProducer();
    QElapsedTimer sinceThrottleNote; // said at most every 5 s: it may flap at the threshold
    QObject::connect(
        &pipeline, &Pipeline::scenarioInjected, [&](const std::vector<GroundTruth> &entries) {
            state.groundTruth.insert(state.groundTruth.end(), entries.begin(), entries.end());
        });
    QObject::connect(&pipeline, &Pipeline::producerStats, [&](const ProducerStats &s) {
        state.producer = s;
        // Said once per outage, so that a long outage does not flood the terminal.
        const bool unreachable = s.state == "unreachable";
        if (unreachable && !state.announcedUnreachable && !json) {
            printErr(QStringLiteral("trackboard demo: broker unreachable, %1 events buffered\n")
                         .arg(s.buffered));
        }
        state.announcedUnreachable = unreachable;
        if (s.throttled && !json &&
            (!sinceThrottleNote.isValid() || sinceThrottleNote.elapsed() >= 5'000)) {
            sinceThrottleNote.start();
            printErr(QStringLiteral("trackboard demo: %1\n").arg(throttleText(s)));
        }
    });
    QObject::connect(&pipeline, &Pipeline::analyticsSnapshot,
                     [&](const AnalyticsSnapshot &s, const ConsumerStats &c) {
                         state.analytics = s;
                         state.analyticsStats = c;
                     });
    QObject::connect(
        &pipeline, &Pipeline::fraudSnapshot, [&](const FraudSnapshot &s, const ConsumerStats &c) {
            state.fraud = s;
            state.fraudStats = c;
            state.alerts += s.newAlerts.size();
            state.allAlerts.insert(state.allAlerts.end(), s.newAlerts.begin(), s.newAlerts.end());
            for (const Alert &a : s.newAlerts) {
                if (state.sampleAlerts.size() < 5) {
                    state.sampleAlerts.append(alertJson(a));
                }
                if (!json) {
                    printOut(alertText(a));
                }
            }
        });
    int exitCode = 0;
    QObject::connect(&pipeline, &Pipeline::failed, [&](const QString &message) {
        printErr(QStringLiteral("trackboard demo: %1\n").arg(message));
        exitCode = 1;
        QCoreApplication::quit();
    });

    // Phase 0: wait for both groups to join, so latency figures show the steady state rather
    // than the first join's delay. Phase 1: traffic for `seconds`. Phase 2: drain while the
    // consumers keep advancing (DrainWatch), until both groups have read or skipped everything
    // delivered; what they had not read by then is `pending`, not `lost`.
    QElapsedTimer clock;
    bool draining = false;
    qint64 trafficMs = 0;
    bool sprinkleStopped = false;
    std::uint64_t stoppedSprinkleAt = 0; // stats from after the stop, not before
    std::optional<DrainWatch> drainWatch;
    state.drainLimits = drainLimits;
    const auto startTraffic = [&] {
        if (!clock.isValid()) {
            clock.start();
            pipeline.startTraffic();
            simulator.startScenarios(pipeline);
        }
    };
    QObject::connect(&pipeline, &Pipeline::consumersReady, startTraffic);
    // A slow cluster: start anyway after 15 s, but not while the analytics group reads its
    // state topic, which it may do for up to 30 s: traffic would queue behind the read, and
    // the run would report the read as latency.
    QObject::connect(&pipeline, &Pipeline::readingCheckpoints, [&](bool reading) {
        if (reading && !clock.isValid()) {
            printErr(QStringLiteral("Trackboard demo: the analytics group is reading its "
                                    "checkpoints before it starts\n"));
        }
    });
    QElapsedTimer sinceStart;
    sinceStart.start();
    QTimer readyWait;
    QObject::connect(&readyWait, &QTimer::timeout, [&] {
        if (clock.isValid()) {
            readyWait.stop(); // the groups were ready in time
            return;
        }
        const qint64 waited = sinceStart.elapsed();
        if (waited < kReadyWaitMs || (pipeline.analyticsReadingCheckpoints() &&
                                      waited < kReadyWaitMs + AnalyticsWorker::kCatchUpMs)) {
            return;
        }
        readyWait.stop();
        state.trafficBeforeReady = true;
        printErr(QStringLiteral("Trackboard demo: the consumer groups were not ready after %1 s; "
                                "starting traffic anyway (its first events wait for them)\n")
                     .arg(waited / 1000));
        startTraffic();
    });
    readyWait.start(250);
    QTimer monitor;
    QObject::connect(&monitor, &QTimer::timeout, [&] {
        if (!clock.isValid()) {
            return;
        }
        if (state.rssStartMb < 0 &&
            (clock.elapsed() >= 60'000 || clock.elapsed() >= qint64(seconds * 1000))) {
            state.rssStartMb = residentMegabytes();
        }
        if (burstPlan.atMs >= 0 && !burstPlan.started && clock.elapsed() >= burstPlan.atMs) {
            burstPlan.started = true;
            pipeline.setRate(burstPlan.rate);
        }
        if (burstPlan.started && !burstPlan.ended && clock.elapsed() >= burstPlan.endMs) {
            burstPlan.ended = true;
            pipeline.setRate(options.rate);
        }
        if (clock.elapsed() >= (state.rssPerMinute.size() + 1) * 60'000) {
            const double rss = residentMegabytes();
            state.rssPerMinute.append(rss);
            state.statePerMinute.append(stateSizeJson(state, rss));
        }
        // Past the duration no new attack is sprinkled, and an attack still playing out keeps
        // the traffic on until its last event is out, so that it is graded whole. Attack
        // scripts last 20 s at most; the bound only guards against a stalled producer. A flash
        // sale is ordinary shopping and stops with the rest of the traffic: waiting for its
        // last shoppers once made a 45 s demo run 140 s.
        if (clock.elapsed() >= qint64(seconds * 1000) && !sprinkleStopped) {
            sprinkleStopped = true;
            pipeline.setSprinkleRate(0);
            stoppedSprinkleAt = state.producer.produced;
        }
        const bool scenariosDone = (state.producer.pendingAttackSteps == 0 &&
                                    state.producer.produced > stoppedSprinkleAt) ||
                                   clock.elapsed() >= qint64(seconds * 1000) + kAttackTailMs;
        if (!draining && clock.elapsed() >= qint64(seconds * 1000) && scenariosDone &&
            (simulator.scenarios.empty() || !state.groundTruth.empty())) {
            draining = true;
            trafficMs = clock.elapsed();
            pipeline.stopTraffic();
            drainWatch.emplace(drainLimits, clock.elapsed());
        }
        if (!draining) {
            return;
        }
        // Until the producer reports the stop, its last report may be older than the groups':
        // they could seem to have read events it does not count as produced yet.
        if (state.producer.state == "running" && clock.elapsed() - trafficMs < kStopReportWaitMs) {
            return;
        }
        const auto &p = state.producer;
        const auto &a = state.analyticsStats;
        const auto &f = state.fraudStats;
        // Skipped offsets count as progress too: a group jumping a retention gap is moving.
        const std::uint64_t progress =
            p.delivered + p.failed + a.consumed + a.skipped + f.consumed + f.skipped;
        const bool done = groupCaughtUp(p, a) && groupCaughtUp(p, f);
        state.drain = drainWatch->observe(clock.elapsed(), progress, done);
        if (state.drain == DrainWatch::Verdict::Waiting) {
            return;
        }
        state.drainSeconds = double(drainWatch->elapsedMs(clock.elapsed())) / 1000.0;
        if (state.drain != DrainWatch::Verdict::Drained) {
            printErr(QStringLiteral("trackboard demo: drain ended after %1 s (%2): %3 events "
                                    "not yet read, pending (not lost)\n")
                         .arg(state.drainSeconds, 0, 'f', 1)
                         .arg(state.drain == DrainWatch::Verdict::Stalled
                                  ? QStringLiteral("the consumers stopped advancing for %1 s")
                                        .arg(double(drainLimits.stallMs) / 1000.0)
                                  : QStringLiteral("--drain-timeout"))
                         .arg(demoPending(state)));
        }
        QCoreApplication::quit();
    });
    monitor.start(100);
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    if (drainWatch && state.drain == DrainWatch::Verdict::Waiting) { // stopped by a signal
        state.drainSeconds = double(drainWatch->elapsedMs(clock.elapsed())) / 1000.0;
    }
    const double trafficSeconds =
        double(draining ? trafficMs : (clock.isValid() ? clock.elapsed() : 0)) / 1000.0;
    state.rssEndMb = residentMegabytes();
    if (state.rssStartMb < 0) {
        state.rssStartMb = state.rssEndMb;
    }
    pipeline.shutdown(2500);

    if (json) {
        printOut(jsonLine(demoSummaryJson(state, trafficSeconds)));
    } else {
        printOut(analyticsReportText(state.analytics, state.analyticsStats));
        printOut(producerReportText(state.producer, QString::fromStdString(options.kafka.topic)));
        printOut(demoTallyText(state));
    }
    // Only events gone for good fail the run; unread ones were reported above as pending.
    if (exitCode == 0 && demoLost(state) != 0) {
        exitCode = 3;
    }
    return exitCode;
}

} // namespace trackboard
