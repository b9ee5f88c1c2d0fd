// Clients Trackboard did not write, beside it on the real cluster (label kafka):
// python3-confluent-kafka produces and Trackboard's analytics counts what it computed;
// Trackboard produces and kafka-python (a protocol implementation independent of librdkafka)
// and kcat read every event back; kcat produces keyed lines and Trackboard consumes them;
// Trackboard and kafka-python put each user_id key in the same partition (murmur2).
#include "kafka_cluster.h"

#include <QJsonArray>
#include <QtTest>

using namespace kafkatest;

class TestKafkaInterop : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void confluentKafkaFeedsAnalytics();
    void trackboardFeedsKafkaPythonAndKcat();
    void kcatFeedsTrackboard();
    void kafkaPythonPlacesKeysAsTrackboard();

private:
    QString freshTopic(const QString &prefix) {
        const QString topic = uniqueName(prefix);
        const auto setup = setupTopic(cluster_.brokers(), topic);
        if (!setup.finished || setup.exitCode != 0) {
            qWarning("setup failed: %s", setup.err.constData());
        }
        return topic;
    }
    QJsonObject analyticsOf(const QString &topic, int events) {
        const auto r = trackboard(
            {QStringLiteral("analytics"), QStringLiteral("--brokers"), cluster_.brokers(),
             QStringLiteral("--topic"), topic, QStringLiteral("--from-beginning"),
             QStringLiteral("--max-events"), QString::number(events), QStringLiteral("--json")});
        if (!r.finished || r.exitCode != 0) {
            qWarning("analytics failed: %s", r.err.constData());
        }
        return lastJsonLine(r.out);
    }
    Cluster cluster_;
};

void TestKafkaInterop::initTestCase() {
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
}

