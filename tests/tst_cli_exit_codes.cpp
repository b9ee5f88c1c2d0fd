// The exit statuses of docs/cli.md and the plain lines that replace librdkafka's raw log, for a
// new user's mistakes: a broker address that is not HOST:PORT, a port nobody listens on, a host
// name that does not resolve. Each command keeps retrying for its whole --duration (or
// --timeout), prints one plain line per broker and kind, and never a raw "%3|…|FAIL|" line
// unless --verbose asks for them. Refused logins (status 5) are in tst_kafka_sasl.
#include "kafka_cluster.h"

#include <QtTest>

using namespace kafkatest;

class TestCliExitCodes : public QObject {
    Q_OBJECT
private slots:
    void badUsageIs2_data();
    void badUsageIs2();
    void neverReachedIs4_data();
    void neverReachedIs4();
    void produceTimeoutSaysWhatIsBuffered();
    void verboseShowsTheRawLines();
};

void TestCliExitCodes::badUsageIs2_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("analytics"), QStringLiteral("--bogus")}
        << QByteArray("Unknown option 'bogus'");
    QTest::newRow("port not a number")
        << QStringList{QStringLiteral("fraud"), QStringLiteral("--brokers"),
                       QStringLiteral("nonsense:xx")}
        << QByteArray("--brokers expects HOST:PORT[,HOST:PORT...], got 'nonsense:xx'");
    QTest::newRow("no port") << QStringList{QStringLiteral("produce"), QStringLiteral("--brokers"),
                                            QStringLiteral("localhost")}
                             << QByteArray("got 'localhost'");
}

void TestCliExitCodes::badUsageIs2() {
    QFETCH(QStringList, args);
    QFETCH(QByteArray, says);
    const auto r = trackboard(args, 30'000);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(says), r.err.constData());
}

void TestCliExitCodes::neverReachedIs4_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("brokers");
    QTest::addColumn<QByteArray>("plainLine");
    for (const char *command : {"analytics", "fraud"}) {
        QTest::addRow("%s, connection refused", command)
            << QString::fromLatin1(command) << QStringLiteral("127.0.0.1:1")
            << QByteArray("Kafka at 127.0.0.1:1 unreachable: connection refused (retrying)");
        QTest::addRow("%s, unknown host", command)
            << QString::fromLatin1(command) << QStringLiteral("nonsense.invalid:9092")
            << QByteArray("Kafka at nonsense.invalid:9092: host name not found (retrying)");
    }
}

void TestCliExitCodes::neverReachedIs4() {
    QFETCH(QString, command);
    QFETCH(QString, brokers);
    QFETCH(QByteArray, plainLine);
    const auto r =
        trackboard({command, QStringLiteral("--brokers"), brokers, QStringLiteral("--duration"),
                    QStringLiteral("3"), QStringLiteral("--json")},
                   30'000);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.elapsedMs >= 2'900, "gave up before its --duration");
    // One plain line, although librdkafka retried several times with several clients.
    QCOMPARE(r.err.count(plainLine), qsizetype(1));
    QVERIFY2(r.err.contains("never reached Kafka at " + brokers.toUtf8()), r.err.constData());
    QVERIFY2(!r.err.contains("|FAIL|"), r.err.constData());
    // The --json summary still comes, with the state and the last error.
    const QJsonObject last = lastJsonLine(r.out);
    const QJsonObject cluster =
        command == QLatin1String("fraud")
            ? last[QStringLiteral("summary")].toObject()[QStringLiteral("cluster")].toObject()
            : last[QStringLiteral("cluster")].toObject();
    QCOMPARE(cluster[QStringLiteral("state")].toString(), QStringLiteral("connecting"));
}

void TestCliExitCodes::produceTimeoutSaysWhatIsBuffered() {
    const auto r = trackboard(
        {QStringLiteral("produce"), QStringLiteral("--brokers"), QStringLiteral("127.0.0.1:1"),
         QStringLiteral("--count"), QStringLiteral("100"), QStringLiteral("--rate"),
         QStringLiteral("100"), QStringLiteral("--timeout"), QStringLiteral("7")},
        30'000);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("--timeout reached: 0 of "), r.err.constData());
    QVERIFY2(r.err.contains("still buffered; never reached Kafka at 127.0.0.1:1"),
             r.err.constData());
    QVERIFY2(!r.err.contains("|FAIL|"), r.err.constData());
}

void TestCliExitCodes::verboseShowsTheRawLines() {
    const auto r = trackboard({QStringLiteral("analytics"), QStringLiteral("--brokers"),
                               QStringLiteral("127.0.0.1:1"), QStringLiteral("--duration"),
                               QStringLiteral("2"), QStringLiteral("--verbose")},
                              30'000);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("|FAIL|"), r.err.constData());
    QVERIFY(r.err.contains("Connection refused"));
}

QTEST_GUILESS_MAIN(TestCliExitCodes)
#include "tst_cli_exit_codes.moc"
