// A partition taken from the fraud group's worker, read on and committed by another member, and
// handed back: the worker resumes at the group's offset. The events the other member read were
// read by the group, not lost, so they must not show up in the worker's `skipped`, which says
// events were cut before anyone read them.
//
// And the other way round: an event that raised an alert is committed only once the alert is on
// the alerts topic. Committed before, a worker killed while the alert was on its way would leave
// the event to a member that never reads it again, and the attack would never be alerted.
#include "event_codec.h"
#include "kafka_consumer.h"
#include "kafka_producer.h"
#include "pipeline_latest.h"
#include "simulator.h"
#include "wall_clock_wait.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace trackboard;

class TestFraudHandover : public QObject {
    Q_OBJECT

private slots:
    void partitionComesBackAfterAnotherMemberReadOn();
    void anAlertLandsBeforeItsEventIsCommitted();

private:
    // Simulated events stamped with the wall clock, each flushed to the broker.
    void produce(KafkaProducer &producer, int count);

    Simulator simulator_;
};

namespace {

// The group's committed offsets summed over the topic's partitions (none committed counts 0),
// read by a handle that does not join the group.
std::int64_t committedTotal(const std::string &brokers, const char *group) {
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "group.id", group, errstr, sizeof errstr);
    KafkaHandle handle(rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr));
    if (!handle) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    KafkaPartitionList partitions(rd_kafka_topic_partition_list_new(kDefaultPartitions));
    for (int p = 0; p < kDefaultPartitions; ++p) {
        rd_kafka_topic_partition_list_add(partitions.get(), kDefaultTopic, p);
    }
    if (rd_kafka_committed(handle.get(), partitions.get(), 5'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return -1;
    }
    std::int64_t total = 0;
    for (int i = 0; i < partitions->cnt; ++i) {
        total += std::max<std::int64_t>(0, partitions->elems[i].offset);
    }
    return total;
}

} // namespace

