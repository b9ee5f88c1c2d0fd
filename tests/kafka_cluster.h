#pragma once
// The real Kafka cluster that the `kafka` CTest fixture started (tests/kafka/cluster_fixture.sh),
// and helpers for driving processes against it: the trackboard executable, kcat and Python.

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QThread>
#include <QUuid>

#include <csignal>

namespace kafkatest {

struct Run {
    bool finished = false; // exited by itself, normally, within the timeout
    int exitCode = -1;
    qint64 elapsedMs = 0;
    QByteArray out;
    QByteArray err;
};

inline Run run(const QString &program, const QStringList &args, int timeoutMs,
               const QByteArray &input = {}) {
    Run result;
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    process.start(program, args);
    if (!process.waitForStarted(10'000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out: " + process.readAllStandardError();
        return result;
    }
    result.elapsedMs = clock.elapsed();
    result.finished = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

inline QString trackboardBin() {
    return qEnvironmentVariable("TRACKBOARD_BIN");
}

inline Run trackboard(const QStringList &args, int timeoutMs = 120'000) {
    return run(trackboardBin(), args, timeoutMs);
}

// The system interpreter, where Debian's python3-confluent-kafka and python3-kafka live (a
// pyenv or venv on PATH would hide them).
inline QString python() {
    const QString chosen = qEnvironmentVariable("TRACKBOARD_PYTHON");
    return chosen.isEmpty() ? QStringLiteral("/usr/bin/python3") : chosen;
}

inline QString interopScript(const QString &name) {
    return qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") + QStringLiteral("/tests/interop/") + name;
}

// A command left running while the test does something else (kills a broker, say), with its
// output gathered as it comes.
class Background {
public:
    void start(const QString &program, const QStringList &args) { process_.start(program, args); }
    bool started() { return process_.waitForStarted(10'000); }
    // Waits until a whole stdout line satisfies `accept`; false after `timeoutMs`.
    template <typename Accept> bool waitForLine(Accept accept, int timeoutMs) {
        QElapsedTimer clock;
        clock.start();
        qsizetype scanned = 0;
        while (clock.elapsed() < timeoutMs) {
            out_ += process_.readAllStandardOutput();
            err_ += process_.readAllStandardError();
            qsizetype end;
            while ((end = out_.indexOf('\n', scanned)) >= 0) {
                if (accept(out_.mid(scanned, end - scanned))) {
                    return true;
                }
                scanned = end + 1;
            }
            if (process_.state() == QProcess::NotRunning) {
                return false;
            }
            process_.waitForReadyRead(200);
        }
        return false;
    }
    // Waits for the exit; false when it had to be killed.
    bool finish(int timeoutMs) {
        const bool exited = process_.waitForFinished(timeoutMs);
        if (!exited) {
            process_.kill();
            process_.waitForFinished();
        }
        out_ += process_.readAllStandardOutput();
        err_ += process_.readAllStandardError();
        return exited && process_.exitStatus() == QProcess::NormalExit;
    }
    int exitCode() const { return process_.exitCode(); }
    void terminate() { process_.terminate(); } // SIGTERM: the command's clean stop
    void killNow() {                           // SIGKILL: a crash, nothing cleaned up
        process_.kill();
        process_.waitForFinished();
    }
    const QByteArray &out() const { return out_; }
    const QByteArray &err() const { return err_; }

private:
    QProcess process_;
    QByteArray out_;
    QByteArray err_;
};

// The last line of `out` that parses as a JSON object.
inline QJsonObject lastJsonLine(const QByteArray &out) {
    const auto lines = out.trimmed().split('\n');
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const auto doc = QJsonDocument::fromJson(it->trimmed());
        if (doc.isObject()) {
            return doc.object();
        }
    }
    return {};
}

// Counts per event type, where a type missing from one side counts as 0 there.
inline bool sameCounts(const QJsonObject &a, const QJsonObject &b) {
    for (const QJsonObject *side : {&a, &b}) {
        for (auto it = side->begin(); it != side->end(); ++it) {
            if (a.value(it.key()).toInteger() != b.value(it.key()).toInteger()) {
                qWarning("%s: %lld against %lld", qPrintable(it.key()),
                         a.value(it.key()).toInteger(), b.value(it.key()).toInteger());
                return false;
            }
        }
    }
    return true;
}

// A fresh topic name per test run, so reruns and other tests never see each other's events.
inline QString uniqueName(const QString &prefix) {
    return prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

class Cluster {
public:
    // Reads DIR/cluster.env (written by scripts/kafka-cluster.sh). False when there is none.
    bool load() {
        dir_ = qEnvironmentVariable("TRACKBOARD_KAFKA_DIR");
        script_ = qEnvironmentVariable("TRACKBOARD_KAFKA_SCRIPT");
        const auto env =
            run(script_, {QStringLiteral("env"), QStringLiteral("--dir"), dir_}, 60'000);
        if (!env.finished || env.exitCode != 0) {
            error_ = QString::fromUtf8(env.err);
            return false;
        }
        for (const QByteArray &line : env.out.split('\n')) {
            const auto eq = line.indexOf('=');
            if (eq > 0) {
                values_.insert(QString::fromUtf8(line.left(eq)),
                               QString::fromUtf8(line.mid(eq + 1)));
            }
        }
        return !brokers().isEmpty();
    }
    QString error() const { return error_; }
    QString brokers() const { return values_.value(QStringLiteral("BROKERS")); }
    QString saslBrokers() const { return values_.value(QStringLiteral("SASL_SSL_BROKERS")); }
    QString ca() const { return values_.value(QStringLiteral("CA")); }
    QString saslUser() const { return values_.value(QStringLiteral("SASL_USERNAME")); }
    QString saslPassword() const { return values_.value(QStringLiteral("SASL_PASSWORD")); }
    QString dir() const { return dir_; }

    // -X options for the SASL_SSL listener.
    QStringList saslOptions(const QString &password, const QString &ca) const {
        return {QStringLiteral("-X"), QStringLiteral("security.protocol=SASL_SSL"),
                QStringLiteral("-X"), QStringLiteral("sasl.mechanisms=SCRAM-SHA-512"),
                QStringLiteral("-X"), QStringLiteral("sasl.username=") + saslUser(),
                QStringLiteral("-X"), QStringLiteral("sasl.password=") + password,
                QStringLiteral("-X"), QStringLiteral("ssl.ca.location=") + ca};
    }

    bool kill(int node) { return control({QStringLiteral("kill"), QString::number(node)}); }
    bool startNode(int node) {
        return control({QStringLiteral("start-node"), QString::number(node)});
    }
    bool stop() { return control({QStringLiteral("stop")}); }
    // Starts every stopped node (a test that failed half-way may have left one down) and waits
    // until all of them answer.
    bool start() { return control({QStringLiteral("start")}); }
    QString status() {
        return QString::fromUtf8(
            run(script_, {QStringLiteral("status"), QStringLiteral("--dir"), dir_}, 30'000).out);
    }

private:
    bool control(QStringList args) {
        args << QStringLiteral("--dir") << dir_;
        const auto r = run(script_, args, 300'000);
        if (!r.finished || r.exitCode != 0) {
            error_ = QString::fromUtf8(r.err);
            return false;
        }
        return true;
    }

    QString dir_;
    QString script_;
    QString error_;
    QHash<QString, QString> values_;
};

// Whether each broker, asked on its own (kcat -L), knows `topic` with `partitions` partitions,
// each with a leader. A new topic reaches the brokers' metadata one by one, and librdkafka
// 2.0.2 (python3-confluent-kafka's too) fails the messages it has queued when a broker that
// has not heard of the topic yet answers a later metadata request: "partition count changed
// from 6 to 0", and 1,897 of 2,000 events failed in one tst_kafka_interop run.
inline bool everyBrokerKnows(const QString &brokers, const QString &topic, int partitions) {
    for (const QString &broker : brokers.split(QLatin1Char(','))) {
        const auto r = run(QStringLiteral("kcat"),
                           {QStringLiteral("-L"), QStringLiteral("-J"), QStringLiteral("-b"),
                            broker, QStringLiteral("-t"), topic},
                           15'000);
        const QJsonArray topics =
            QJsonDocument::fromJson(r.out).object()[QStringLiteral("topics")].toArray();
        if (!r.finished || r.exitCode != 0 || topics.size() != 1) {
            return false;
        }
        const QJsonObject t = topics.at(0).toObject();
        const QJsonArray parts = t[QStringLiteral("partitions")].toArray();
        if (t.contains(QStringLiteral("error")) || parts.size() != partitions) {
            return false;
        }
        for (const QJsonValue &part : parts) {
            if (part.toObject()[QStringLiteral("leader")].toInt(-1) < 0) {
                return false;
            }
        }
    }
    return true;
}

// `trackboard setup` for one activity topic (no alerts or dead-letter topic), replication 3;
// it returns once every broker knows the topic.
inline Run setupTopic(const QString &brokers, const QString &topic, const QStringList &extra = {}) {
    Run r = trackboard(QStringList{QStringLiteral("setup"), QStringLiteral("--brokers"), brokers,
                                   QStringLiteral("--topic"), topic, QStringLiteral("--partitions"),
                                   QStringLiteral("6"), QStringLiteral("--replication"),
                                   QStringLiteral("3"), QStringLiteral("--alerts-topic"), QString(),
                                   QStringLiteral("--dead-letter-topic"), QString()} +
                           extra,
                       60'000);
    if (!r.finished || r.exitCode != 0 || extra.contains(QStringLiteral("--partitions"))) {
        return r; // another partition count: the caller checks what it asked for
    }
    QElapsedTimer clock;
    clock.start();
    while (!everyBrokerKnows(brokers, topic, 6)) {
        if (clock.elapsed() > 30'000) {
            r.exitCode = 1;
            r.err += "not every broker knows " + topic.toUtf8() + " 30 s after its creation\n";
            return r;
        }
        QThread::msleep(100); // the brokers' metadata is polled: it has no notification
    }
    return r;
}

// tests/interop/topic_census.py: the topic's log as an independent client reads it.
inline QJsonObject census(const QString &brokers, const QString &topic,
                          const QStringList &extra = {}) {
    const auto r =
        run(python(),
            QStringList{interopScript(QStringLiteral("topic_census.py")),
                        QStringLiteral("--brokers"), brokers, QStringLiteral("--topic"), topic} +
                extra,
            120'000);
    if (!r.finished || r.exitCode != 0) {
        qWarning("topic_census.py failed: %s", r.err.constData());
        return {};
    }
    return lastJsonLine(r.out);
}

} // namespace kafkatest
