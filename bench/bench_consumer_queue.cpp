// What a consumer's prefetch queue costs per message: the term of the memory formula
// (docs/memory.md, "The formula") for consumers running behind. librdkafka's fetcher reads
// ahead of the application into a local queue, bounded by queued.min.messages (100,000 by
// default) and queued.max.messages.kbytes (64 MiB); every message there holds an op and its
// share of the fetch response it came in.
//
//   bench_consumer_queue [EVENTS=60000] [SMALL_QUEUE=10000]
//
// Produces EVENTS simulator events, encoded as the pipeline encodes them, to a 6-partition
// topic on librdkafka's mock cluster (the embedded broker). Then, twice, a consumer with the
// workers' fetch settings is assigned every partition and never polls a message, so that its
// fetcher fills the queue: once bounded at SMALL_QUEUE messages, once with the defaults. The
// heap in use (mallinfo2, every arena) is read before each consumer and once its queue stops
// growing; the difference between the two runs over the difference in queued messages is the
// heap per queued message, without the consumer's fixed cost. Prints one JSON object.
#include "event_codec.h"
#include "simulator.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

using namespace trackboard;

namespace {

constexpr int kPartitions = 6;
constexpr const char *kTopic = "user-activities";

double heapInUse() {
    const struct mallinfo2 m = mallinfo2();
    return double(m.uordblks + m.hblkhd);
}

bool set(rd_kafka_conf_t *conf, const char *key, const std::string &value) {
    char error[256];
    if (rd_kafka_conf_set(conf, key, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
        std::fprintf(stderr, "bench_consumer_queue: %s\n", error);
        return false;
    }
    return true;
}

// The largest number after `"field":` in a statistics JSON. Every partition reports the
// consumer queue it forwards to, not a share of it, so the largest is the queue's own figure.
long long maxField(const char *json, const std::string &field) {
    const std::string needle = "\"" + field + "\":";
    long long largest = 0;
    for (const char *at = std::strstr(json, needle.c_str()); at != nullptr;
         at = std::strstr(at + 1, needle.c_str())) {
        largest = std::max(largest, std::atoll(at + needle.size()));
    }
    return largest;
}

struct QueueFigures {
    long long messages = 0;
    long long bytes = 0;
};

int onStats(rd_kafka_t *, char *json, size_t, void *opaque) {
    auto *figures = static_cast<QueueFigures *>(opaque);
    figures->messages = maxField(json, "fetchq_cnt");
    figures->bytes = maxField(json, "fetchq_size");
    return 0; // librdkafka frees the JSON
}

struct Fill {
    QueueFigures queue;
    double heapBytes = 0; // in use once the queue stopped growing, less before the consumer
};

// A consumer that fetches and never polls a message: its queue fills to the bounds.
Fill fillQueue(const std::string &brokers, long long queuedMinMessages, const char *group) {
    Fill fill;
    const double before = heapInUse();
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", brokers);
    set(conf, "group.id", group);
    set(conf, "enable.auto.commit", "false");
    set(conf, "fetch.wait.max.ms", "10"); // as the workers (kafka/consumer_worker.cpp)
    set(conf, "fetch.error.backoff.ms", "50");
    set(conf, "statistics.interval.ms", "100");
    if (queuedMinMessages > 0) {
        set(conf, "queued.min.messages", std::to_string(queuedMinMessages));
    }
    rd_kafka_conf_set_stats_cb(conf, onStats);
    rd_kafka_conf_set_opaque(conf, &fill.queue);
    char error[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (rk == nullptr) {
        std::fprintf(stderr, "bench_consumer_queue: %s\n", error);
        std::exit(1);
    }
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(kPartitions);
    for (int p = 0; p < kPartitions; ++p) {
        rd_kafka_topic_partition_list_add(parts, kTopic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(rk, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    // rd_kafka_poll serves the statistics from the main queue; the messages wait in the
    // consumer queue, which nothing reads. Stable for 10 statistics in a row: the bound.
    long long last = -1;
    int stable = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (stable < 10 && std::chrono::steady_clock::now() < deadline) {
        rd_kafka_poll(rk, 100);
        stable = fill.queue.messages > 0 && fill.queue.messages == last ? stable + 1 : 0;
        last = fill.queue.messages;
    }
    fill.heapBytes = heapInUse() - before;
    rd_kafka_assign(rk, nullptr);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return fill;
}

} // namespace

int main(int argc, char **argv) {
    const long long events = argc > 1 ? std::atoll(argv[1]) : 60'000;
    const long long smallQueue = argc > 2 ? std::atoll(argv[2]) : 10'000;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    set(conf, "test.mock.num.brokers", "1");
    set(conf, "enable.idempotence", "true"); // as the producer (kafka/producer_worker.cpp)
    set(conf, "linger.ms", "5");
    set(conf, "batch.num.messages", "10000");
    set(conf, "queue.buffering.max.messages", "500000");
    char error[256];
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (producer == nullptr) {
        std::fprintf(stderr, "bench_consumer_queue: %s\n", error);
        return 1;
    }
    rd_kafka_mock_cluster_t *cluster = rd_kafka_handle_mock_cluster(producer);
    rd_kafka_mock_topic_create(cluster, kTopic, kPartitions, 1);
    const std::string brokers = rd_kafka_mock_cluster_bootstraps(cluster);

    Simulator simulator;
    simulator.setTargetSessions(160'000); // 8 s of think time at 20,000 events/s, as the producer
    Event event;
    std::string value;
    double valueBytes = 0;
    double keyBytes = 0;
    std::int64_t nowMs = 1'764'979'200'000;
    for (long long i = 0; i < events; ++i) {
        nowMs += 1;
        simulator.next(nowMs, event);
        value.clear();
        encodeEvent(event, value);
        valueBytes += double(value.size());
        keyBytes += double(event.userId.size());
        while (rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(kTopic),
                                 RD_KAFKA_V_KEY(event.userId.data(), event.userId.size()),
                                 RD_KAFKA_V_VALUE(value.data(), value.size()),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                 RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(producer, 10);
        }
    }
    if (rd_kafka_flush(producer, 60'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::fprintf(stderr, "bench_consumer_queue: flush timed out\n");
        return 1;
    }
    const Fill small = fillQueue(brokers, smallQueue, "bench-small");
    const Fill full = fillQueue(brokers, 0, "bench-full");
    const double perMessage =
        (full.heapBytes - small.heapBytes) / double(full.queue.messages - small.queue.messages);
    std::printf("{\"events\": %lld, \"mean_value_bytes\": %.0f, \"mean_key_bytes\": %.0f,"
                " \"small\": {\"queued\": %lld, \"queued_bytes\": %lld, \"heap_bytes\": %.0f},"
                " \"full\": {\"queued\": %lld, \"queued_bytes\": %lld, \"heap_bytes\": %.0f},"
                " \"heap_bytes_per_queued_message\": %.0f}\n",
                events, valueBytes / double(events), keyBytes / double(events),
                small.queue.messages, small.queue.bytes, small.heapBytes, full.queue.messages,
                full.queue.bytes, full.heapBytes, perMessage);
    rd_kafka_destroy(producer);
    return 0;
}
