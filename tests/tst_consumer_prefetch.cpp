// The group consumers' prefetch bounds (issue 18): librdkafka 2.0 pauses fetching for a whole
// second once either bound is passed, so the bounds decide how fast a backlog can be read.
// These tests hold the two bounds to each other and to the events Trackboard actually reads,
// and check that an operator's -X still overrides them.
#include <QtTest>

#include "event_codec.h"
#include "kafka_settings.h"
#include "simulator.h"

#include <algorithm>
#include <string>

using namespace trackboard;

namespace {

std::string confValue(rd_kafka_conf_t *conf, const char *key) {
    char value[64];
    std::size_t size = sizeof value;
    if (rd_kafka_conf_get(conf, key, value, &size) != RD_KAFKA_CONF_OK) {
        return {};
    }
    return value;
}

} // namespace

class TestConsumerPrefetch : public QObject {
    Q_OBJECT

private slots:
    // librdkafka's own defaults are 100,000 messages and 64 MiB: the bounds that capped a
    // backlog read at one queue a second. Ours must be larger in both, or nothing changed.
    void boundsAreAboveLibrdkafkasDefaults() {
        QVERIFY(kPrefetchMessages > 100'000);
        QVERIFY(kPrefetchKBytes > 65'536);
    }

    // If the byte bound came first, raising the message bound would change nothing (the
    // mistake of an earlier attempt with -X queued.min.messages alone). Simulated events, the
    // largest of 20,000 from a shop with its business fields, must fit the message bound
    // within the byte bound.
    void messageBoundBindsBeforeTheByteBound() {
        Simulator simulator;
        Event event;
        std::string json;
        std::size_t largest = 0;
        for (int i = 0; i < 20'000; ++i) {
            simulator.next(1'767'225'600'000 + i * 50, event);
            json.clear();
            encodeEvent(event, json);
            largest = std::max(largest, json.size() + event.userId.size());
        }
        QVERIFY(largest > 200); // the stream is real events, not empty ones
        const auto byteBound = static_cast<std::size_t>(kPrefetchKBytes) * 1024;
        QVERIFY2(byteBound >= static_cast<std::size_t>(kPrefetchMessages) * largest,
                 qPrintable(QStringLiteral("%1 messages of up to %2 B exceed %3 KiB")
                                .arg(kPrefetchMessages)
                                .arg(largest)
                                .arg(kPrefetchKBytes)));
    }

    // The defaults reach librdkafka, and -X, applied after them, still wins.
    void defaultsReachLibrdkafkaAndGiveWayToX() {
        std::string error;
        KafkaConf conf = makeKafkaConf({}, consumerPrefetchDefaults(), error);
        QVERIFY2(conf, error.c_str());
        QCOMPARE(confValue(conf.get(), "queued.min.messages"), std::to_string(kPrefetchMessages));
        QCOMPARE(confValue(conf.get(), "queued.max.messages.kbytes"),
                 std::to_string(kPrefetchKBytes));

        KafkaSettings settings;
        settings.properties = {{"queued.min.messages", "1000"}};
        KafkaConf overridden = makeKafkaConf(settings, consumerPrefetchDefaults(), error);
        QVERIFY2(overridden, error.c_str());
        QCOMPARE(confValue(overridden.get(), "queued.min.messages"), std::string("1000"));
    }
};

QTEST_GUILESS_MAIN(TestConsumerPrefetch)
#include "tst_consumer_prefetch.moc"
