// Event time per partition, end to end (issue 21): kafka-python writes 25 minutes of events,
// in timestamp order and keyed by user, into the embedded broker's 6-partition topic; then
// `trackboard analytics --from-beginning` reads them as a backlog, which librdkafka hands over
// partition by partition. No event may count as late, the 60-minute window must hold them all,
// and the shorter windows exactly what tests/interop/partition_backlog.py computes in plain
// Python with the boundary rule of docs/analytics.md.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

namespace {

constexpr int kTimeoutMs = 120'000;
constexpr int kEvents = 6000;

struct Run {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args) {
    Run result;
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(kTimeoutMs) || !process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "did not finish: " + process.readAllStandardError();
        return result;
    }
    result.finished = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString kafkaPython() {
    for (const QString &python :
         {qEnvironmentVariable("TRACKBOARD_PYTHON"), QStringLiteral("/usr/bin/python3"),
          QStandardPaths::findExecutable(QStringLiteral("python3"))}) {
        if (python.isEmpty() || !QFileInfo(python).isExecutable()) {
            continue;
        }
        const Run probe =
            run(python, {QStringLiteral("-c"), QStringLiteral("from kafka import KafkaProducer")});
        if (probe.finished && probe.exitCode == 0) {
            return python;
        }
    }
    return {};
}

QJsonObject lastJsonLine(const QByteArray &out) {
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

} // namespace

class TestAnalyticsBacklog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        bin_ = qEnvironmentVariable("TRACKBOARD_BIN");
        QVERIFY2(QFileInfo(bin_).isExecutable(), "set TRACKBOARD_BIN (ctest does)");
        const QString script = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                               QStringLiteral("/tests/interop/partition_backlog.py");
        QVERIFY2(QFileInfo::exists(script), "set TRACKBOARD_SOURCE_DIR (ctest does)");
        const QString python = kafkaPython();
        if (python.isEmpty()) {
            QSKIP("python3-kafka is not installed");
        }
        broker_.start(bin_, {QStringLiteral("broker")}); // 6 partitions
        QDeadlineTimer deadline(10'000);
        while (address_.isEmpty() && !deadline.hasExpired() &&
               broker_.waitForReadyRead(int(deadline.remainingTime()))) {
            while (broker_.canReadLine()) {
                const QByteArray line = broker_.readLine().trimmed();
                if (line.startsWith("BROKERS=")) {
                    address_ = QString::fromLatin1(line.mid(8));
                }
            }
        }
        QVERIFY2(!address_.isEmpty(), "the embedded broker did not print BROKERS=");

        const Run produce = run(python, {script, QStringLiteral("--brokers"), address_,
                                         QStringLiteral("--count"), QString::number(kEvents)});
        QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
        reference_ = QJsonDocument::fromJson(produce.out).object();
        QCOMPARE(reference_[QStringLiteral("delivered")].toInt(), kEvents);
        QCOMPARE(reference_[QStringLiteral("span_ms")].toInteger(), (kEvents - 1) * 250LL);
        // Keyed by 120 users, the events reach every partition: a real interleaving.
        QCOMPARE(reference_[QStringLiteral("partitions")].toArray().size(), 6);
    }

    void cleanupTestCase() {
        if (broker_.state() != QProcess::NotRunning) {
            broker_.terminate();
            QVERIFY(broker_.waitForFinished(5000));
        }
    }

    void windowsStayWholeWhenABacklogIsRead_data() {
        QTest::addColumn<QString>("lateness");
        QTest::newRow("default 30 s") << QString();
        QTest::newRow("no lateness") << QStringLiteral("0");
    }

    void windowsStayWholeWhenABacklogIsRead() {
        QFETCH(QString, lateness);
        QStringList args = {QStringLiteral("analytics"),
                            QStringLiteral("--brokers"),
                            address_,
                            QStringLiteral("--from-beginning"),
                            QStringLiteral("--max-events"),
                            QString::number(kEvents),
                            QStringLiteral("--json"),
                            QStringLiteral("--group"),
                            QStringLiteral("backlog-") +
                                QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')};
        if (!lateness.isEmpty()) {
            args << QStringLiteral("--allowed-lateness") << lateness;
        }
        const Run analytics = run(bin_, args);
        QVERIFY2(analytics.finished && analytics.exitCode == 0, analytics.err.constData());
        const QJsonObject actual = lastJsonLine(analytics.out);
        QCOMPARE(actual[QStringLiteral("consumed")].toInt(), kEvents);
        QCOMPARE(actual[QStringLiteral("rejected")].toInt(), 0);
        QCOMPARE(actual[QStringLiteral("late")].toInt(), 0);
        QCOMPARE(actual[QStringLiteral("allowed_lateness_s")].toInt(), lateness.isEmpty() ? 30 : 0);
        // Every partition is still active when the last event is read: "now" is the slowest
        // partition's latest event time.
        QCOMPARE(actual[QStringLiteral("watermark_ms")].toInteger(),
                 reference_[QStringLiteral("now_ms")].toInteger());

        const QJsonObject windows = actual[QStringLiteral("windows")].toObject();
        const QJsonObject expected = reference_[QStringLiteral("expected")].toObject();
        QCOMPARE(windows[QStringLiteral("all")][QStringLiteral("events")].toInt(), kEvents);
        QCOMPARE(windows[QStringLiteral("60m")][QStringLiteral("events")].toInt(), kEvents);
        for (const QString &w :
             {QStringLiteral("15m"), QStringLiteral("5m"), QStringLiteral("1m")}) {
            QCOMPARE(windows[w][QStringLiteral("events")].toInt(), expected[w].toInt());
        }
        // About 15 of the 25 minutes: the windows really cut the backlog.
        QVERIFY(expected[QStringLiteral("15m")].toInt() > 3000);
        QVERIFY(expected[QStringLiteral("15m")].toInt() < 4000);
    }

private:
    QString bin_;
    QString address_;
    QProcess broker_;
    QJsonObject reference_;
};

QTEST_GUILESS_MAIN(TestAnalyticsBacklog)
#include "tst_analytics_backlog.moc"
