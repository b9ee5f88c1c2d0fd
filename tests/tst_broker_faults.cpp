// Broker faults injected into the embedded broker (librdkafka's mock cluster): an outage, failing
// requests with a slow broker, a full producer queue and a consumer that falls behind retention.
// Whatever happens, every delivered event is counted once by each group, or reported as skipped.
#include "pipeline_latest.h"
#include "report_format.h"

#include <QSignalSpy>
#include <QTest>

using namespace trackboard;

namespace {

// The outage the issue asks for is 10 s; TRACKBOARD_OUTAGE_MS shortens it for a quick run.
int outageMs() {
    const int fromEnv = qEnvironmentVariableIntValue("TRACKBOARD_OUTAGE_MS");
    return fromEnv > 0 ? fromEnv : 10'000;
}

// What a group had done when it fell short, so that a failure tells a consumer that stopped
// reading from one whose figures stopped coming.
QString describe(const ConsumerStats &c, std::uint64_t expected) {
    return QStringLiteral("%1: consumed %2 of %3; applied %4, duplicates %5, skipped %6, lag %7 "
                          "messages, state %8, last error \"%9\", snapshots every %10 ms "
                          "(last cost %11 ms), %12 messages held in %13 partitions, "
                          "%14 pauses")
        .arg(QString::fromStdString(c.group))
        .arg(c.consumed)
        .arg(expected)
        .arg(c.applied)
        .arg(c.duplicates)
        .arg(c.skipped)
        .arg(c.lagMessages)
        .arg(QString::fromStdString(c.state), QString::fromStdString(c.lastError))
        .arg(c.snapshotIntervalMs)
        .arg(c.snapshotCostMs)
        .arg(c.heldMessages)
        .arg(c.heldPartitions)
        .arg(c.partitionPauses);
}

// Nothing lost, nothing twice: both groups consumed exactly what was delivered, and the
// analytics aggregates equal the producer's own tally.
void verifyExactlyOnce(const Latest &latest, std::uint64_t expected) {
    const ProducerStats &p = latest.producer;
    QCOMPARE(p.produced, expected);
    QCOMPARE(p.delivered, expected);
    QCOMPARE(p.failed, 0u);
    QTRY_VERIFY2_WITH_TIMEOUT(latest.analyticsStats.consumed == expected,
                              qPrintable(describe(latest.analyticsStats, expected)), 60'000);
    QTRY_VERIFY2_WITH_TIMEOUT(latest.fraudStats.consumed == expected,
                              qPrintable(describe(latest.fraudStats, expected)), 60'000);
    for (const ConsumerStats *c : {&latest.analyticsStats, &latest.fraudStats}) {
        QCOMPARE(c->applied, expected);
        QCOMPARE(c->rejected, 0u); // a duplicate event_id would land here
        QCOMPARE(c->skipped, 0u);
    }
    QCOMPARE(latest.analytics.events, expected);
    QCOMPARE(latest.fraud.events, expected);
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(latest.analytics.eventsByType[t], p.deliveredByType[t]);
    }
    QCOMPARE(latest.analytics.totalRevenueCents(), p.deliveredRevenueCents);
}

// What the product guarantees when the log itself may hold an event twice: every delivered event
// is applied exactly once by each group, and each extra copy is set aside as a duplicate
// event_id. librdkafka's mock cluster can append a Produce retried across its down/up twice (the
// real broker's idempotence check drops it: tst_kafka_outage finds no duplicate in the log after
// a whole-cluster outage), and a producer recovered from a fatal error resends what it could not
// confirm.
void verifyEachEventAppliedOnce(const Latest &latest, std::uint64_t expected) {
    const ProducerStats &p = latest.producer;
    QCOMPARE(p.produced, expected);
    QCOMPARE(p.delivered, expected);
    QCOMPARE(p.failed, 0u);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.applied, expected, 60'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraudStats.applied, expected, 60'000);
    for (const ConsumerStats *c : {&latest.analyticsStats, &latest.fraudStats}) {
        const auto duplicates = c->rejectedBy[std::size_t(RejectReason::DuplicateEventId)];
        QCOMPARE(c->rejected, duplicates);
        QCOMPARE(c->consumed, expected + duplicates);
        QCOMPARE(c->skipped, 0u);
        qInfo("%s: %llu copies of an event set aside as duplicates", c->group.c_str(),
              static_cast<unsigned long long>(duplicates));
    }
    qInfo("producer restarts after a fatal error: %llu, events resent: %llu",
          static_cast<unsigned long long>(p.producerRestarts),
          static_cast<unsigned long long>(p.resent));
    QCOMPARE(latest.analytics.events, expected);
    QCOMPARE(latest.fraud.events, expected);
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(latest.analytics.eventsByType[t], p.deliveredByType[t]);
    }
    QCOMPARE(latest.analytics.totalRevenueCents(), p.deliveredRevenueCents);
}

