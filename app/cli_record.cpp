// `trackboard record`: saves the activity topic as JSON Lines, one message value per line, for
// `trackboard replay` or any other tool.
#include "cli_commands.h"
#include "cli_options.h"
#include "kafka_consumer.h"
#include "report_format.h"
#include "signal_watcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace trackboard {

namespace {

constexpr int kPollTimeoutMs = 20;

// The recording goes to FILE.partial and becomes FILE only once it is complete and on disk, so
// FILE is never a torn recording; a failed run leaves FILE.partial for inspection.
class RecordingFile {
public:
    explicit RecordingFile(const QString &path)
        : path_(path)
        , partial_(path + QStringLiteral(".partial")) {}

    QString partialPath() const { return partial_.fileName(); }
    const QString &error() const { return error_; }

    bool open() {
        // Unbuffered: each batch is one write(), and a full disk shows up at that write
        // rather than at some later flush.
        if (!partial_.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
            error_ = partial_.errorString();
            return false;
        }
        return true;
    }

    bool append(const std::string &chunk) {
        // QFile reports a short write without an error; writing the rest once more fails with
        // the reason (a full disk) in errorString().
        qint64 done = 0;
        while (done < qint64(chunk.size())) {
            const qint64 n = partial_.write(chunk.data() + done, qint64(chunk.size()) - done);
            if (n <= 0) {
                error_ = partial_.errorString();
                return false;
            }
            done += n;
        }
        return true;
    }

