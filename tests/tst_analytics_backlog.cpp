// Event time per partition, end to end (issue 21): kafka-python writes events in timestamp
// order, keyed by user, into the embedded broker's 6-partition topic (25 minutes as in the
// issue, and 5.5 hours, more than the ring holds); then `trackboard analytics
// --from-beginning` reads them as a backlog, which librdkafka hands over partition by
// partition. No event may count as late, and every window must hold exactly what
// tests/interop/partition_backlog.py computes in plain Python with the boundary rule of
// docs/analytics.md (all 6,000 for the 60-minute window in the case).
// The backlog arrives in large batches, which the worker hands to its decode helper
// (DecodeAhead); one case reads it without the helper, to the same windows.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "trackboard_process.h"

namespace {

constexpr int kTimeoutMs = 120'000;

using trackboard::test::lastJsonLine;
using trackboard::test::Run;

Run run(const QString &program, const QStringList &args) {
    return trackboard::test::runProgram(program, args, kTimeoutMs);
}

QString kafkaPython() {
    return trackboard::test::pythonWith(QStringLiteral("from kafka import KafkaProducer"));
}

} // namespace

class TestAnalyticsBacklog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        bin_ = qEnvironmentVariable("TRACKBOARD_BIN");
        QVERIFY2(QFileInfo(bin_).isExecutable(), "set TRACKBOARD_BIN (ctest does)");
        script_ = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                  QStringLiteral("/tests/interop/partition_backlog.py");
        QVERIFY2(QFileInfo::exists(script_), "set TRACKBOARD_SOURCE_DIR (ctest does)");
        python_ = kafkaPython();
    }

    void windowsStayWholeWhenABacklogIsRead_data() {
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("spacingMs");
        QTest::addColumn<QString>("lateness");
        QTest::addColumn<bool>("decodeAhead");
        // The case: 25 minutes, 4 events a second.
        QTest::newRow("25 min, default lateness") << 6000 << 250 << QString() << true;
        QTest::newRow("25 min, no lateness") << 6000 << 250 << QStringLiteral("0") << true;
        // The backlog's batches decoded on the worker's own thread: the same windows.
        QTest::newRow("25 min, no decode helper") << 6000 << 250 << QString() << false;
        // 5.5 hours, sparse: far more than the ring holds, so partitions are held back and
        // paused to stay within 10 minutes of the slowest (PartitionFlow).
        QTest::newRow("5.5 h, held back") << 20000 << 1000 << QStringLiteral("0") << true;
    }

    void windowsStayWholeWhenABacklogIsRead() {
        QFETCH(int, events);
        QFETCH(int, spacingMs);
        QFETCH(QString, lateness);
        QFETCH(bool, decodeAhead);
        if (python_.isEmpty()) {
            QSKIP("python3-kafka is not installed");
        }
        trackboard::test::BrokerProcess broker;
        const QString address = broker.start(); // 6 partitions
        QVERIFY2(!address.isEmpty(), "the embedded broker did not print BROKERS=");

        const Run produce =
            run(python_, {script_, QStringLiteral("--brokers"), address, QStringLiteral("--count"),
                          QString::number(events), QStringLiteral("--spacing-ms"),
                          QString::number(spacingMs)});
        QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
        const QJsonObject reference = QJsonDocument::fromJson(produce.out).object();
        QCOMPARE(reference[QStringLiteral("delivered")].toInt(), events);
        QCOMPARE(reference[QStringLiteral("span_ms")].toInteger(),
                 (events - 1) * qint64(spacingMs));
        // Keyed by 120 users, the events reach every partition: a real interleaving.
        QCOMPARE(reference[QStringLiteral("partitions")].toArray().size(), 6);

        QStringList args = {QStringLiteral("analytics"),
                            QStringLiteral("--brokers"),
                            address,
                            QStringLiteral("--from-beginning"),
                            QStringLiteral("--max-events"),
                            QString::number(events),
                            QStringLiteral("--json")};
        if (!lateness.isEmpty()) {
            args << QStringLiteral("--allowed-lateness") << lateness;
        }
        if (!decodeAhead) {
            args << QStringLiteral("--no-decode-ahead");
        }
        const Run analytics = run(bin_, args);
        broker.process.terminate();
        QVERIFY(broker.process.waitForFinished(5000));
        QVERIFY2(analytics.finished && analytics.exitCode == 0, analytics.err.constData());
        const QJsonObject actual = lastJsonLine(analytics.out);
        QCOMPARE(actual[QStringLiteral("consumed")].toInt(), events);
        QCOMPARE(actual[QStringLiteral("rejected")].toInt(), 0);
        QCOMPARE(actual[QStringLiteral("duplicates")].toInt(), 0);
        QCOMPARE(actual[QStringLiteral("skipped")].toInt(), 0);
        QCOMPARE(actual[QStringLiteral("late")].toInt(), 0);
        // Whether the helper got a core in time is up to the machine; what it decoded is
        // counted, and without it nothing is.
        const auto decodedAhead = actual[QStringLiteral("decoded_ahead")].toInteger(-1);
        QVERIFY(decodedAhead >= 0 && decodedAhead <= events);
        if (!decodeAhead) {
            QCOMPARE(decodedAhead, 0);
        }
        // Nothing is left waiting at the end; 5.5 hours cannot be read without holding some
        // partitions back.
        QCOMPARE(actual[QStringLiteral("held_messages")].toInt(-1), 0);
        QCOMPARE(actual[QStringLiteral("held_partitions")].toInt(-1), 0);
        if (events == 20000) {
            QVERIFY(actual[QStringLiteral("partition_pauses")].toInt() > 0);
        }
        QCOMPARE(actual[QStringLiteral("allowed_lateness_s")].toInt(),
                 lateness.isEmpty() ? 30 : lateness.toInt());
        // Every partition is still active when the last event is read: "now" is the slowest
        // partition's latest event time.
        QCOMPARE(actual[QStringLiteral("watermark_ms")].toInteger(),
                 reference[QStringLiteral("now_ms")].toInteger());

        const QJsonObject windows = actual[QStringLiteral("windows")].toObject();
        const QJsonObject expected = reference[QStringLiteral("expected")].toObject();
        QCOMPARE(windows[QStringLiteral("all")][QStringLiteral("events")].toInt(), events);
        for (const QString &w : {QStringLiteral("60m"), QStringLiteral("15m"), QStringLiteral("5m"),
                                 QStringLiteral("1m")}) {
            QCOMPARE(windows[w][QStringLiteral("events")].toInt(), expected[w].toInt());
        }
        // The windows really cut the backlog: 15 of 25 minutes, 60 of 330.
        const int sixty = expected[QStringLiteral("60m")].toInt();
        const int fifteen = expected[QStringLiteral("15m")].toInt();
        if (events == 6000) {
            QCOMPARE(sixty, events);
            QVERIFY(fifteen > 3000 && fifteen < 4000);
        } else {
            QVERIFY(sixty > 3500 && sixty < 3700);
        }
    }

private:
    QString bin_;
    QString script_;
    QString python_;
};

QTEST_GUILESS_MAIN(TestAnalyticsBacklog)
#include "tst_analytics_backlog.moc"
