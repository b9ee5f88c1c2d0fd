// The analytics worker's checkpoints on a cluster the pipeline does not run itself (an
// embedded broker it is only pointed at, so that checkpoints are on):
// - partitions are checkpointed one at a time, spread over the interval, not all in one go:
//   a round of every owned partition at once held the worker's thread for the whole state's
//   encoding, and every live event queued behind it waited that long (on a real cluster, the
//   analytics group's p99 latency grew with its state). The state topic's records show the
//   spacing: each carries the time it was written;
// - a new assignment makes the member read the state topic before it counts anything, and the
//   whole group waits for that read, which a large or uncompacted state topic makes long (up
//   to 30 s). The pipeline says so while it lasts, so that `trackboard demo` does not start
//   traffic behind it and report the read as the first events' latency;
// - a checkpoint resumes past every message handled, rejects included, so none is written
//   while a reject's dead letter is still on its way: a kill in between would leave the reject
//   neither on the dead-letter topic nor to be read again.
#include "analytics_state_codec.h"
#include "kafka_consumer.h"
#include "kafka_producer.h"
#include "pipeline_latest.h"
#include "simulator.h"
#include "wall_clock_wait.h"

#include <QSignalSpy>
#include <QTest>

#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <memory>

using namespace trackboard;

namespace {

// A broker with the activity topic and the state topic; null with `why` set.
std::unique_ptr<EmbeddedBroker> startCluster(std::string &why) {
    auto broker = EmbeddedBroker::start(1, why);
    if (broker && (!broker->createTopic(kDefaultTopic, kDefaultPartitions, why) ||
                   !broker->createTopic(AnalyticsWorker::kDefaultStateTopic, 1, why))) {
        broker.reset();
    }
    return broker;
}

// The analytics group alone, reading `broker` as an external cluster: checkpoints are on.
Pipeline::Options analyticsOnly(const EmbeddedBroker &broker) {
    Pipeline::Options options;
    options.kafka.brokers = broker.bootstrapServers();
    options.alertsTopic.clear();
    options.deadLetterTopic.clear();
    options.runFraud = false;
    return options;
}

// A reader of `topic` from its start, in a group of its own: `why` is set when it cannot open.
bool openReader(KafkaConsumer &reader, const KafkaSettings &kafka, const char *topic,
                const char *group, std::string &why) {
    KafkaConsumer::Options options;
    options.kafka = kafka;
    options.kafka.topic = topic;
    options.groupId = group;
    options.fromBeginning = true;
    return reader.open(options, why);
}

} // namespace

class TestAnalyticsCheckpoints : public QObject {
    Q_OBJECT

private slots:
    void partitionsAreCheckpointedOneAtATime();
    void theReadIsAnnouncedBeforeTheGroupIsReady();
    void noCheckpointPassesARejectOnItsWay();
};

void TestAnalyticsCheckpoints::partitionsAreCheckpointedOneAtATime() {
    std::string why;
    auto broker = startCluster(why);
    QVERIFY2(broker, why.c_str());

    // Traffic on every partition until two rounds are written, so that each round finds all
    // of them dirty. Waiting for the rounds, not for a fixed number of events: a loaded machine
    // (the sanitizer build in CI) encodes slower, which stretches the round interval.
    constexpr int kIntervalMs = 1'000;
    constexpr std::uint64_t kRounds = 2;
    Pipeline::Options options = analyticsOnly(*broker);
    options.rate = 3000;
    options.analyticsState.checkpointIntervalMs = kIntervalMs;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60'000);
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.analyticsStats.checkpointsWritten >=
                                 kRounds * std::uint64_t(kDefaultPartitions),
                             60'000);
    pipeline.stopTraffic();
    const std::uint64_t written = latest.analyticsStats.checkpointsWritten;

    // Read back what the timer wrote, before the stop writes every partition at once.
    KafkaConsumer reader;
    QVERIFY2(openReader(reader, options.kafka, AnalyticsWorker::kDefaultStateTopic,
                        "tst-checkpoint-spread", why),
             why.c_str());
    std::vector<std::int64_t> writtenAtMs;
    std::vector<KafkaMessage> batch;
    const bool readBack = waitUntil(30'000, [&] {
        reader.poll(100, batch);
        for (const KafkaMessage &m : batch) {
            AnalyticsCheckpoint meta;
            std::string decodeError;
            const std::string_view payload(static_cast<const char *>(m->payload), m->len);
            if (AnalyticsStateCodec::decodeHeader(payload, meta, decodeError)) {
                writtenAtMs.push_back(meta.writtenAtMs);
            }
        }
        batch.clear();
        return writtenAtMs.size() >= written;
    });
    QVERIFY2(
        readBack,
        qPrintable(
            QStringLiteral("read back %1 of %2 checkpoints").arg(writtenAtMs.size()).arg(written)));
    reader.close();
    pipeline.shutdown();

    // One partition per tick: consecutive checkpoints are about interval / partitions apart.
    // All at once, most of them would be within a few milliseconds of the one before.
    std::sort(writtenAtMs.begin(), writtenAtMs.end());
    std::vector<std::int64_t> gaps;
    for (std::size_t i = 1; i < writtenAtMs.size(); ++i) {
        gaps.push_back(writtenAtMs[i] - writtenAtMs[i - 1]);
    }
    std::nth_element(gaps.begin(), gaps.begin() + std::ptrdiff_t(gaps.size() / 2), gaps.end());
    const std::int64_t medianGap = gaps[gaps.size() / 2];
    const std::int64_t tick = kIntervalMs / kDefaultPartitions;
    QVERIFY2(medianGap >= tick / 2,
             qPrintable(QStringLiteral("median gap between checkpoints %1 ms, tick %2 ms")
                            .arg(medianGap)
                            .arg(tick)));
}

