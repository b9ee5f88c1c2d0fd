// librdkafka's log lines in Trackboard's words (issue 19 §4): what a broker restart made
// librdkafka say in the demo guide's three terminals, as captured, and the plain line each
// becomes. Lines that say the same thing share a dedupe key, so each is printed once a minute.
#include "kafka_log.h"

#include <QtTest>

using namespace trackboard;

class TestKafkaLog : public QObject {
    Q_OBJECT

private slots:
    void plainLines_data() {
        QTest::addColumn<int>("level");
        QTest::addColumn<QByteArray>("facility");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("line"); // empty: nothing printed
        QTest::newRow("refused, bootstrap")
            << 3 << QByteArray("FAIL")
            << QByteArray("[thrd:127.0.0.1:38479/bootstrap]: 127.0.0.1:38479/bootstrap: Connect "
                          "to ipv4#127.0.0.1:38479 failed: Connection refused (after 0ms in "
                          "state CONNECT)")
            << QByteArray("Kafka at 127.0.0.1:38479 unreachable: connection refused (retrying)");
        QTest::newRow("refused, coordinator")
            << 3 << QByteArray("FAIL")
            << QByteArray("GroupCoordinator: 127.0.0.1:38479: Connect to ipv4#127.0.0.1:38479 "
                          "failed: Connection refused (after 0ms in state CONNECT)")
            << QByteArray("Kafka at 127.0.0.1:38479 unreachable: connection refused (retrying)");
        QTest::newRow("disconnected, named client")
            << 3 << QByteArray("FAIL")
            << QByteArray("trackboard-state-reader#consumer-5: 127.0.0.1:38479/1: Disconnected "
                          "(after 25012ms in state UP)")
            << QByteArray("Kafka at 127.0.0.1:38479 disconnected (reconnecting)");
        QTest::newRow("refused, as an error event")
            << 3 << QByteArray("ERROR")
            << QByteArray("127.0.0.1:38479/1: Connect to ipv4#127.0.0.1:38479 failed: "
                          "Connection refused (after 0ms in state CONNECT)")
            << QByteArray("Kafka at 127.0.0.1:38479 unreachable: connection refused (retrying)");
        QTest::newRow("disconnected, as an error event")
            << 3 << QByteArray("ERROR")
            << QByteArray("127.0.0.1:38479/1: Disconnected (after 25012ms in state UP)")
            << QByteArray("Kafka at 127.0.0.1:38479 disconnected (reconnecting)");
        QTest::newRow("all brokers down")
            << 3 << QByteArray("ERROR") << QByteArray("2/2 brokers are down") << QByteArray();
        QTest::newRow("session timed out")
            << 4 << QByteArray("SESSTMOUT")
            << QByteArray("Consumer group session timed out (in join-state steady) after 6001 ms "
                          "without a successful response from the group coordinator (broker 1, "
                          "last error was Success): revoking assignment and rejoining group")
            << QByteArray("Kafka: the consumer group's coordinator stopped answering; the group "
                          "rejoins when it is back (retrying)");
        QTest::newRow("commit failed")
            << 4 << QByteArray("COMMITFAIL")
            << QByteArray("Offset commit (cgrp auto commit timer) failed for 5/6 partition(s) in "
                          "join-state wait-unassign-to-complete: Local: Waiting for coordinator: "
                          "user-activities[1]@27(Local: Waiting for coordinator)")
            << QByteArray("Kafka: offsets not committed yet: the group coordinator is "
                          "unreachable (retrying)");
        QTest::newRow("producer terminating")
            << 4 << QByteArray("TERMINATE")
            << QByteArray("Producer terminating with 500 messages (222180 bytes) still in queue "
                          "or transit: use flush() to wait for outstanding message delivery")
            << QByteArray("Kafka: 500 messages not delivered when the client stopped");
        QTest::newRow("offset reset")
            << 4 << QByteArray("OFFSET")
            << QByteArray("trackboard-analytics-state [3]: offset reset (at offset 174, broker 1) "
                          "to END: fetch failed due to requested offset not available on the "
                          "broker: Broker: Offset out of range")
            << QByteArray("Kafka: trackboard-analytics-state: the next offset to read was "
                          "removed by retention; reading on from the newest kept");
        QTest::newRow("debug chatter")
            << 7 << QByteArray("BROKER") << QByteArray("127.0.0.1:1/bootstrap: Added new broker")
            << QByteArray();
    }
    void plainLines() {
        QFETCH(int, level);
        QFETCH(QByteArray, facility);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, line);
        std::string key;
        const std::string plain =
            KafkaLog::plainLine(level, facility.toStdString(), message.toStdString(), key);
        QCOMPARE(QByteArray::fromStdString(plain), line);
        QVERIFY(!plain.starts_with('%'));
        QVERIFY(plain.find("thrd:") == std::string::npos);
        QVERIFY(plain.find("#consumer-") == std::string::npos);
    }

    // The bootstrap connection and the coordinator's are one broker: one line, not two.
    void oneBrokerOneLine() {
        std::string bootstrap;
        std::string coordinator;
        KafkaLog::plainLine(3, "FAIL",
                            "127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: "
                            "Connection refused (after 0ms in state CONNECT)",
                            bootstrap);
        KafkaLog::plainLine(3, "FAIL",
                            "GroupCoordinator: 127.0.0.1:9: Connect to ipv4#127.0.0.1:9 failed: "
                            "Connection refused (after 0ms in state CONNECT)",
                            coordinator);
        QCOMPARE(coordinator, bootstrap);
    }
};

QTEST_APPLESS_MAIN(TestKafkaLog)
#include "tst_kafka_log.moc"
