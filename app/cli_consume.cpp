// `trackboard analytics` and `trackboard fraud`: the demo guide's first two terminals.
#include "alert_deduplicator.h"
#include "cli_commands.h"
#include "cli_options.h"
#include "cluster_health_reporter.h"
#include "connection_refusal.h"
#include "metric_definitions_options.h"
#include "pipeline.h"
#include "report_format.h"
#include "signal_watcher.h"
#include "threshold_options.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

namespace trackboard {

namespace {

struct ConsumerCli {
    QCommandLineParser parser;
    CommonCliOptions common;
    QCommandLineOption group{QStringLiteral("group"), QStringLiteral("Consumer group id."),
                             QStringLiteral("id")};
    QCommandLineOption fromBeginning{QStringLiteral("from-beginning"),
                                     QStringLiteral("Read the topic from its first event instead "
                                                    "of the group's committed offsets.")};
    QCommandLineOption maxEvents{QStringLiteral("max-events"),
                                 QStringLiteral("Exit after N messages."), QStringLiteral("n")};
    QCommandLineOption duration{QStringLiteral("duration"),
                                QStringLiteral("Exit after this many seconds."),
                                QStringLiteral("seconds")};
    QCommandLineOption interval{QStringLiteral("interval"),
                                QStringLiteral("Seconds between reports (default: 5)."),
                                QStringLiteral("seconds"), QStringLiteral("5")};
    QCommandLineOption noDecodeAhead{
        QStringLiteral("no-decode-ahead"),
        QStringLiteral("Decode every message on the worker's thread, instead of handing a "
                       "backlog's large batches to a helper thread.")};
    Pipeline::Options options;
    std::unique_ptr<ClusterHealthReporter> health;
    bool json = false;
    std::function<void(QCommandLineParser &)> addExtraOptions; // a command's own options

    // Returns 0 when the command may run, or the exit code to leave with.
    int parse(const QStringList &args, const QString &name, const QString &summary,
              const std::string &defaultGroup) {
        common.addTo(parser);
        group.setDefaultValue(QString::fromStdString(defaultGroup));
        for (const auto *option :
             {&group, &fromBeginning, &maxEvents, &duration, &interval, &noDecodeAhead}) {
            parser.addOption(*option);
        }
        if (addExtraOptions) {
            addExtraOptions(parser);
        }
        processSubcommand(parser, name, summary, args);
        QString error;
        if (!common.read(parser, options.kafka, error)) {
            printErr(QStringLiteral("trackboard %1: %2\n").arg(name, error));
            return 2;
        }
        if (options.kafka.brokers.empty()) {
            printErr(QStringLiteral("trackboard %1: no broker given. Start one with "
                                    "`trackboard broker` and pass its address with --brokers "
                                    "HOST:PORT, or set TRACKBOARD_BROKERS.\n")
                         .arg(name));
            return 2;
        }
        options.runProducer = false;
        options.fromBeginning = parser.isSet(fromBeginning);
        options.decodeAhead = !parser.isSet(noDecodeAhead);
        options.maxConsume =
            parser.isSet(maxEvents) ? std::uint64_t(positiveNumber(parser, maxEvents)) : 0;
        json = parser.isSet(common.json);
        // A report shows the latest snapshot, so snapshots need not come much more often than
        // reports: at 96 partitions merging one costs more than a tenth of the events' own
        // work at the dashboard's 10 a second (docs/performance.md).
        options.snapshotIntervalMs =
            std::clamp(int(positiveNumber(parser, interval) * 500), 100, 1000);
        return 0;
    }

