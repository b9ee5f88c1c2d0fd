#include "cli_commands.h"
#include "cli_options.h"
#include "cluster_health_reporter.h"
#include "connection_refusal.h"
#include "pipeline.h"
#include "report_format.h"
#include "signal_watcher.h"
#include "simulator_options.h"

#include <QCoreApplication>
#include <QTimer>

namespace trackboard {

int runProduceCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    common.addTo(parser);
    SimulatorCliOptions simulator(10);
    simulator.addTo(parser);
    const QCommandLineOption count(QStringLiteral("count"),
                                   QStringLiteral("Stop after N events (default: run until "
                                                  "Ctrl-C)."),
                                   QStringLiteral("n"));
    const QCommandLineOption clock(QStringLiteral("clock"),
                                   QStringLiteral("Timestamps from the 'wall' clock (default) or a "
                                                  "'virtual' one starting 2026-01-01T00:00:00Z."),
                                   QStringLiteral("wall|virtual"), QStringLiteral("wall"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("With --count: give up after this many seconds, report what is still "
                       "buffered and exit non-zero (default: wait until every event is "
                       "delivered)."),
        QStringLiteral("seconds"));
    parser.addOption(count);
    parser.addOption(clock);
    parser.addOption(timeout);
    processSubcommand(parser, QStringLiteral("produce"),
                      QStringLiteral("Simulates shoppers and produces their activity to Kafka, "
                                     "keyed by user_id. Without --brokers it starts the embedded "
                                     "broker and prints BROKERS=HOST:PORT."),
                      args);
    Pipeline::Options options;
    QString error;
    if (!common.read(parser, options.kafka, error)) {
        printErr(QStringLiteral("trackboard produce: %1\n").arg(error));
        return 2;
    }
    if (parser.value(clock) != QLatin1String("wall") &&
        parser.value(clock) != QLatin1String("virtual")) {
        printErr(QStringLiteral("trackboard produce: --clock expects wall or virtual\n"));
        return 2;
    }
    if (!simulator.read(parser, options, error)) {
        printErr(QStringLiteral("trackboard produce: %1\n").arg(error));
        return 2;
    }
    options.maxProduce = parser.isSet(count) ? std::uint64_t(positiveNumber(parser, count)) : 0;
    options.virtualClock = parser.value(clock) == QLatin1String("virtual");
    options.runAnalytics = false;
    options.runFraud = false;
    options.snapshotIntervalMs = 250;
    const bool json = parser.isSet(common.json);

    Pipeline pipeline(options);
    if (!pipeline.start(error)) {
        printErr(QStringLiteral("trackboard produce: %1\n").arg(error));
        return 1;
    }
    if (pipeline.usesEmbeddedBroker()) {
        printOut(QStringLiteral("BROKERS=%1\n").arg(pipeline.bootstrapServers()));
    }
    ProducerStats latest;
    ClusterHealthReporter health(pipeline, QStringLiteral("produce"));
    const auto statsJson = [&] {
        QJsonObject doc = producerStatsJson(latest);
        doc.insert(QStringLiteral("cluster"), clusterHealthJson(health.latest()));
        return jsonLine(doc);
    };
    int exitCode = 0;
    QObject::connect(&pipeline, &Pipeline::producerStats,
                     [&](const ProducerStats &s) { latest = s; });
    QObject::connect(&pipeline, &Pipeline::failed, [&](const QString &message) {
        printErr(QStringLiteral("trackboard produce: %1\n").arg(message));
        exitCode = isRefusedConnectionMessage(message.toStdString()) ? kExitRefused : kExitFailure;
        QCoreApplication::quit();
    });
    bool timedOut = false;
    if (parser.isSet(timeout)) {
        QTimer::singleShot(int(positiveNumber(parser, timeout) * 1000), qApp, [&] {
            timedOut = true;
            QCoreApplication::quit();
        });
    }
    QObject::connect(&pipeline, &Pipeline::producerFinished, [&](const ProducerStats &s) {
        latest = s;
        exitCode = s.failed > 0 ? 1 : 0;
        QCoreApplication::quit();
    });
    const QString topicName = parser.value(common.topic);
    QTimer report;
    QObject::connect(&report, &QTimer::timeout, [&] {
        printOut(json ? statsJson() : producerReportText(latest, topicName).toUtf8());
    });
    report.start(1000);
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    QObject::connect(
        &pipeline, &Pipeline::scenarioInjected, [&](const std::vector<GroundTruth> &entries) {
            for (const auto &entry : entries) {
                printErr(QStringLiteral("🎯 Injected %1 on %2\n")
                             .arg(QString::fromLatin1(scenarioName(entry.scenario).data()),
                                  QString::fromStdString(entry.userId)));
            }
        });
    pipeline.startTraffic();
    simulator.startScenarios(pipeline);
    QCoreApplication::exec();

    pipeline.shutdown(2500);
    QCoreApplication::processEvents(); // the producer's last stats, sent while it flushed
    printOut(json ? statsJson() : producerReportText(latest, topicName).toUtf8());
    if (timedOut) {
        const bool reached = health.latest().known || latest.delivered > 0;
        printErr(QStringLiteral("trackboard produce: --timeout reached: %1 of %2 events "
                                "delivered, %3 still buffered%4\n")
                     .arg(latest.delivered)
                     .arg(latest.produced)
                     .arg(pipeline.unflushedAtShutdown())
                     .arg(reached ? QString()
                                  : QStringLiteral("; never reached Kafka at %1")
                                        .arg(pipeline.bootstrapServers())));
        return reached ? kExitFailure : kExitUnreachable;
    }
    return exitCode;
}

} // namespace trackboard
