// End to end on the real 3-node cluster (label kafka): `trackboard setup` creates replicated
// topics, and `trackboard demo` against them delivers and consumes every event in both groups,
// with aggregates equal to the producer's tally. Replication 3, min.insync.replicas 2, acks=all
// and the idempotent producer are what a production deployment runs.
#include "kafka_cluster.h"

#include <QJsonArray>
#include <QtTest>

using namespace kafkatest;

class TestKafkaE2e : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void setupIsIdempotentAndReportsShape();
    void demoOnThreeNodesLosesNothing();

private:
    Cluster cluster_;
};

void TestKafkaE2e::initTestCase() {
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error())); // every node up
}

void TestKafkaE2e::setupIsIdempotentAndReportsShape() {
    const QString topic = uniqueName(QStringLiteral("setup"));
    const QStringList args{QStringLiteral("setup"),
                           QStringLiteral("--brokers"),
                           cluster_.brokers(),
                           QStringLiteral("--topic"),
                           topic,
                           QStringLiteral("--alerts-topic"),
                           topic + QStringLiteral("-alerts"),
                           QStringLiteral("--dead-letter-topic"),
                           topic + QStringLiteral("-dlq"),
                           QStringLiteral("--state-topic"),
                           topic + QStringLiteral("-state"),
                           QStringLiteral("--json")};
    const auto first = trackboard(args);
    QVERIFY2(first.finished && first.exitCode == 0, first.err.constData());
    const QJsonObject created = lastJsonLine(first.out);
    QCOMPARE(created[QStringLiteral("brokers")].toInt(), 3);
    const QJsonArray topics = created[QStringLiteral("topics")].toArray();
    QCOMPARE(topics.size(), 4);
    for (const auto &t : topics) {
        const QJsonObject o = t.toObject();
        QCOMPARE(o[QStringLiteral("outcome")].toString(), QStringLiteral("created"));
        // Not "Unknown topic or partition" from an attempt before the topic had spread.
        QCOMPARE(o[QStringLiteral("error")].toString(), QString());
        QCOMPARE(o[QStringLiteral("partitions")].toInt(), 6);
        QCOMPARE(o[QStringLiteral("replication")].toInt(), 3); // the default on 3 brokers
        // setup returns only once each broker, asked on its own, knows the topic: a producer
        // started now cannot meet one that has not heard of it.
        QVERIFY2(everyBrokerKnows(cluster_.brokers(), o[QStringLiteral("topic")].toString(), 6),
                 qPrintable(o[QStringLiteral("topic")].toString()));
    }

    // min.insync.replicas as the cluster has it, read by a client Trackboard did not write.
    const auto configs =
        run(python(),
            {QStringLiteral("-c"),
             // Retried while the broker it asks has not yet learnt of the new topic.
             QStringLiteral("import sys, time\n"
                            "from confluent_kafka.admin import AdminClient, ConfigResource\n"
                            "a = AdminClient({'bootstrap.servers': sys.argv[1]})\n"
                            "for name, key in ((sys.argv[2], 'min.insync.replicas'),\n"
                            "                  (sys.argv[3], 'cleanup.policy'),\n"
                            "                  (sys.argv[3], 'max.message.bytes')):\n"
                            "    r = ConfigResource('topic', name)\n"
                            "    for attempt in range(60):\n"
                            "        try:\n"
                            "            config = a.describe_configs([r])[r].result()\n"
                            "            print(config[key].value)\n"
                            "            break\n"
                            "        except Exception:\n"
                            "            time.sleep(0.25)\n"),
             cluster_.brokers(), topic, topic + QStringLiteral("-state")},
            60'000);
    QVERIFY2(configs.finished && configs.exitCode == 0, configs.err.constData());
    // The state topic keeps the latest checkpoint per key, of up to 16 MiB (docs/scaling.md).
    QCOMPARE(configs.out.trimmed(), QByteArray("2\ncompact\n16777216"));

    const auto again = trackboard(args);
    QVERIFY2(again.finished && again.exitCode == 0, again.err.constData());
    for (const auto &t : lastJsonLine(again.out)[QStringLiteral("topics")].toArray()) {
        QCOMPARE(t.toObject()[QStringLiteral("outcome")].toString(), QStringLiteral("exists"));
    }

    auto otherShape = args;
    otherShape << QStringLiteral("--partitions") << QStringLiteral("3");
    const auto differs = trackboard(otherShape);
    QVERIFY(differs.finished);
    QCOMPARE(differs.exitCode, 1);
    const QJsonObject report = lastJsonLine(differs.out);
    const QJsonObject activity = report[QStringLiteral("topics")].toArray()[0].toObject();
    QCOMPARE(activity[QStringLiteral("outcome")].toString(), QStringLiteral("differs"));
    QCOMPARE(activity[QStringLiteral("partitions")].toInt(), 6);
}

void TestKafkaE2e::demoOnThreeNodesLosesNothing() {
    const QString topic = uniqueName(QStringLiteral("e2e"));
    const auto setup = setupTopic(cluster_.brokers(), topic);
    QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);

    const auto demo = trackboard(
        {QStringLiteral("demo"), QStringLiteral("--brokers"), cluster_.brokers(),
         QStringLiteral("--topic"), topic, QStringLiteral("--duration"), QStringLiteral("8"),
         QStringLiteral("--rate"), QStringLiteral("2000"), QStringLiteral("--json")},
        180'000);
    QVERIFY2(demo.finished, demo.err.constData());
    const QJsonObject s = lastJsonLine(demo.out);
    QVERIFY2(demo.exitCode == 0, demo.out + demo.err);
    const qint64 delivered = s[QStringLiteral("delivered")].toInteger();
    QVERIFY(delivered > 10'000);
    QCOMPARE(s[QStringLiteral("produced")].toInteger(), delivered);
    QCOMPARE(s[QStringLiteral("failed")].toInteger(), 0);
    for (const char *group : {"analytics", "fraud"}) {
        const QJsonObject g = s[QLatin1String(group)].toObject();
        QCOMPARE(g[QStringLiteral("consumed")].toInteger(), delivered);
        QCOMPARE(g[QStringLiteral("lost")].toInteger(), 0);
        QCOMPARE(g[QStringLiteral("rejected")].toInteger(), 0);
    }
    QVERIFY(s[QStringLiteral("analytics")]
                .toObject()[QStringLiteral("matches_producer_tally")]
                .toBool());

    // The log itself, read by an independent client: every event exactly once.
    const QJsonObject log = census(cluster_.brokers(), topic);
    QCOMPARE(log[QStringLiteral("distinct")].toInteger(), delivered);
    QCOMPARE(log[QStringLiteral("messages")].toInteger(), delivered);
}

QTEST_GUILESS_MAIN(TestKafkaE2e)
#include "tst_kafka_e2e.moc"