    // Runs the event loop until --max-events, --duration, Ctrl-C or a failure.
    // Returns the exit code (docs/cli.md); the final report is worth printing for 0 and for
    // kExitUnreachable, where it shows the state and the last error.
    int run(Pipeline &pipeline, const QString &name, const std::function<void()> &report) {
        QString error;
        if (!pipeline.start(error)) {
            printErr(QStringLiteral("trackboard %1: %2\n").arg(name, error));
            return 1;
        }
        health = std::make_unique<ClusterHealthReporter>(pipeline, name);
        int exitCode = 0;
        QObject::connect(&pipeline, &Pipeline::failed, [&](const QString &message) {
            printErr(QStringLiteral("trackboard %1: %2\n").arg(name, message));
            exitCode =
                isRefusedConnectionMessage(message.toStdString()) ? kExitRefused : kExitFailure;
            QCoreApplication::quit();
        });
        QObject::connect(&pipeline, &Pipeline::consumerFinished, qApp, &QCoreApplication::quit,
                         Qt::QueuedConnection);
        QTimer reportTimer;
        QObject::connect(&reportTimer, &QTimer::timeout, report);
        reportTimer.start(int(positiveNumber(parser, interval) * 1000));
        if (parser.isSet(duration)) {
            // Precise: a coarse timer may fire 5 % early, and --duration is a promise.
            QTimer::singleShot(int(positiveNumber(parser, duration) * 1000), Qt::PreciseTimer, qApp,
                               &QCoreApplication::quit);
        }
        SignalWatcher stopSignals;
        QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                         &QCoreApplication::quit);
        QCoreApplication::exec();
        pipeline.shutdown(2500);
        QCoreApplication::processEvents(); // deliver the last snapshots sent while closing
        if (exitCode == 0 && !health->latest().known) {
            printErr(QStringLiteral("trackboard %1: never reached Kafka at %2\n")
                         .arg(name, QString::fromStdString(options.kafka.brokers)));
            return kExitUnreachable;
        }
        return exitCode;
    }
};

QJsonObject analyticsDocument(const AnalyticsSnapshot &snapshot, const ConsumerStats &stats,
                              const ClusterHealth &cluster) {
    QJsonObject doc = analyticsJson(snapshot);
    const QJsonObject pipeline = consumerStatsJson(stats);
    for (const char *key :
         {"consumed", "rejected", "skipped", "duplicates", "events_per_s", "thread_cpu_s",
          "cpu_us_per_event", "decoded_ahead", "held_messages", "held_partitions",
          "partition_pauses", "lag", "latency_ms", "rejected_by_reason"}) {
        doc.insert(QLatin1String(key), pipeline.value(QLatin1String(key)));
    }
    doc.insert(QStringLiteral("late"), qint64(stats.late));
    doc.insert(QStringLiteral("checkpoints"),
               QJsonObject{{QStringLiteral("written"), qint64(stats.checkpointsWritten)},
                           {QStringLiteral("bytes"), qint64(stats.checkpointBytes)},
                           {QStringLiteral("deferred"), qint64(stats.checkpointsDeferred)}});
    doc.insert(QStringLiteral("process_s"), processAgeSeconds());
    doc.insert(QStringLiteral("group"), pipeline.value(QStringLiteral("group")));
    doc.insert(QStringLiteral("state"), pipeline.value(QStringLiteral("state")));
    doc.insert(QStringLiteral("last_error"), pipeline.value(QStringLiteral("last_error")));
    doc.insert(QStringLiteral("cluster"), clusterHealthJson(cluster));
    return doc;
}

} // namespace