// A pipeline on the test's own embedded broker at 5,000 events/s, without alert or dead-letter
// topics. The pipeline does not own that broker, so its analytics worker checkpoints as it
// would on a cluster.
Pipeline::Options onTheTestsBroker(const EmbeddedBroker &broker, std::uint64_t events) {
    Pipeline::Options options;
    options.kafka.brokers = broker.bootstrapServers();
    options.alertsTopic.clear();
    options.deadLetterTopic.clear();
    options.rate = 5000;
    options.maxProduce = events;
    return options;
}

} // namespace

class TestBrokerFaults : public QObject {
    Q_OBJECT

private slots:
    void outageMidStreamLosesNothing();
    void transientErrorsAndSlowBrokerLoseNothing();
    void rebalancesWhileCheckpointingLoseNothing();
    void fullQueueSlowsTheSimulatorWithoutDropping();
    void consumerBehindRetentionCountsSkipped();
    void pausedConsumerHoldsTheSimulator();
};

void TestBrokerFaults::outageMidStreamLosesNothing() {
    constexpr double kRate = 5000;
    // A second before the outage, and enough left to keep producing through it.
    const auto total = static_cast<std::uint64_t>(kRate * (4 + outageMs() / 1000.0));
    Pipeline::Options options;
    options.rate = kRate;
    options.maxProduce = total;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered >= std::uint64_t(kRate), 15'000);

    pipeline.embeddedBroker()->setBrokerDown(1, true);
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.state == "unreachable" && latest.producer.buffered > 0,
                             15'000);
    const QString text = producerReportText(latest.producer, QStringLiteral("user-activities"));
    QVERIFY2(
        text.contains(
            QStringLiteral("broker unreachable, %1 events buffered").arg(latest.producer.buffered)),
        qPrintable(text));
    QTest::qWait(outageMs()); // the outage itself, not a synchronisation
    QCOMPARE(latest.producer.state, std::string("unreachable"));
    QVERIFY(latest.producer.buffered > 0);
    QVERIFY(latest.producer.delivered < total);
    pipeline.embeddedBroker()->setBrokerDown(1, false);

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 90'000);
    latest.producer = finished.at(0).at(0).value<ProducerStats>();
    QCOMPARE(latest.producer.buffered, 0u);
    verifyEachEventAppliedOnce(latest, total);
    pipeline.shutdown();
}