    // Makes the data durable, then renames FILE.partial to FILE (replacing an old FILE).
    bool finish() {
        if (::fsync(partial_.handle()) != 0) {
            error_ = QString::fromLocal8Bit(std::strerror(errno));
            return false;
        }
        partial_.close();
        if (::rename(QFile::encodeName(partial_.fileName()).constData(),
                     QFile::encodeName(path_).constData()) != 0) {
            error_ = QStringLiteral("rename to %1: %2")
                         .arg(path_, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        return true;
    }

private:
    QString path_;
    QFile partial_;
    QString error_;
};

// Appends `message` as one line. A value with raw line breaks is not valid JSON anyway; blanking
// them keeps one message per line, which is all a JSON Lines reader relies on.
void appendLine(std::string &chunk, const rd_kafka_message_t &message) {
    const auto start = chunk.size();
    chunk.append(static_cast<const char *>(message.payload), message.len);
    for (auto i = start; i < chunk.size(); ++i) {
        if (chunk[i] == '\n' || chunk[i] == '\r') {
            chunk[i] = ' ';
        }
    }
    chunk.push_back('\n');
}

} // namespace

int runRecordCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    common.addTo(parser);
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Write the recording to this file (required). It "
                                                "is written as FILE.partial and renamed when "
                                                "complete."),
                                 QStringLiteral("file"));
    const QCommandLineOption group(
        QStringLiteral("group"), QStringLiteral("Consumer group id (default: trackboard-record)."),
        QStringLiteral("id"), QStringLiteral("trackboard-record"));
    const QCommandLineOption fromBeginning(
        QStringLiteral("from-beginning"),
        QStringLiteral("Record the topic from its first event instead of the group's committed "
                       "offsets."));
    const QCommandLineOption maxEvents(QStringLiteral("max-events"),
                                       QStringLiteral("Stop after N events."), QStringLiteral("n"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Stop after this many seconds."),
                                      QStringLiteral("seconds"));
    for (const auto *option : {&out, &group, &fromBeginning, &maxEvents, &duration}) {
        parser.addOption(*option);
    }
    processSubcommand(parser, QStringLiteral("record"),
                      QStringLiteral("Saves the activity topic as JSON Lines: one message value "
                                     "per line, in consumption order, byte for byte (line breaks "
                                     "inside a value become spaces). Stops at --max-events, "
                                     "--duration or Ctrl-C, then commits the group's offsets. "
                                     "Replay the file with `trackboard replay`."),
                      args);
    KafkaConsumer::Options options;
    QString error;
    if (!common.read(parser, options.kafka, error)) {
        printErr(QStringLiteral("trackboard record: %1\n").arg(error));
        return 2;
    }
    if (options.kafka.brokers.empty()) {
        printErr(QStringLiteral("trackboard record: no broker given. Start one with `trackboard "
                                "broker` and pass its address with --brokers HOST:PORT, or set "
                                "TRACKBOARD_BROKERS.\n"));
        return 2;
    }
    if (parser.value(out).isEmpty()) {
        printErr(QStringLiteral("trackboard record: --out FILE is required.\n"));
        return 2;
    }
    options.groupId = parser.value(group).toStdString();
    options.fromBeginning = parser.isSet(fromBeginning);
    const std::uint64_t limit =
        parser.isSet(maxEvents) ? std::uint64_t(positiveNumber(parser, maxEvents)) : 0;
    const double seconds = parser.isSet(duration) ? positiveNumber(parser, duration) : 0;
    const bool json = parser.isSet(common.json);
    const QString path = parser.value(out);

    RecordingFile file(path);
    if (!file.open()) {
        printErr(QStringLiteral("trackboard record: cannot write %1: %2\n")
                     .arg(file.partialPath(), file.error()));
        return 1;
    }
    KafkaConsumer consumer;
    std::string why;
    if (!consumer.open(options, why)) {
        printErr(
            QStringLiteral("trackboard record: consumer: %1\n").arg(QString::fromStdString(why)));
        return 1;
    }

    std::uint64_t written = 0;
    std::uint64_t bytes = 0;
    bool writeFailed = false;
    std::vector<KafkaMessage> batch;
    std::string chunk;
    QTimer pollTimer;
    // Runs whenever the event loop is idle; the poll blocks for at most kPollTimeoutMs, so
    // signals and timers are still served promptly.
    QObject::connect(&pollTimer, &QTimer::timeout, [&] {
        consumer.poll(kPollTimeoutMs, batch);
        chunk.clear();
        std::size_t take = batch.size();
        if (limit > 0) {
            take = std::min<std::size_t>(take, std::size_t(limit - written));
        }
        for (std::size_t i = 0; i < take; ++i) {
            appendLine(chunk, *batch[i]);
        }
        if (!file.append(chunk)) {
            batch.clear();
            writeFailed = true;
            pollTimer.stop();
            QCoreApplication::quit();
            return;
        }
        // Only what reached the file is marked for commit; the rest of the batch is read again
        // by the next recording of this group.
        for (std::size_t i = 0; i < take; ++i) {
            consumer.storeOffset(*batch[i]);
        }
        written += take;
        bytes += chunk.size();
        // A message keeps its partition alive; the consumer cannot close while any is held.
        batch.clear();
        if (limit > 0 && written >= limit) {
            pollTimer.stop();
            QCoreApplication::quit();
        }
    });
    pollTimer.start(0);

    QElapsedTimer clock;
    clock.start();
    std::uint64_t lastWritten = 0;
    qint64 lastReportMs = 0;
    QTimer progress;
    QObject::connect(&progress, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        const double rate = double(written - lastWritten) * 1000.0 / double(now - lastReportMs);
        const bool stalled = written == lastWritten;
        lastWritten = written;
        lastReportMs = now;
        QString line = QStringLiteral("Recording to %1: %2 events (%3/s)")
                           .arg(file.partialPath())
                           .arg(written)
                           .arg(rate, 0, 'f', 0);
        if (!consumer.hasJoined()) {
            line += QStringLiteral(" | joining group %1").arg(parser.value(group));
        }
        // librdkafka keeps retrying on its own; the last error only explains a stall.
        if (stalled && !consumer.lastError().empty()) {
            line += QStringLiteral(" | %1").arg(QString::fromStdString(consumer.lastError()));
        }
        printErr(line + QLatin1Char('\n'));
    });
    progress.start(1000);
    if (seconds > 0) {
        QTimer::singleShot(int(seconds * 1000), qApp, &QCoreApplication::quit);
    }
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    pollTimer.stop();
    progress.stop();

    if (writeFailed || !file.finish()) {
        // The group does not move: a new recording starts where this one started.
        consumer.close();
        printErr(QStringLiteral("trackboard record: writing %1 failed: %2. It holds the first %3 "
                                "events (its last line may be cut short); offsets not "
                                "committed.\n")
                     .arg(file.partialPath(), file.error())
                     .arg(written));
        return 1;
    }
    const bool committed = consumer.commit(why);
    if (!committed) {
        printErr(QStringLiteral("trackboard record: %1 is complete, but committing the group's "
                                "offsets failed: %2\n")
                     .arg(path, QString::fromStdString(why)));
    }
    consumer.close();
    const double elapsed = double(clock.elapsed()) / 1000.0;
    if (json) {
        printOut(jsonLine(QJsonObject{{QStringLiteral("written"), qint64(written)},
                                      {QStringLiteral("bytes"), qint64(bytes)},
                                      {QStringLiteral("file"), path},
                                      {QStringLiteral("committed"), committed},
                                      {QStringLiteral("elapsed_s"), elapsed}}));
    } else {
        printOut(QStringLiteral("Recorded %1 events (%2 bytes) to %3 in %4 s.\n")
                     .arg(written)
                     .arg(bytes)
                     .arg(path)
                     .arg(elapsed, 0, 'f', 1));
    }
    return 0;
}

} // namespace trackboard