void TestAnalyticsCheckpoints::theReadIsAnnouncedBeforeTheGroupIsReady() {
    std::string why;
    auto broker = startCluster(why);
    QVERIFY2(broker, why.c_str());

    const Pipeline::Options options = analyticsOnly(*broker);
    Pipeline pipeline(options);
    QStringList order;
    connect(&pipeline, &Pipeline::readingCheckpoints, this, [&](bool reading) {
        order << (reading ? QStringLiteral("reading") : QStringLiteral("read"));
    });
    connect(&pipeline, &Pipeline::consumersReady, this, [&] { order << QStringLiteral("ready"); });
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(order.contains(QStringLiteral("ready")), 60'000);
    QCOMPARE(order, (QStringList{QStringLiteral("reading"), QStringLiteral("read"),
                                 QStringLiteral("ready")}));
    pipeline.shutdown();
}

void TestAnalyticsCheckpoints::noCheckpointPassesARejectOnItsWay() {
    std::string why;
    auto broker = EmbeddedBroker::start(3, why);
    QVERIFY2(broker, why.c_str());
    const char *deadLetters = DeadLetterProducer::kDefaultTopic;
    for (const char *topic : {kDefaultTopic, AnalyticsWorker::kDefaultStateTopic, deadLetters}) {
        QVERIFY2(broker->createTopic(topic, 1, why), why.c_str());
        const int leader = topic == deadLetters ? 3 : 1;
        QCOMPARE(rd_kafka_mock_partition_set_leader(broker->cluster(), topic, 0, leader),
                 RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers();
    options.alertsTopic.clear();
    options.runFraud = false;
    options.runProducer = false;
    options.analyticsState.checkpointIntervalMs = 100;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60'000);

    // From now on the dead-letter topic's leader answers 2 s late, the others at once. Valid
    // events around one that is not JSON.
    constexpr int kSlowMs = 2'000;
    broker->setBrokerRttMs(3, kSlowMs);
    KafkaProducer producer;
    QVERIFY2(producer.open(options.kafka, {}, why), why.c_str());
    Simulator simulator;
    Event event;
    std::string payload;
    constexpr std::int64_t kReject = 200; // its offset
    for (int i = 0; i <= 2 * kReject; ++i) {
        simulator.next(QDateTime::currentMSecsSinceEpoch(), event);
        payload.clear();
        encodeEvent(event, payload);
        QCOMPARE(producer.produce(kDefaultTopic, event.userId,
                                  i == kReject ? std::string_view("{not json") : payload),
                 KafkaProducer::ProduceResult::Ok);
    }
    QVERIFY(producer.flush(30'000));
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, std::uint64_t(2 * kReject + 1),
                              60'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.deadLettered, 1u, 30'000);
    broker->setBrokerRttMs(3, 0);

    // The dead letter's time is when the worker handed it over, at the reject's handling.
    KafkaConsumer deadLetterReader;
    QVERIFY2(openReader(deadLetterReader, options.kafka, deadLetters, "tst-dead-letters", why),
             why.c_str());
    std::vector<KafkaMessage> batch;
    std::int64_t handedOverMs = -1;
    QVERIFY(waitUntil(30'000, [&] {
        deadLetterReader.poll(100, batch);
        for (const KafkaMessage &m : batch) {
            handedOverMs = rd_kafka_message_timestamp(m.get(), nullptr);
        }
        batch.clear();
        return handedOverMs > 0;
    }));
    deadLetterReader.close();

    // The first checkpoint past the reject, written by the timer.
    KafkaConsumer stateReader;
    QVERIFY2(openReader(stateReader, options.kafka, AnalyticsWorker::kDefaultStateTopic,
                        "tst-checkpoints-past-reject", why),
             why.c_str());
    std::int64_t firstPastMs = -1;
    QVERIFY(waitUntil(30'000, [&] {
        stateReader.poll(100, batch);
        for (const KafkaMessage &m : batch) {
            AnalyticsCheckpoint meta;
            std::string decodeError;
            const std::string_view text(static_cast<const char *>(m->payload), m->len);
            if (AnalyticsStateCodec::decodeHeader(text, meta, decodeError) &&
                meta.nextOffset > kReject && firstPastMs < 0) {
                firstPastMs = meta.writtenAtMs;
            }
        }
        batch.clear();
        return firstPastMs > 0;
    }));
    stateReader.close();
    pipeline.shutdown();
    // Without the wait, the first checkpoint past the reject came about a tick after it.
    QVERIFY2(firstPastMs - handedOverMs >= kSlowMs / 2,
             qPrintable(QStringLiteral("checkpoint past the reject %1 ms after its dead letter "
                                       "was handed over")
                            .arg(firstPastMs - handedOverMs)));
}

QTEST_GUILESS_MAIN(TestAnalyticsCheckpoints)
#include "tst_analytics_checkpoints.moc"
