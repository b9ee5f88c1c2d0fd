// The analytics worker's restart rebuild on the real cluster (label kafka): a worker that
// starts with the group's offsets at the end of the topic seeks each partition to (now - 60 min
// - allowed lateness) with offsets-for-times and re-reads, so the 60-minute charts come back
// instead of starting empty. The embedded broker answers every offsets-for-times lookup with
// "no offset", so this is the first place the path runs for real.
#include "kafka_cluster.h"

#include <QtTest>

using namespace kafkatest;

class TestKafkaRebuild : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void restartedAnalyticsRebuildsTheLastHour();

private:
    Cluster cluster_;
};

void TestKafkaRebuild::initTestCase() {
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
}

void TestKafkaRebuild::restartedAnalyticsRebuildsTheLastHour() {
    constexpr int kEvents = 4'000;
    const QString topic = uniqueName(QStringLiteral("rebuild"));
    const QString group = topic + QStringLiteral("-analytics");
    const auto setup = setupTopic(cluster_.brokers(), topic);
    QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);
    // Wall-clock timestamps: the events are from the last minute.
    const auto produce =
        trackboard({QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
                    QStringLiteral("--topic"), topic, QStringLiteral("--count"),
                    QString::number(kEvents), QStringLiteral("--rate"), QStringLiteral("4000")});
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());

    const QStringList analytics{QStringLiteral("analytics"),
                                QStringLiteral("--brokers"),
                                cluster_.brokers(),
                                QStringLiteral("--topic"),
                                topic,
                                QStringLiteral("--group"),
                                group,
                                QStringLiteral("--json")};
    const auto first = trackboard(
        analytics + QStringList{QStringLiteral("--max-events"), QString::number(kEvents)});
    QVERIFY2(first.finished && first.exitCode == 0, first.err.constData());
    QCOMPARE(lastJsonLine(first.out)[QStringLiteral("events")].toInteger(), qint64(kEvents));

    // The group has committed the end of the topic (checked by an independent client), so a
    // restart that only resumed there would show empty windows; the rebuild re-reads the hour.
    const auto committed =
        run(python(),
            {QStringLiteral("-c"),
             QStringLiteral(
                 "import sys\nfrom confluent_kafka import Consumer, TopicPartition\n"
                 "c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': sys.argv[3]})\n"
                 "parts = [TopicPartition(sys.argv[2], p) for p in range(6)]\n"
                 "print(sum(tp.offset for tp in c.committed(parts, timeout=15)))"),
             cluster_.brokers(), topic, group},
            60'000);
    QVERIFY2(committed.finished && committed.exitCode == 0, committed.err.constData());
    QCOMPARE(committed.out.trimmed().toLongLong(), qint64(kEvents));
    const auto restarted =
        trackboard(analytics + QStringList{QStringLiteral("--duration"), QStringLiteral("8")});
    QVERIFY2(restarted.finished && restarted.exitCode == 0, restarted.err.constData());
    const QJsonObject report = lastJsonLine(restarted.out);
    const QJsonObject windows = report[QStringLiteral("windows")].toObject();
    QCOMPARE(windows[QStringLiteral("60m")].toObject()[QStringLiteral("events")].toInteger(),
             qint64(kEvents));
    QCOMPARE(windows[QStringLiteral("5m")].toObject()[QStringLiteral("events")].toInteger(),
             qint64(kEvents));
    QCOMPARE(report[QStringLiteral("lag")].toInteger(), 0);
}

QTEST_GUILESS_MAIN(TestKafkaRebuild)
#include "tst_kafka_rebuild.moc"
