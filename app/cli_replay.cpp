// `trackboard replay`: produces a recording (JSON Lines, as `trackboard record` writes) back
// into Kafka.
#include "cli_commands.h"
#include "cli_options.h"
#include "embedded_broker.h"
#include "replay_session.h"
#include "report_format.h"
#include "signal_watcher.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>
#include <QTimer>

namespace trackboard {

namespace {

QJsonObject summaryJson(const ReplaySession::Summary &s, const QString &path) {
    QJsonArray invalidLines;
    for (const auto line : s.firstInvalidLines) {
        invalidLines.append(qint64(line));
    }
    return {
        {QStringLiteral("file"), path},
        {QStringLiteral("lines"), qint64(s.lines)},
        {QStringLiteral("valid"), qint64(s.valid)},
        {QStringLiteral("empty"), qint64(s.empty)},
        {QStringLiteral("invalid"), qint64(s.invalid)},
        {QStringLiteral("invalid_lines"), invalidLines},
        {QStringLiteral("produced"), qint64(s.produced)},
        {QStringLiteral("delivered"), qint64(s.delivered)},
        {QStringLiteral("failed"), qint64(s.failed)},
        {QStringLiteral("undelivered"), qint64(s.undelivered)},
        {QStringLiteral("interrupted"), s.interrupted},
        {QStringLiteral("elapsed_s"), s.elapsedSeconds},
        {QStringLiteral("last_error"), QString::fromStdString(s.lastKafkaError)},
    };
}

QString summaryText(const ReplaySession::Summary &s, const QString &path) {
    QString out = QStringLiteral("Replayed %1%2: %3 lines, %4 valid, %5 invalid, %6 empty\n")
                      .arg(path, s.interrupted ? QStringLiteral(" (interrupted)") : QString())
                      .arg(s.lines)
                      .arg(s.valid)
                      .arg(s.invalid)
                      .arg(s.empty);
    out += QStringLiteral("Produced %1 | delivered %2 | failed %3 | undelivered %4 | %5 s\n")
               .arg(s.produced)
               .arg(s.delivered)
               .arg(s.failed)
               .arg(s.undelivered)
               .arg(s.elapsedSeconds, 0, 'f', 2);
    if (!s.firstInvalidLines.empty()) {
        QStringList numbers;
        for (const auto line : s.firstInvalidLines) {
            numbers.append(QString::number(line));
        }
        out += QStringLiteral("Invalid lines%1: %2\n")
                   .arg(s.invalid > s.firstInvalidLines.size() ? QStringLiteral(" (first 20)")
                                                               : QString(),
                        numbers.join(QStringLiteral(", ")));
    }
    if (s.failed + s.undelivered > 0 && !s.lastKafkaError.empty()) {
        out += QStringLiteral("Last error: %1\n").arg(QString::fromStdString(s.lastKafkaError));
    }
    return out;
}

} // namespace

int runReplayCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    common.addTo(parser);
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Replay at this multiple of the recorded pace, "
                                                  "from the events' timestamps (default: 1)."),
                                   QStringLiteral("x"), QStringLiteral("1"));
    const QCommandLineOption fast(QStringLiteral("as-fast-as-possible"),
                                  QStringLiteral("Ignore the timestamps and produce as fast as "
                                                 "Kafka takes the events."));
    parser.addOption(speed);
    parser.addOption(fast);
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("JSON Lines recording, one event per line."));
    processSubcommand(parser, QStringLiteral("replay"),
                      QStringLiteral("Produces a recording back into Kafka, keyed by user_id, "
                                     "each line's bytes unchanged. Lines the strict decoder "
                                     "refuses are reported with their number and skipped; empty "
                                     "lines are skipped silently. Waits up to 30 s for delivery "
                                     "reports. Exits 0 when every valid line was delivered. "
                                     "Without --brokers it starts the embedded broker and prints "
                                     "BROKERS=HOST:PORT."),
                      args);
    KafkaSettings kafka;
    QString error;
    if (!common.read(parser, kafka, error)) {
        printErr(QStringLiteral("trackboard replay: %1\n").arg(error));
        return 2;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printErr(QStringLiteral("trackboard replay: expects one FILE to replay, got %1.\nTry "
                                "'trackboard replay --help'.\n")
                     .arg(files.size()));
        return 2;
    }
    if (parser.isSet(speed) && parser.isSet(fast)) {
        printErr(QStringLiteral("trackboard replay: --speed and --as-fast-as-possible exclude "
                                "each other.\n"));
        return 2;
    }
    ReplaySession::Options options;
    options.path = files.constFirst();
    options.topic = kafka.topic;
    options.speed = positiveNumber(parser, speed);
    options.asFastAsPossible = parser.isSet(fast);
    const bool json = parser.isSet(common.json);

    std::unique_ptr<EmbeddedBroker> broker; // declared first: it must outlive the producer
    ReplaySession session(options);
    if (!session.openFile(error)) {
        printErr(QStringLiteral("trackboard replay: %1\n").arg(error));
        return 1;
    }
    if (kafka.brokers.empty()) {
        std::string why;
        broker = EmbeddedBroker::start(1, why);
        if (!broker || !broker->createTopic(kafka.topic, kafka.partitions, why)) {
            printErr(QStringLiteral("trackboard replay: could not start the embedded Kafka "
                                    "broker: %1\n")
                         .arg(QString::fromStdString(why)));
            return 1;
        }
        kafka.brokers = broker->bootstrapServers();
        printOut(QStringLiteral("BROKERS=%1\n").arg(QString::fromStdString(kafka.brokers)));
    }
    if (!session.openProducer(kafka, error)) {
        printErr(QStringLiteral("trackboard replay: %1\n").arg(error));
        return 1;
    }

    QObject::connect(&session, &ReplaySession::lineRejected,
                     [](quint64 line, const QString &reason) {
                         printErr(QStringLiteral("line %1: %2\n").arg(line).arg(reason));
                     });
    QObject::connect(&session, &ReplaySession::finished, qApp, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    QTimer progress;
    QObject::connect(&progress, &QTimer::timeout, [&] {
        const auto s = session.summary();
        printErr(QStringLiteral("Replaying %1: line %2 | produced %3 | delivered %4 | invalid %5\n")
                     .arg(options.path)
                     .arg(s.lines)
                     .arg(s.produced)
                     .arg(s.delivered)
                     .arg(s.invalid));
    });
    progress.start(1000);
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, &session,
                     &ReplaySession::interrupt);
    session.start();
    QCoreApplication::exec();
    progress.stop();

    const auto s = session.summary();
    if (!s.readError.isEmpty()) {
        printErr(QStringLiteral("trackboard replay: reading %1 failed: %2\n")
                     .arg(options.path, s.readError));
    }
    printOut(json ? jsonLine(summaryJson(s, options.path)) : summaryText(s, options.path).toUtf8());
    return s.complete() ? 0 : 1;
}

} // namespace trackboard
