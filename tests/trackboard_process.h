#pragma once
// Helpers for tests that drive the `trackboard` executable as a script would: run a command,
// read its JSON, start `trackboard broker`, find a python3 with a given Kafka client and count
// what a topic holds.
#include "rdkafka_handles.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <memory>

namespace trackboard::test {

using namespace Qt::StringLiterals;

inline constexpr int kTimeoutMs = 30'000;

// A command line from string literals and QStrings alike.
template <typename... Args> QStringList argv(const Args &...args) {
    return {QAnyStringView(args).toString()...};
}

struct Run {
    bool finished = false; // exited normally within the timeout
    int exitCode = -1;
    QByteArray out, err;
};

inline QString trackboardBin() {
    return qEnvironmentVariable("TRACKBOARD_BIN");
}

// Started, not yet waited for, so that two commands can run side by side.
inline std::unique_ptr<QProcess> startTrackboard(const QStringList &args) {
    auto process = std::make_unique<QProcess>();
    process->start(trackboardBin(), args);
    process->closeWriteChannel();
    return process;
}

inline Run finish(QProcess &process, int timeoutMs = kTimeoutMs) {
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        run.err = "did not finish: " + process.errorString().toUtf8() +
                  "; stderr so far: " + process.readAllStandardError().right(2000);
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

inline Run runTrackboard(const QStringList &args, int timeoutMs = kTimeoutMs) {
    return finish(*startTrackboard(args), timeoutMs);
}

// Any other program, such as an independent Python client, run to its end.
inline Run runProgram(const QString &program, const QStringList &args, int timeoutMs = kTimeoutMs) {
    QProcess process;
    process.start(program, args);
    process.closeWriteChannel();
    return finish(process, timeoutMs);
}

// $TRACKBOARD_PYTHON, the system python3 or the first on PATH that runs `probe` (an import of
// the Kafka client a test needs); empty when none does.
inline QString pythonWith(const QString &probe) {
    for (const QString &python : {qEnvironmentVariable("TRACKBOARD_PYTHON"), u"/usr/bin/python3"_s,
                                  QStandardPaths::findExecutable(u"python3"_s)}) {
        if (python.isEmpty() || !QFileInfo(python).isExecutable()) {
            continue;
        }
        const Run check = runProgram(python, {u"-c"_s, probe});
        if (check.finished && check.exitCode == 0) {
            return python;
        }
    }
    return {};
}

inline QByteArray describe(const Run &run) {
    return "exit " + QByteArray::number(run.exitCode) + ", stderr: " + run.err.right(2000);
}

inline QList<QByteArray> lines(const QByteArray &out) {
    QList<QByteArray> result = out.split('\n');
    result.removeAll(QByteArray());
    return result;
}

inline QJsonObject lastJsonLine(const QByteArray &out) {
    const auto all = lines(out);
    return all.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(all.last()).object();
}

// `trackboard broker` in the background; the address from its BROKERS= line.
class BrokerProcess {
public:
    ~BrokerProcess() {
        process.kill();
        process.waitForFinished();
    }
    // `options`: more of the broker's own, such as --partitions 1.
    QString start(const QStringList &options = {}) {
        process.start(trackboardBin(), QStringList{u"broker"_s} + options);
        const QDeadlineTimer deadline(10'000);
        while (!deadline.hasExpired()) {
            while (process.canReadLine()) {
                const QByteArray line = process.readLine().trimmed();
                if (line.startsWith("BROKERS=")) {
                    return QString::fromLatin1(line.mid(8));
                }
            }
            if (!process.waitForReadyRead(int(deadline.remainingTime()))) {
                break;
            }
        }
        return {};
    }
    QProcess process;
};

// Messages in the topic, from the partitions' watermarks: counts what a consumer capped by
// --max-events could not see, such as a line that should not have been produced.
inline qint64 messagesInTopic(const QString &brokers, int partitions = 6) {
    char errstr[512];
    KafkaConf conf(rd_kafka_conf_new());
    rd_kafka_conf_set(conf.get(), "bootstrap.servers", brokers.toUtf8().constData(), errstr,
                      sizeof errstr);
    KafkaHandle client(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
    if (!client) {
        return -1;
    }
    conf.release(); // rd_kafka_new took ownership
    qint64 total = 0;
    for (int p = 0; p < partitions; ++p) {
        std::int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(client.get(), "user-activities", p, &low, &high,
                                             10'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return -1;
        }
        total += high - low;
    }
    return total;
}

inline QByteArray compact(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline QList<QByteArray> sortedLines(const QString &path) {
    QFile file(path);
    QList<QByteArray> result =
        file.open(QIODevice::ReadOnly) ? lines(file.readAll()) : QList<QByteArray>();
    std::sort(result.begin(), result.end());
    return result;
}

inline bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace trackboard::test
