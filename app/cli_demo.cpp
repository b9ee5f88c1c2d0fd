// `trackboard demo`: the whole pipeline headless for a set time, then a drained, exact tally.
#include "cli_commands.h"
#include "cli_options.h"
#include "pipeline.h"
#include "report_format.h"
#include "signal_watcher.h"
#include "simulator_options.h"
#include "threshold_options.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTimer>

#include <fstream>
#include <string>

namespace trackboard {

namespace {

// How long past --duration traffic may go on for attacks still playing out: longer than any
// attack script (core/simulator_scenarios.cpp).
constexpr qint64 kAttackTailMs = 30'000;

struct DemoState {
    ProducerStats producer;
    AnalyticsSnapshot analytics;
    ConsumerStats analyticsStats;
    FraudSnapshot fraud;
    ConsumerStats fraudStats;
    std::uint64_t alerts = 0;
    QJsonArray sampleAlerts;
    std::vector<Alert> allAlerts;
    std::vector<GroundTruth> groundTruth;
    double rssStartMb = -1; // after the first minute of traffic (or at its end, if shorter)
    double rssEndMb = -1;
    QJsonArray rssPerMinute; // where growth comes from: a leak climbs, a working set levels off
    bool announcedUnreachable = false;
};

// Resident set size of this process, for the soak test's growth figure; -1 where /proc is absent.
double residentMegabytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stod(line.substr(6)) / 1024.0; // the kernel reports kB
        }
    }
    return -1;
}

bool tallyMatches(const DemoState &s) {
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        if (s.analytics.eventsByType[t] != s.producer.deliveredByType[t]) {
            return false;
        }
    }
    return s.analytics.totalRevenueCents() == s.producer.deliveredRevenueCents;
}

QJsonObject groupJson(const ConsumerStats &stats, std::uint64_t delivered) {
    QJsonObject json = consumerStatsJson(stats);
    json.insert(QStringLiteral("lost"), qint64(delivered) - qint64(stats.consumed));
    return json;
}

