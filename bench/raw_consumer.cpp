// The raw ceiling: a bare librdkafka consumer that only counts messages. It reads every partition
// of the topic from the beginning with the same fetch settings and batch size as Trackboard's
// workers, so the analytics worker's rate can be quoted as a fraction of it.
//
//   bench_raw_consumer BROKERS TOPIC EVENTS
//
// Prints one JSON object: events, seconds (first message to last), events_per_s.
#include <librdkafka/rdkafka.h>

#include "kafka_settings.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

struct HandleDeleter {
    void operator()(rd_kafka_t *rk) const {
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    }
};
struct QueueDeleter {
    void operator()(rd_kafka_queue_t *q) const { rd_kafka_queue_destroy(q); }
};
struct ListDeleter {
    void operator()(rd_kafka_topic_partition_list_t *l) const {
        rd_kafka_topic_partition_list_destroy(l);
    }
};

bool set(rd_kafka_conf_t *conf, const char *key, const char *value) {
    char error[256];
    if (rd_kafka_conf_set(conf, key, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
        std::fprintf(stderr, "bench_raw_consumer: %s\n", error);
        return false;
    }
    return true;
}

int partitionCount(rd_kafka_t *rk, const std::string &topic) {
    const rd_kafka_metadata_t *metadata = nullptr;
    if (rd_kafka_metadata(rk, 1, nullptr, &metadata, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return -1;
    }
    int count = -1;
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        if (topic == metadata->topics[i].topic) {
            count = metadata->topics[i].partition_cnt;
        }
    }
    rd_kafka_metadata_destroy(metadata);
    return count;
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: bench_raw_consumer BROKERS TOPIC EVENTS\n");
        return 2;
    }
    const std::string topic = argv[2];
    const unsigned long long wanted = std::strtoull(argv[3], nullptr, 10);

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    // The same fetch settings as ConsumerWorker; no group, so no join delay and no commits.
    if (!set(conf, "bootstrap.servers", argv[1]) || !set(conf, "group.id", "bench-raw") ||
        !set(conf, "enable.auto.commit", "false") || !set(conf, "fetch.wait.max.ms", "10") ||
        !set(conf, "enable.partition.eof", "false") ||
        !set(conf, "queued.min.messages", std::to_string(trackboard::kPrefetchMessages).c_str()) ||
        !set(conf, "queued.max.messages.kbytes",
             std::to_string(trackboard::kPrefetchKBytes).c_str())) {
        return 1;
    }
    char error[256];
    std::unique_ptr<rd_kafka_t, HandleDeleter> rk(
        rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error));
    if (!rk) {
        std::fprintf(stderr, "bench_raw_consumer: %s\n", error);
        return 1;
    }
    rd_kafka_poll_set_consumer(rk.get());
    const int partitions = partitionCount(rk.get(), topic);
    if (partitions <= 0) {
        std::fprintf(stderr, "bench_raw_consumer: topic %s not found\n", topic.c_str());
        return 1;
    }
    std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter> assignment(
        rd_kafka_topic_partition_list_new(partitions));
    for (int p = 0; p < partitions; ++p) {
        rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(rk.get(), assignment.get());
    std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_get_consumer(rk.get()));

    std::array<rd_kafka_message_t *, 4096> batch;
    unsigned long long count = 0;
    unsigned long long bytes = 0;
    Clock::time_point first{};
    Clock::time_point last{};
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    while (count < wanted && Clock::now() < deadline) {
        const auto n = rd_kafka_consume_batch_queue(queue.get(), 100, batch.data(), batch.size());
        for (ssize_t i = 0; i < n; ++i) {
            if (batch[std::size_t(i)]->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                ++count;
                bytes += batch[std::size_t(i)]->len;
            }
            rd_kafka_message_destroy(batch[std::size_t(i)]);
        }
        if (n > 0) {
            if (first == Clock::time_point{}) {
                first = Clock::now();
            }
            last = Clock::now();
        }
    }
    const double seconds = std::chrono::duration<double>(last - first).count();
    std::printf("{\"events\":%llu,\"bytes\":%llu,\"seconds\":%.4f,\"events_per_s\":%.0f}\n", count,
                bytes, seconds, seconds > 0 ? double(count) / seconds : 0.0);
    return count >= wanted ? 0 : 1;
}