void TestFraudHandover::produce(KafkaProducer &producer, int count) {
    Event event;
    std::string payload;
    for (int i = 0; i < count; ++i) {
        simulator_.next(QDateTime::currentMSecsSinceEpoch(), event);
        payload.clear();
        encodeEvent(event, payload);
        while (producer.produce(kDefaultTopic, event.userId, payload) ==
               KafkaProducer::ProduceResult::QueueFull) {
            producer.poll(10);
        }
    }
    QVERIFY(producer.flush(30'000));
}

void TestFraudHandover::partitionComesBackAfterAnotherMemberReadOn() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why), why.c_str());

    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers();
    options.alertsTopic.clear();
    options.deadLetterTopic.clear();
    options.runProducer = false;
    options.runAnalytics = false;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60'000);

    KafkaProducer producer;
    QVERIFY2(producer.open(options.kafka, {{"linger.ms", "5"}}, why), why.c_str());
    simulator_.setTargetSessions(300);
    constexpr std::uint64_t kBatch = 2'000;
    produce(producer, kBatch);
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraudStats.consumed, kBatch, 60'000);
    // The worker's commit has landed: the second member starts past the first batch.
    QTRY_COMPARE_WITH_TIMEOUT(committedTotal(options.kafka.brokers, FraudWorker::kDefaultGroup),
                              std::int64_t(kBatch), 30'000);

    // A second member joins and takes half the partitions. It reads what arrives on them, and
    // commits it.
    KafkaConsumer other;
    KafkaConsumer::Options otherOptions;
    otherOptions.kafka = options.kafka;
    otherOptions.groupId = FraudWorker::kDefaultGroup;
    QVERIFY2(other.open(otherOptions, why), why.c_str());
    std::vector<KafkaMessage> read;
    QTRY_VERIFY_WITH_TIMEOUT((other.poll(100, read), other.hasJoined()), 60'000);
    QVERIFY(read.empty()); // the worker had read everything
    produce(producer, kBatch);
    QTRY_COMPARE_WITH_TIMEOUT(
        (other.poll(50, read), read.size() + (latest.fraudStats.consumed - kBatch)), kBatch,
        60'000);
    QVERIFY2(read.size() > kBatch / 10, QByteArray::number(qulonglong(read.size())));
    for (const auto &message : read) {
        other.storeOffset(*message);
    }
    QVERIFY2(other.commit(why), why.c_str());
    const std::uint64_t readByOther = read.size();
    read.clear();  // librdkafka's handle waits for its messages to be freed
    other.close(); // its partitions go back to the worker, at what it committed

    // New events on every partition: the worker reads on from the group's offsets.
    produce(producer, kBatch);
    const std::uint64_t byWorker = 3 * kBatch - readByOther;
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraudStats.consumed, byWorker, 60'000);
    QCOMPARE(latest.fraudStats.skipped, 0u);
    QCOMPARE(latest.fraudStats.rejected, 0u);
    QCOMPARE(latest.fraudStats.applied, byWorker);
    pipeline.shutdown();
}

void TestFraudHandover::anAlertLandsBeforeItsEventIsCommitted() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why) &&
                 broker->createTopic(FraudWorker::kDefaultAlertsTopic, 1, why),
             why.c_str());
    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers();
    // Commits come every 100 ms: without the hold, the alert's event is committed long before
    // the alert lands.
    options.kafka.properties.emplace_back("auto.commit.interval.ms", "100");
    options.deadLetterTopic.clear();
    options.runProducer = false;
    options.runAnalytics = false;
    // A reader of the alerts topic, in its group before anything is alerted.
    KafkaConsumer reader;
    KafkaConsumer::Options readerOptions;
    readerOptions.kafka = options.kafka;
    readerOptions.kafka.topic = FraudWorker::kDefaultAlertsTopic;
    readerOptions.groupId = "tst-alert-reader";
    readerOptions.fromBeginning = true;
    QVERIFY2(reader.open(readerOptions, why), why.c_str());
    std::vector<KafkaMessage> batch;
    std::uint64_t onTopic = 0;
    const auto readAlerts = [&](int waitMs) {
        reader.poll(waitMs, batch);
        onTopic += batch.size();
        batch.clear();
    };
    QTRY_VERIFY_WITH_TIMEOUT((readAlerts(100), reader.hasJoined()), 60'000);

    // Shoppers, and one user's brute-force login: failures from one address, then a login from
    // another.
    KafkaProducer producer;
    QVERIFY2(producer.open(options.kafka, {{"linger.ms", "5"}}, why), why.c_str());
    simulator_.setTargetSessions(300);
    constexpr int kShoppers = 500;
    produce(producer, kShoppers);
    Event attack;
    simulator_.next(QDateTime::currentMSecsSinceEpoch(), attack);
    attack.userId = "brute-force-user";
    std::string payload;
    constexpr int kAttackEvents = 8;
    for (int i = 0; i < kAttackEvents; ++i) {
        attack.type = i + 1 < kAttackEvents ? EventType::LoginFailed : EventType::Login;
        attack.ipAddress = i + 1 < kAttackEvents ? "203.0.113.9" : "203.0.113.100";
        attack.eventId = "brute-force-" + std::to_string(i);
        attack.timestampMs = QDateTime::currentMSecsSinceEpoch();
        payload.clear();
        encodeEvent(attack, payload);
        QCOMPARE(producer.produce(kDefaultTopic, attack.userId, payload),
                 KafkaProducer::ProduceResult::Ok);
    }
    QVERIFY(producer.flush(30'000));
    // From now on the only producer is the worker's alerts producer: its first tries fail
    // and it retries, so each alert is on its way for seconds (retry.backoff.ms is 100).
    broker->pushRequestErrors(
        EmbeddedBroker::Request::Produce,
        std::vector<rd_kafka_resp_err_t>(50, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS));

    // The events are all on the broker before the group starts, from the earliest offset.
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));

    const std::int64_t total = kShoppers + kAttackEvents;
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraudStats.consumed, std::uint64_t(total), 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(latest.alerts > 0, 10'000);
    const std::uint64_t raised = latest.alerts;
    QVERIFY(waitUntil(60'000, [&] {
        readAlerts(0);
        return committedTotal(options.kafka.brokers, FraudWorker::kDefaultGroup) >= total;
    }));

    // Every event is committed: every alert is on the topic, readable at once.
    waitUntil(1'500, [&] {
        readAlerts(100);
        return onTopic >= raised;
    });
    reader.close();
    QVERIFY2(onTopic >= raised, qPrintable(QStringLiteral("%1 of %2 alerts on the topic when "
                                                          "their events were committed")
                                               .arg(onTopic)
                                               .arg(raised)));
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestFraudHandover)
#include "tst_fraud_handover.moc"