QJsonObject summaryJson(const DemoState &s, double seconds) {
    const auto delivered = s.producer.delivered;
    QJsonObject analytics = groupJson(s.analyticsStats, delivered);
    analytics.insert(QStringLiteral("aggregates"), analyticsJson(s.analytics));
    analytics.insert(QStringLiteral("matches_producer_tally"), tallyMatches(s));
    QJsonObject fraud = groupJson(s.fraudStats, delivered);
    fraud.insert(QStringLiteral("alerts"), qint64(s.alerts));
    fraud.insert(QStringLiteral("summary"), fraudJson(s.fraud));
    const auto worst = [&](double a, double b) { return std::max(a, b); };
    QJsonArray truth;
    for (const auto &entry : s.groundTruth) {
        truth.append(groundTruthJson(entry));
    }
    return QJsonObject{
        {QStringLiteral("duration_s"), seconds},
        {QStringLiteral("target_rate"), s.producer.targetRate},
        {QStringLiteral("produced"), qint64(s.producer.produced)},
        {QStringLiteral("delivered"), qint64(delivered)},
        {QStringLiteral("failed"), qint64(s.producer.failed)},
        {QStringLiteral("events_per_s"), seconds > 0 ? double(delivered) / seconds : 0.0},
        {QStringLiteral("alerts"), qint64(s.alerts)},
        {QStringLiteral("rejected"),
         qint64(std::max(s.analyticsStats.rejected, s.fraudStats.rejected))},
        {QStringLiteral("skipped"),
         qint64(std::max(s.analyticsStats.skipped, s.fraudStats.skipped))},
        {QStringLiteral("lost"),
         QJsonObject{{QStringLiteral("analytics"), analytics.value(QStringLiteral("lost"))},
                     {QStringLiteral("fraud"), fraud.value(QStringLiteral("lost"))}}},
        {QStringLiteral("latency_ms"),
         QJsonObject{{QStringLiteral("p50"),
                      worst(s.analyticsStats.latencyP50Ms, s.fraudStats.latencyP50Ms)},
                     {QStringLiteral("p99"),
                      worst(s.analyticsStats.latencyP99Ms, s.fraudStats.latencyP99Ms)}}},
        {QStringLiteral("rss_mb"),
         QJsonObject{
             {QStringLiteral("start"), s.rssStartMb},
             {QStringLiteral("end"), s.rssEndMb},
             {QStringLiteral("per_minute"), s.rssPerMinute},
             {QStringLiteral("growth_pct"),
              s.rssStartMb > 0 ? (s.rssEndMb - s.rssStartMb) * 100.0 / s.rssStartMb : 0.0}}},
        {QStringLiteral("analytics"), analytics},
        {QStringLiteral("fraud"), fraud},
        {QStringLiteral("sample_alerts"), s.sampleAlerts},
        {QStringLiteral("ground_truth"), truth},
        {QStringLiteral("quality"),
         qualityJson(evaluateFraudQuality(s.groundTruth, s.allAlerts, s.fraudStats.applied))},
    };
}

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
    ThresholdOptions thresholds;
    thresholds.addTo(parser);
    parser.addOption(duration);
    parser.addOption(partitions);
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
    const double seconds = positiveNumber(parser, duration);
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
    // than the first join's delay. Phase 1: traffic for `seconds`. Phase 2: drain until both groups
    // consumed everything delivered, or until nothing moved for a while (then `lost` says what is
    // missing).
    QElapsedTimer clock;
    bool draining = false;
    qint64 trafficMs = 0;
    bool sprinkleStopped = false;
    std::uint64_t stoppedSprinkleAt = 0; // stats from after the stop, not before
    const auto startTraffic = [&] {
        if (!clock.isValid()) {
            clock.start();
            pipeline.startTraffic();
            simulator.startScenarios(pipeline);
        }
    };
    QObject::connect(&pipeline, &Pipeline::consumersReady, startTraffic);
    QTimer::singleShot(15'000, startTraffic); // a slow cluster: start anyway
    std::uint64_t lastProgress = 0;
    QElapsedTimer sinceProgress;
    QTimer monitor;
    QObject::connect(&monitor, &QTimer::timeout, [&] {
        if (!clock.isValid()) {
            return;
        }
        if (state.rssStartMb < 0 &&
            (clock.elapsed() >= 60'000 || clock.elapsed() >= qint64(seconds * 1000))) {
            state.rssStartMb = residentMegabytes();
        }
        if (clock.elapsed() >= (state.rssPerMinute.size() + 1) * 60'000) {
            state.rssPerMinute.append(residentMegabytes());
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
            sinceProgress.start();
        }
        if (!draining) {
            return;
        }
        const auto &p = state.producer;
        const bool acknowledged = p.state != "running" && p.delivered + p.failed >= p.produced;
        const bool consumed = state.analyticsStats.consumed >= p.delivered &&
                              state.fraudStats.consumed >= p.delivered;
        if (acknowledged && consumed) {
            QCoreApplication::quit();
            return;
        }
        const auto progress =
            p.delivered + state.analyticsStats.consumed + state.fraudStats.consumed;
        if (progress != lastProgress) {
            lastProgress = progress;
            sinceProgress.restart();
        } else if (sinceProgress.elapsed() > 15'000) {
            printErr(QStringLiteral("trackboard demo: no progress for 15 s while draining\n"));
            QCoreApplication::quit();
        }
    });
    monitor.start(100);
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    const double trafficSeconds =
        double(draining ? trafficMs : (clock.isValid() ? clock.elapsed() : 0)) / 1000.0;
    state.rssEndMb = residentMegabytes();
    if (state.rssStartMb < 0) {
        state.rssStartMb = state.rssEndMb;
    }
    pipeline.shutdown(2500);

    const QJsonObject summary = summaryJson(state, trafficSeconds);
    if (json) {
        printOut(jsonLine(summary));
    } else {
        printOut(analyticsReportText(state.analytics, state.analyticsStats));
        printOut(producerReportText(state.producer, QString::fromStdString(options.kafka.topic)));
        printOut(QStringLiteral("Lost: analytics %1, fraud %2 | alerts %3\n")
                     .arg(summary[QStringLiteral("lost")][QStringLiteral("analytics")].toInteger())
                     .arg(summary[QStringLiteral("lost")][QStringLiteral("fraud")].toInteger())
                     .arg(state.alerts));
    }
    const auto lost = summary[QStringLiteral("lost")].toObject();
    if (exitCode == 0 && (lost[QStringLiteral("analytics")].toInteger() != 0 ||
                          lost[QStringLiteral("fraud")].toInteger() != 0)) {
        exitCode = 3;
    }
    return exitCode;
}

} // namespace trackboard
