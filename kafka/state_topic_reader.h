#pragma once

#include "kafka_settings.h"
#include "rdkafka_handles.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace trackboard {

// Follows the compacted state topic (docs/scaling.md) and keeps its latest record per key:
// what a worker loads on assignment, and what `trackboard view` and every worker's global
// report merge. A plain consumer without a group: it assigns every partition of the topic from
// the beginning, so compaction (or, on the embedded broker, retention) bounds what it reads.
class StateTopicReader {
public:
    // Only records whose key starts with `keyPrefix` are kept (one group and activity topic's
    // checkpoints, AnalyticsStateCodec::key); others sharing the topic are read and dropped.
    bool open(const KafkaSettings &settings, const std::string &stateTopic,
              const std::string &keyPrefix, std::string &error);
    bool isOpen() const { return consumer_ != nullptr; }
    // Reads up to the end the topic had when called, for at most `timeoutMs`. False: the end
    // was not reached in time (or the topic does not exist yet); what was read is kept.
    bool catchUp(int timeoutMs);
    // Reads what has arrived since, without waiting.
    void poll();
    const std::unordered_map<std::string, std::string> &latest() const { return latest_; }
    const std::string &lastError() const { return lastError_; }
    // Another topic's high watermark for `partition` (the activity topic's, for lag), or -1
    // when it cannot be known, for example because that topic is gone.
    std::int64_t highWatermark(const std::string &topic, std::int32_t partition, int timeoutMs);

private:
    bool assignPartitions(int timeoutMs);
    bool take(rd_kafka_message_t *message);

    KafkaHandle consumer_;
    std::string topic_;
    std::string keyPrefix_;
    int partitions_ = 0;
    bool missing_ = false; // the broker says the topic does not exist (yet)
    std::int64_t nextMetadataCheckMs_ = 0;
    std::vector<std::int64_t> next_; // per partition: the offset after the last record read
    std::unordered_map<std::string, std::string> latest_;
    std::string lastError_;
};

} // namespace trackboard