void TestBrokerFaults::transientErrorsAndSlowBrokerLoseNothing() {
    // Our own broker, so that the faults are armed before the first request of any client.
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why), why.c_str());
    broker->setBrokerRttMs(1, 200);
    broker->pushRequestErrors(EmbeddedBroker::Request::JoinGroup,
                              {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
                               RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE});
    broker->pushRequestErrors(
        EmbeddedBroker::Request::Produce,
        {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
         RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
    broker->pushRequestErrors(EmbeddedBroker::Request::Fetch,
                              {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                               RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
                               RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION});
    broker->pushRequestErrors(EmbeddedBroker::Request::OffsetCommit,
                              {RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                               RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                               RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS});

    constexpr std::uint64_t kEvents = 20'000;
    Pipeline pipeline(onTheTestsBroker(*broker, kEvents));
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60'000);
    pipeline.startTraffic();
    // More failures while the events flow: the produce path and the commits retry them.
    broker->pushRequestErrors(
        EmbeddedBroker::Request::Produce,
        {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION});
    broker->pushRequestErrors(
        EmbeddedBroker::Request::OffsetCommit,
        {RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 90'000);
    latest.producer = finished.at(0).at(0).value<ProducerStats>();
    verifyExactlyOnce(latest, kEvents);
    pipeline.shutdown();
}

void TestBrokerFaults::rebalancesWhileCheckpointingLoseNothing() {
    // Each group is made to join again while the events flow, and once after: after a
    // rebalance's revoke, and after a lost assignment, which writes no final checkpoint. The
    // analytics worker then resumes each partition from the state it kept or its last checkpoint,
    // whichever reaches further, and a checkpoint may be older while the state outgrows the bytes
    // read between two (checkpoint_pacing.h).
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why), why.c_str());
    constexpr std::uint64_t kEvents = 20'000;
    Pipeline pipeline(onTheTestsBroker(*broker, kEvents));
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60'000);
    pipeline.startTraffic();
    for (const std::uint64_t at : {4'000u, 9'000u, 14'000u}) {
        QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered >= at, 30'000);
        broker->pushRequestErrors(
            EmbeddedBroker::Request::Heartbeat,
            {RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID});
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 90'000);
    latest.producer = finished.at(0).at(0).value<ProducerStats>();
    verifyExactlyOnce(latest, kEvents);
    QVERIFY(latest.analyticsStats.checkpointsWritten > 0);

    // Lost once more after the stream: until it is assigned again, its report stands on the
    // state it kept, not on what the state topic's reader has seen (it fell to 7,515 before).
    std::uint64_t lowest = kEvents;
    QObject::connect(&pipeline, &Pipeline::analyticsSnapshot,
                     [&lowest](const AnalyticsSnapshot &s, const ConsumerStats &) {
                         lowest = std::min<std::uint64_t>(lowest, s.events);
                     });
    QSignalSpy reading(&pipeline, &Pipeline::readingCheckpoints);
    broker->pushRequestErrors(
        EmbeddedBroker::Request::Heartbeat,
        {RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
         RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID});
    // Assigned again: it read the state topic (true), then went on (false).
    QTRY_VERIFY_WITH_TIMEOUT(reading.count() >= 2 && !reading.last().at(0).toBool(), 60'000);
    QCOMPARE(lowest, kEvents);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analytics.events, kEvents, 10'000);
    pipeline.shutdown();
}

void TestBrokerFaults::fullQueueSlowsTheSimulatorWithoutDropping() {
    constexpr std::uint64_t kEvents = 12'000;
    Pipeline::Options options;
    options.rate = 5000;
    options.maxProduce = kEvents;
    // A small local queue, so that a short outage fills it.
    options.kafka.properties.emplace_back("queue.buffering.max.messages", "1000");
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered >= 1000, 15'000);

    pipeline.embeddedBroker()->setBrokerDown(1, true);
    // The queue fills, the simulator waits for room and says so; it never drops an event.
    // Waits alone are not enough: on a loaded machine a moment's full queue before the outage
    // counts one, and the report then rightly says nothing of a queue that has room again.
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.queueFull && latest.producer.backpressureWaits > 0,
                             15'000);
    const auto producedWhileFull = latest.producer.produced;
    QVERIFY(latest.producer.buffered <= 1000);
    const QString text = producerReportText(latest.producer, QStringLiteral("user-activities"));
    QVERIFY2(text.contains(QStringLiteral("queue full")), qPrintable(text));
    pipeline.embeddedBroker()->setBrokerDown(1, false);

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
    latest.producer = finished.at(0).at(0).value<ProducerStats>();
    QVERIFY(latest.producer.produced > producedWhileFull);
    verifyExactlyOnce(latest, kEvents);
    pipeline.shutdown();
}

void TestBrokerFaults::consumerBehindRetentionCountsSkipped() {
    // One partition, so that its 5 MiB of retention is overrun quickly.
    Pipeline::Options options;
    options.kafka.partitions = 1;
    options.rate = 100'000;
    options.runFraud = false;
    options.throttleProducer = false; // it would hold the producer back: see the next test
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    pipeline.setRate(2000);
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered >= 1000, 15'000);
    pipeline.stopTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.state == "stopped" &&
                                 latest.producer.delivered == latest.producer.produced,
                             15'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, latest.producer.delivered, 15'000);

    pipeline.setConsumersPaused(true);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.state, std::string("paused"), 10'000);
    const auto readBeforePause = latest.analyticsStats.consumed;
    // About 16k events fit in 5 MiB; three times that overruns retention for sure.
    pipeline.setRate(100'000);
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered >= readBeforePause + 50'000, 60'000);
    pipeline.stopTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.state == "stopped" &&
                                 latest.producer.delivered == latest.producer.produced,
                             30'000);
    QCOMPARE(latest.analyticsStats.consumed, readBeforePause); // paused means paused

    pipeline.setConsumersPaused(false);
    const auto delivered = latest.producer.delivered;
    // Every delivered event is either read or reported as skipped, never silently gone.
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed + latest.analyticsStats.skipped,
                              delivered, 60'000);
    QVERIFY(latest.analyticsStats.skipped > 0);
    QCOMPARE(latest.analyticsStats.duplicates, 0u);
    QCOMPARE(latest.analytics.events, latest.analyticsStats.applied);
    QCOMPARE(latest.analyticsStats.applied, latest.analyticsStats.consumed);
    QCOMPARE(consumerStatsJson(latest.analyticsStats)[QStringLiteral("skipped")].toInteger(),
             qint64(latest.analyticsStats.skipped));
    pipeline.shutdown();
}

void TestBrokerFaults::pausedConsumerHoldsTheSimulator() {
    // The same overrun as above with the throttle on, as `demo` and the dashboard run: the
    // simulator stops before the broker's retention cuts what the paused group has not read.
    Pipeline::Options options;
    options.kafka.partitions = 1;
    options.rate = 100'000;
    options.runFraud = false;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QVERIFY(pipeline.throttlesProducer());
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    pipeline.setConsumersPaused(true);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.state, std::string("paused"), 10'000);
    pipeline.startTraffic();
    // Held: allowed no events per second, and says why. (60 s: the asan build on a loaded
    // machine once took longer than 30 to make the 8,000 events the hold allows.)
    QTRY_VERIFY2_WITH_TIMEOUT(latest.producer.throttled && latest.producer.throttleRate == 0,
                              qPrintable(QStringLiteral("produced %1, %2 ahead, held at %3/s")
                                             .arg(latest.producer.produced)
                                             .arg(latest.producer.throttleBehind)
                                             .arg(latest.producer.throttleRate)),
                              60'000);
    const QString text = producerReportText(latest.producer, QStringLiteral("user-activities"));
    QVERIFY2(
        text.contains(
            QStringLiteral("throttled: consumers %1 behind").arg(latest.producer.throttleBehind)),
        qPrintable(text));
    // Everything made so far fits in the one partition's 5 MiB (about 16k events).
    QVERIFY2(latest.producer.produced < 16'000,
             qPrintable(QString::number(latest.producer.produced)));
    QCOMPARE(latest.analyticsStats.consumed, 0u); // paused means paused

    pipeline.setConsumersPaused(false);
    // The group reads again, so the producer runs again, and so on: nothing is cut meanwhile.
    const auto heldAt = latest.producer.produced;
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.produced > heldAt + 20'000, 60'000);
    pipeline.stopTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.state == "stopped" &&
                                 latest.producer.delivered == latest.producer.produced,
                             30'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, latest.producer.delivered, 60'000);
    QCOMPARE(latest.analyticsStats.skipped, 0u);
    QVERIFY(latest.producer.throttledMs > 0);
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestBrokerFaults)
#include "tst_broker_faults.moc"