void TestKafkaInterop::confluentKafkaFeedsAnalytics() {
    constexpr int kEvents = 2'000;
    const QString topic = freshTopic(QStringLiteral("interop-confluent"));
    const auto produced =
        run(python(),
            {interopScript(QStringLiteral("confluent_produce.py")), QStringLiteral("--brokers"),
             cluster_.brokers(), QStringLiteral("--topic"), topic, QStringLiteral("--count"),
             QString::number(kEvents)},
            120'000);
    QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
    const QJsonObject expected = lastJsonLine(produced.out)[QStringLiteral("expected")].toObject();

    const QJsonObject a = analyticsOf(topic, kEvents);
    QCOMPARE(a[QStringLiteral("rejected")].toInteger(), 0);
    QCOMPARE(a[QStringLiteral("events")].toInteger(), qint64(kEvents));
    QVERIFY(sameCounts(a[QStringLiteral("events_by_type")].toObject(),
                       expected[QStringLiteral("events_by_type")].toObject()));
    QCOMPARE(a[QStringLiteral("orders")].toInteger(),
             expected[QStringLiteral("orders")].toInteger());
    QCOMPARE(a[QStringLiteral("purchasing_users")].toInteger(),
             expected[QStringLiteral("purchasing_users")].toInteger());
}

void TestKafkaInterop::trackboardFeedsKafkaPythonAndKcat() {
    constexpr int kEvents = 3'000;
    const QString topic = freshTopic(QStringLiteral("interop-trackboard"));
    const auto produce = trackboard(
        {QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
         QStringLiteral("--topic"), topic, QStringLiteral("--count"), QString::number(kEvents),
         QStringLiteral("--rate"), QStringLiteral("3000"), QStringLiteral("--json")});
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
    const QJsonObject tally = lastJsonLine(produce.out);

    const auto kafkaPython =
        run(python(),
            {interopScript(QStringLiteral("kafka_python_consume.py")), QStringLiteral("--brokers"),
             cluster_.brokers(), QStringLiteral("--topic"), topic, QStringLiteral("--group"),
             topic + QStringLiteral("-kafka-python"), QStringLiteral("--count"),
             QString::number(kEvents), QStringLiteral("--timeout"), QStringLiteral("60")},
            120'000);
    QVERIFY2(kafkaPython.finished && kafkaPython.exitCode == 0, kafkaPython.err.constData());
    const QJsonObject read = lastJsonLine(kafkaPython.out);
    QCOMPARE(read[QStringLiteral("count")].toInteger(), qint64(kEvents));
    QCOMPARE(read[QStringLiteral("distinct_event_ids")].toInteger(), qint64(kEvents));
    QCOMPARE(read[QStringLiteral("keys_match_user_id")].toInteger(), qint64(kEvents));
    QVERIFY(sameCounts(read[QStringLiteral("events_by_type")].toObject(),
                       tally[QStringLiteral("delivered_by_type")].toObject()));

    const auto kcat = run(QStringLiteral("kcat"),
                          {QStringLiteral("-C"), QStringLiteral("-b"), cluster_.brokers(),
                           QStringLiteral("-t"), topic, QStringLiteral("-o"),
                           QStringLiteral("beginning"), QStringLiteral("-e"), QStringLiteral("-q")},
                          60'000);
    QVERIFY2(kcat.finished && kcat.exitCode == 0, kcat.err.constData());
    QCOMPARE(kcat.out.count('\n'), qsizetype(kEvents));
}

void TestKafkaInterop::kcatFeedsTrackboard() {
    // Lines from a topic Trackboard's producer filled, re-keyed by user_id and written by kcat.
    constexpr int kEvents = 1'500;
    const QString source = freshTopic(QStringLiteral("interop-source"));
    const QString topic = freshTopic(QStringLiteral("interop-kcat"));
    const auto produce =
        trackboard({QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
                    QStringLiteral("--topic"), source, QStringLiteral("--count"),
                    QString::number(kEvents), QStringLiteral("--rate"), QStringLiteral("3000")});
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
    const auto keyed =
        run(QStringLiteral("kcat"),
            {QStringLiteral("-C"), QStringLiteral("-b"), cluster_.brokers(), QStringLiteral("-t"),
             source, QStringLiteral("-o"), QStringLiteral("beginning"), QStringLiteral("-e"),
             QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("%k\t%s\n")},
            60'000);
    QVERIFY2(keyed.finished && keyed.exitCode == 0, keyed.err.constData());
    QCOMPARE(keyed.out.count('\n'), qsizetype(kEvents));
    const auto write = run(QStringLiteral("kcat"),
                           {QStringLiteral("-P"), QStringLiteral("-b"), cluster_.brokers(),
                            QStringLiteral("-t"), topic, QStringLiteral("-K"), QStringLiteral("\t"),
                            QStringLiteral("-X"), QStringLiteral("partitioner=murmur2_random")},
                           60'000, keyed.out);
    QVERIFY2(write.finished && write.exitCode == 0, write.err.constData());

    const QJsonObject a = analyticsOf(topic, kEvents);
    QCOMPARE(a[QStringLiteral("events")].toInteger(), qint64(kEvents));
    QCOMPARE(a[QStringLiteral("rejected")].toInteger(), 0);
}

void TestKafkaInterop::kafkaPythonPlacesKeysAsTrackboard() {
    // Per-partition state and merged views are exact only if every producer puts a user in
    // the same partition; librdkafka's default partitioner (CRC32) would disagree with
    // kafka-python's murmur2 on about 5 keys in 6.
    constexpr int kEvents = 2'000;
    const QString source = freshTopic(QStringLiteral("interop-placed-by-trackboard"));
    const QString target = freshTopic(QStringLiteral("interop-placed-by-kafka-python"));
    const auto produce =
        trackboard({QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
                    QStringLiteral("--topic"), source, QStringLiteral("--count"),
                    QString::number(kEvents), QStringLiteral("--rate"), QStringLiteral("3000")});
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
    const auto agreement =
        run(python(),
            {interopScript(QStringLiteral("partition_agreement.py")), QStringLiteral("--brokers"),
             cluster_.brokers(), QStringLiteral("--source"), source, QStringLiteral("--target"),
             target, QStringLiteral("--count"), QString::number(kEvents)},
            180'000);
    QVERIFY2(agreement.finished && agreement.exitCode == 0, agreement.err.constData());
    const QJsonObject r = lastJsonLine(agreement.out);
    QCOMPARE(r[QStringLiteral("partitions")].toInteger(), 6);
    // Enough distinct users, spread over every partition, for agreement to mean something.
    QVERIFY2(r[QStringLiteral("keys")].toInteger() >= 50, agreement.out.constData());
    QCOMPARE(r[QStringLiteral("trackboard_partitions")].toArray().size(), 6);
    QVERIFY2(r[QStringLiteral("different")].toArray().isEmpty(), agreement.out.constData());
    QCOMPARE(r[QStringLiteral("same_partition")].toInteger(),
             r[QStringLiteral("keys")].toInteger());
}

QTEST_GUILESS_MAIN(TestKafkaInterop)
#include "tst_kafka_interop.moc"
