// A rebalance takes the analytics group's partitions away and gives them back while the state
// topic refuses every checkpoint. The worker must resume each partition from the state it kept
// since the revoke, not from an older checkpoint or from empty state at the group's committed
// offset: either would lose the events read since, as its offset tracker would drop them when
// read again as redelivered.
#include "kafka_consumer.h"
#include "pipeline_latest.h"

#include <QSignalSpy>
#include <QTest>

using namespace trackboard;

class TestAnalyticsHandover : public QObject {
    Q_OBJECT

private slots:
    void partitionsComeBackWhileCheckpointsFail();
};

void TestAnalyticsHandover::partitionsComeBackWhileCheckpointsFail() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why), why.c_str());

    constexpr std::uint64_t kEvents = 6'000;
    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers();
    options.alertsTopic.clear();
    options.deadLetterTopic.clear();
    options.runFraud = false;
    options.rate = 3000;
    options.maxProduce = kEvents;
    // No checkpoint on the timer: the revoke's is the only one, and it will fail.
    options.analyticsState.checkpointIntervalMs = 3'600'000;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60'000);
    pipeline.startTraffic();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
    latest.producer = finished.at(0).at(0).value<ProducerStats>();
    QCOMPARE(latest.producer.delivered, kEvents);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, kEvents, 60'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analytics.events, kEvents, 10'000);
    QCOMPARE(latest.analyticsStats.checkpointsWritten, 0u);

    // From now on every Produce is refused for good: the checkpoints the revokes write never
    // reach the state topic.
    broker->pushRequestErrors(
        EmbeddedBroker::Request::Produce,
        std::vector<rd_kafka_resp_err_t>(50, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE));

    // A second member joins the group, which takes half the partitions away, and leaves, which
    // gives them back. It commits nothing.
    KafkaConsumer other;
    KafkaConsumer::Options otherOptions;
    otherOptions.kafka = options.kafka;
    otherOptions.groupId = AnalyticsWorker::kDefaultGroup;
    QVERIFY2(other.open(otherOptions, why), why.c_str());
    std::vector<KafkaMessage> read;
    QTRY_VERIFY_WITH_TIMEOUT((other.poll(100, read), other.hasJoined()), 60'000);
    read.clear();
    // The worker's revoke tried to checkpoint its partitions, and could not.
    QTRY_VERIFY_WITH_TIMEOUT(latest.analyticsStats.lastError.find("checkpoints not written") !=
                                 std::string::npos,
                             30'000);
    other.close();

    // Every partition back with the worker: every event counted once, none read twice.
    QTRY_COMPARE_WITH_TIMEOUT(latest.analytics.events, kEvents, 60'000);
    QCOMPARE(latest.analyticsStats.consumed, kEvents);
    QCOMPARE(latest.analyticsStats.applied, kEvents);
    QCOMPARE(latest.analyticsStats.rejected, 0u);
    QCOMPARE(latest.analyticsStats.skipped, 0u);
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(latest.analytics.eventsByType[t], latest.producer.deliveredByType[t]);
    }
    QCOMPARE(latest.analytics.totalRevenueCents(), latest.producer.deliveredRevenueCents);
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestAnalyticsHandover)
#include "tst_analytics_handover.moc"
