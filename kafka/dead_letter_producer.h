#pragma once

#include "kafka_producer.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace trackboard {

// Sets rejected messages aside on the dead-letter topic, byte for byte with their key, so that
// nothing a sender wrote is lost. Headers say why and where each came from:
//   reason              the reject reason (docs/reliability.md lists them)
//   field               the offending field, when there is one
//   original_topic      the topic it was read from
//   original_partition  decimal
//   original_offset     decimal
//   forwarded_by        the consumer group that refused it
// Not thread-safe: one per worker.
class DeadLetterProducer {
public:
    static constexpr const char *kDefaultTopic = "user-activities-dlq";
    // Larger than any message the activity topic accepts by default, so an oversized event is
    // set aside whole rather than refused again.
    static constexpr int kMaxMessageBytes = 4 * 1024 * 1024;

    bool open(const KafkaSettings &settings, std::string topic, std::string group,
              std::string &error);
    bool isOpen() const { return producer_.isOpen(); }
    const std::string &topic() const { return topic_; }

    void forward(const rd_kafka_message_t &message, std::string_view reason,
                 std::string_view field);
    // Serves delivery reports.
    void poll() { producer_.poll(0); }
    // Rejects not yet delivered or given up; after close(), those it dropped.
    int outstanding() const { return producer_.outstanding(); }
    // Bounded flush, then releases the producer.
    void close(int flushTimeoutMs) { producer_.close(flushTimeoutMs); }

    std::uint64_t delivered() const { return producer_.delivered(); }
    // Refused, or given up by librdkafka after its retries.
    std::uint64_t failed() const { return producer_.failed() + unqueued_; }
    const std::string &lastError() const { return producer_.lastError(); }

private:
    KafkaProducer producer_;
    std::string topic_;
    std::string group_;
    std::uint64_t unqueued_ = 0;
};

} // namespace trackboard