int runAnalyticsCommand(const QStringList &args) {
    ConsumerCli cli;
    const QCommandLineOption allowedLateness(
        QStringLiteral("allowed-lateness"),
        QStringLiteral("Seconds an event may lag behind the latest event time of its own "
                       "partition and still land in its window (default: 30, at most 3600). "
                       "Later events are counted as late. See docs/analytics.md."),
        QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption stateTopic(
        QStringLiteral("state-topic"),
        QStringLiteral("Compacted topic this worker checkpoints its partitions' state to, and "
                       "reads the other workers' from, for the merged report (default: "
                       "trackboard-analytics-state). See docs/scaling.md."),
        QStringLiteral("name"), QString::fromLatin1(AnalyticsWorker::kDefaultStateTopic));
    const QCommandLineOption checkpointInterval(
        QStringLiteral("checkpoint-interval"),
        QStringLiteral("Seconds between checkpoints of each owned partition (default: 1). A "
                       "partition reading a backlog, or whose state has grown larger than what "
                       "is read of it in between, waits longer, up to 30 s. 0 turns "
                       "checkpoints off: the report then covers this worker's partitions only, "
                       "and a restart rebuilds by re-reading the last hour."),
        QStringLiteral("seconds"), QStringLiteral("1"));
    MetricDefinitionsOptions metrics;
    cli.addExtraOptions = [&](QCommandLineParser &parser) {
        parser.addOption(allowedLateness);
        parser.addOption(stateTopic);
        parser.addOption(checkpointInterval);
        metrics.addTo(parser);
    };
    if (const int code = cli.parse(
            args, QStringLiteral("analytics"),
            QStringLiteral("Consumes the activity topic in its own consumer group and prints the "
                           "analytics report: event types, revenue, conversion funnel, top "
                           "pages, users, products, geography and devices, for all time and the "
                           "last 1, 5, 15 and 60 minutes of event time, and pipeline health."),
            AnalyticsWorker::kDefaultGroup)) {
        return code;
    }
    bool latenessOk = false;
    const double lateness = cli.parser.value(allowedLateness).toDouble(&latenessOk);
    if (!latenessOk || lateness < 0 || lateness > 3600) {
        printErr(QStringLiteral("trackboard analytics: --allowed-lateness expects seconds from 0 "
                                "to 3600, got '%1'\n")
                     .arg(cli.parser.value(allowedLateness)));
        return 2;
    }
    cli.options.analyticsSettings.allowedLatenessMs = std::int64_t(lateness * 1000);
    bool intervalOk = false;
    const double checkpointSeconds = cli.parser.value(checkpointInterval).toDouble(&intervalOk);
    if (!intervalOk || checkpointSeconds < 0 || checkpointSeconds > 3600) {
        printErr(QStringLiteral("trackboard analytics: --checkpoint-interval expects seconds "
                                "from 0 (off) to 3600, got '%1'\n")
                     .arg(cli.parser.value(checkpointInterval)));
        return 2;
    }
    cli.options.analyticsState.checkpointIntervalMs = int(checkpointSeconds * 1000);
    cli.options.analyticsState.stateTopic = cli.parser.value(stateTopic).toStdString();
    cli.options.analyticsState.globalView = cli.options.analyticsState.checkpointIntervalMs > 0;
    QString metricsError;
    if (!metrics.read(cli.parser, cli.options.analyticsState.customMetrics, metricsError)) {
        printErr(QStringLiteral("trackboard analytics: --metrics: %1\n").arg(metricsError));
        return 2;
    }
    cli.options.runFraud = false;
    cli.options.analyticsGroup = cli.parser.value(cli.group).toStdString();
    Pipeline pipeline(cli.options);
    metrics.watch();
    QObject::connect(&metrics, &MetricDefinitionsOptions::definitionsChanged, &pipeline,
                     [&pipeline, &metrics](const MetricDefinitions &definitions) {
                         pipeline.setMetricDefinitions(definitions);
                         printErr(QStringLiteral("trackboard analytics: metrics reloaded from "
                                                 "%1 (%2 metrics)\n")
                                      .arg(metrics.file())
                                      .arg(definitions->metrics.size()));
                     });
    QObject::connect(&metrics, &MetricDefinitionsOptions::reloadFailed, [](const QString &why) {
        printErr(QStringLiteral("trackboard analytics: metrics reload failed: %1 (the previous "
                                "metrics stay)\n")
                     .arg(why));
    });
    AnalyticsSnapshot snapshot;
    ConsumerStats stats;
    QObject::connect(&pipeline, &Pipeline::analyticsSnapshot,
                     [&](const AnalyticsSnapshot &s, const ConsumerStats &c) {
                         snapshot = s;
                         stats = c;
                     });
    const auto report = [&] {
        printOut(cli.json
                     ? jsonLine(analyticsDocument(
                           snapshot, stats, cli.health ? cli.health->latest() : ClusterHealth{}))
                     : analyticsReportText(snapshot, stats).toUtf8());
    };
    const int code = cli.run(pipeline, QStringLiteral("analytics"), report);
    if (code == 0 || code == kExitUnreachable) {
        report();
    }
    return code;
}

int runFraudCommand(const QStringList &args) {
    ConsumerCli cli;
    ThresholdOptions thresholds;
    const QCommandLineOption alertsTopic(
        QStringLiteral("alerts-topic"),
        QStringLiteral("Topic the alerts are published to as JSON, keyed by user_id (default: "
                       "fraud-alerts). An empty name turns publishing off."),
        QStringLiteral("name"), QString::fromLatin1(FraudWorker::kDefaultAlertsTopic));
    cli.addExtraOptions = [&](QCommandLineParser &parser) {
        thresholds.addTo(parser);
        parser.addOption(alertsTopic);
    };
    // --print-config needs no broker: answer it before the broker check in parse().
    if (args.contains(QStringLiteral("--print-config"))) {
        QCommandLineParser parser;
        thresholds.addTo(parser);
        parser.addOption(alertsTopic);
        CommonCliOptions().addTo(parser);
        processSubcommand(parser, QStringLiteral("fraud"), QString(), args);
        FraudThresholds effective;
        QString error;
        if (!thresholds.read(parser, effective, error)) {
            printErr(QStringLiteral("trackboard fraud: %1\n").arg(error));
            return 2;
        }
        thresholds.printIfAsked(parser, effective);
        return 0;
    }
    if (const int code = cli.parse(
            args, QStringLiteral("fraud"),
            QStringLiteral("Consumes the activity topic in its own consumer group, runs the "
                           "fraud rules, prints each alert as it is raised and publishes it to "
                           "the alerts topic."),
            FraudWorker::kDefaultGroup)) {
        return code;
    }
    QString error;
    if (!thresholds.read(cli.parser, cli.options.thresholds, error)) {
        printErr(QStringLiteral("trackboard fraud: %1\n").arg(error));
        return 2;
    }
    cli.options.alertsTopic = cli.parser.value(alertsTopic).toStdString();
    cli.options.runAnalytics = false;
    cli.options.fraudGroup = cli.parser.value(cli.group).toStdString();
    Pipeline pipeline(cli.options);
    thresholds.watch();
    QObject::connect(&thresholds, &ThresholdOptions::thresholdsChanged, &pipeline,
                     [&pipeline](const FraudThresholds &t) {
                         pipeline.setThresholds(t);
                         printErr(QStringLiteral("trackboard fraud: thresholds reloaded\n"));
                     });
    QObject::connect(&thresholds, &ThresholdOptions::reloadFailed, [](const QString &message) {
        printErr(
            QStringLiteral("trackboard fraud: kept the previous thresholds: %1\n").arg(message));
    });
    FraudSnapshot latest;
    ConsumerStats stats;
    // A partition this process gets back after a rebalance is read again from its committed
    // offset: alerts already printed come again, with the same alert_id.
    AlertDeduplicator repeats;
    QObject::connect(
        &pipeline, &Pipeline::fraudSnapshot, [&](const FraudSnapshot &s, const ConsumerStats &c) {
            for (const Alert &alert : s.newAlerts) {
                if (!repeats.firstSeen(alert.alertId)) {
                    continue;
                }
                printOut(cli.json ? jsonLine(alertJson(alert)) : alertText(alert).toUtf8());
            }
            latest = s;
            stats = c;
        });
    const auto summary = [&](bool final) {
        if (cli.json) {
            if (final) {
                QJsonObject doc = fraudJson(latest);
                QJsonObject pipelineDoc = consumerStatsJson(stats);
                pipelineDoc.insert(QStringLiteral("process_s"), processAgeSeconds());
                doc.insert(QStringLiteral("pipeline"), pipelineDoc);
                doc.insert(QStringLiteral("cluster"), clusterHealthJson(cli.health->latest()));
                printOut(jsonLine(QJsonObject{{QStringLiteral("summary"), doc}}));
            }
            return;
        }
        printOut(
            QStringLiteral("🛡️  Fraud detection: %1 events checked | %2 alerts | %3 users "
                           "tracked | rejected %4 | lag %5\n")
                .arg(stats.consumed)
                .arg(latest.alertsTotal)
                .arg(latest.trackedUsers)
                .arg(stats.rejected)
                .arg(stats.lagMessages));
    };
    const int code = cli.run(pipeline, QStringLiteral("fraud"), [&] { summary(false); });
    if (code == 0 || code == kExitUnreachable) {
        summary(true);
    }
    return code;
}

} // namespace trackboard
