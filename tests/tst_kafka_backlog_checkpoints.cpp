// Checkpoints while the analytics worker reads a backlog, on the real cluster (label kafka):
// each checkpoint writes a partition's whole state, which grows with what is read, so a
// partition far behind is checkpointed every 30 s instead of every interval
// (checkpoint_pacing.h). The state topic's records show it: each carries where its partition
// resumes, so the test knows how much was left to read when it was written. 600,000 events of
// 12 partitions take seconds to read, several rounds of the 1 s interval; with a checkpoint
// every interval, partitions were checkpointed again and again while far behind. The
// embedded broker cannot show this: it keeps 5 MiB per partition, barely more than a fetch.
#include "analytics_state_codec.h"
#include "checkpoint_pacing.h"
#include "kafka_cluster.h"
#include "kafka_consumer.h"

#include <QtTest>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

using namespace kafkatest;

class TestKafkaBacklogCheckpoints : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void noCheckpointWhileCatchingUpAfterTheFirst();

private:
    // Reads `count` messages of `topic` from its start, in a group of its own.
    bool readAll(const QString &topic, qint64 count,
                 const std::function<void(const rd_kafka_message_t &)> &take);
    Cluster cluster_;
};

void TestKafkaBacklogCheckpoints::initTestCase() {
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
}

void TestKafkaBacklogCheckpoints::noCheckpointWhileCatchingUpAfterTheFirst() {
    constexpr int kEvents = 600'000;
    constexpr int kPartitions = 12;
    const QString topic = uniqueName(QStringLiteral("backlog"));
    const QString stateTopic = topic + QStringLiteral("-state");
    const QString group = topic + QStringLiteral("-analytics");
    const auto setup = setupTopic(cluster_.brokers(), topic,
                                  {QStringLiteral("--partitions"), QString::number(kPartitions),
                                   QStringLiteral("--state-topic"), stateTopic});
    QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);
    const auto produce = kafkatest::trackboard(
        {QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
         QStringLiteral("--topic"), topic, QStringLiteral("--count"), QString::number(kEvents),
         QStringLiteral("--rate"), QStringLiteral("1000000"), QStringLiteral("--clock"),
         QStringLiteral("virtual")},
        300'000);
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());

    const auto analytics = kafkatest::trackboard(
        {QStringLiteral("analytics"), QStringLiteral("--brokers"), cluster_.brokers(),
         QStringLiteral("--topic"), topic, QStringLiteral("--group"), group,
         QStringLiteral("--state-topic"), stateTopic, QStringLiteral("--from-beginning"),
         QStringLiteral("--max-events"), QString::number(kEvents), QStringLiteral("--interval"),
         QStringLiteral("3600"), QStringLiteral("--checkpoint-interval"), QStringLiteral("1"),
         QStringLiteral("--json")},
        300'000);
    QVERIFY2(analytics.finished && analytics.exitCode == 0, analytics.err.constData());
    const QJsonObject report = lastJsonLine(analytics.out);
    QCOMPARE(report[QStringLiteral("events")].toInteger(), qint64(kEvents));
    const QJsonObject checkpoints = report[QStringLiteral("checkpoints")].toObject();
    qInfo("checkpoints: %s", QJsonDocument(checkpoints).toJson(QJsonDocument::Compact).data());

    // Every record of the state topic: where its partition resumes, and its size.
    struct Record {
        std::int64_t resumeAt;
        std::int64_t bytes;
        std::int64_t writtenAtMs;
    };
    std::map<std::int32_t, std::vector<Record>> records;
    const qint64 written = checkpoints[QStringLiteral("written")].toInteger();
    qint64 read = 0;
    QVERIFY(readAll(stateTopic, written, [&](const rd_kafka_message_t &m) {
        ::trackboard::AnalyticsCheckpoint meta;
        std::string why;
        const std::string_view payload(static_cast<const char *>(m.payload), m.len);
        if (::trackboard::AnalyticsStateCodec::decodeHeader(payload, meta, why)) {
            records[meta.partition].push_back(
                {meta.nextOffset, std::int64_t(m.len), meta.writtenAtMs});
            ++read;
        }
    }));
    QCOMPARE(read, written);
    QCOMPARE(int(records.size()), kPartitions);
    // The events' mean size, as the worker reckons what is left to read.
    qint64 events = 0, eventBytes = 0;
    QVERIFY(readAll(topic, 12'000, [&](const rd_kafka_message_t &m) {
        ++events;
        eventBytes += qint64(m.len);
    }));
    const double meanBytes = double(eventBytes) / double(events);

    // After a partition's first checkpoint, none within 30 s of the one before while more than
    // twice a fetch and twice that checkpoint was left to read (the margin covers the mean's
    // estimate); the last record is the stop's, at its end.
    int whileCatchingUp = 0;
    for (const auto &[partition, list] : records) {
        const std::int64_t end = list.back().resumeAt;
        for (std::size_t i = 1; i + 1 < list.size(); ++i) {
            const double unread = double(end - list[i].resumeAt) * meanBytes;
            const bool due = list[i].writtenAtMs - list[i - 1].writtenAtMs >=
                             ::trackboard::CheckpointPacing::kLongestWaitMs;
            if (!due && unread > 2.0 * double(std::max<std::int64_t>(
                                           ::trackboard::CheckpointPacing::kFetchBytes,
                                           list[i - 1].bytes))) {
                qWarning("partition %d: checkpoint %zu of %zu with %.1f MB left to read", partition,
                         i + 1, list.size(), unread / 1e6);
                ++whileCatchingUp;
            }
        }
    }
    QCOMPARE(whileCatchingUp, 0);
}

bool TestKafkaBacklogCheckpoints::readAll(
    const QString &topic, qint64 count,
    const std::function<void(const rd_kafka_message_t &)> &take) {
    ::trackboard::KafkaConsumer reader;
    ::trackboard::KafkaConsumer::Options options;
    options.kafka.brokers = cluster_.brokers().toStdString();
    options.kafka.topic = topic.toStdString();
    options.groupId = uniqueName(QStringLiteral("reader")).toStdString();
    options.fromBeginning = true;
    std::string why;
    if (!reader.open(options, why)) {
        qWarning("%s", why.c_str());
        return false;
    }
    qint64 read = 0;
    std::vector<::trackboard::KafkaMessage> batch;
    QElapsedTimer clock;
    clock.start();
    while (read < count && clock.elapsed() < 60'000) {
        reader.poll(200, batch);
        for (const ::trackboard::KafkaMessage &m : batch) {
            if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && read < count) {
                take(*m.get());
                ++read;
            }
        }
        batch.clear();
    }
    reader.close();
    return read == count;
}

QTEST_GUILESS_MAIN(TestKafkaBacklogCheckpoints)
#include "tst_kafka_backlog_checkpoints.moc"
