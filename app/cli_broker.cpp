#include "cli_commands.h"
#include "cli_options.h"
#include "embedded_broker.h"
#include "signal_watcher.h"

#include <QCoreApplication>

#include <cstdio>

namespace trackboard {

void printOut(const QString &text) {
    printOut(text.toUtf8());
}

void printOut(const QByteArray &bytes) {
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int runBrokerCommand(const QStringList &args) {
    QCommandLineParser parser;
    const QCommandLineOption topic(QStringLiteral("topic"),
                                   QStringLiteral("Topic to create (default: user-activities)."),
                                   QStringLiteral("name"), QString::fromLatin1(kDefaultTopic));
    const QCommandLineOption partitions(QStringLiteral("partitions"),
                                        QStringLiteral("Partitions of the topic (default: 6)."),
                                        QStringLiteral("n"), QString::number(kDefaultPartitions));
    parser.addOption(topic);
    parser.addOption(partitions);
    processSubcommand(parser, QStringLiteral("broker"),
                      QStringLiteral("Runs the embedded Kafka broker alone on 127.0.0.1 until "
                                     "Ctrl-C or SIGTERM. Prints BROKERS=HOST:PORT for other "
                                     "clients (trackboard produce/analytics/fraud, kcat)."),
                      args);
    const int partitionCount = int(positiveNumber(parser, partitions));

    std::string error;
    auto broker = EmbeddedBroker::start(1, error);
    if (!broker || !broker->createTopic(parser.value(topic).toStdString(), partitionCount, error)) {
        printErr(QStringLiteral("trackboard broker: %1\n").arg(QString::fromStdString(error)));
        return 1;
    }
    printOut(
        QStringLiteral("BROKERS=%1\n").arg(QString::fromStdString(broker->bootstrapServers())));
    printErr(QStringLiteral("Embedded Kafka broker ready: topic %1 with %2 partitions. "
                            "Stop with Ctrl-C.\n")
                 .arg(parser.value(topic))
                 .arg(partitionCount));
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    const int code = QCoreApplication::exec();
    printErr(QStringLiteral("Embedded Kafka broker stopped.\n"));
    return code;
}

} // namespace trackboard
