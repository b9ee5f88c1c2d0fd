#pragma once

#include "offset_tracker.h"
#include "partition_clock.h"

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace trackboard {

// The consumer side of event time per partition (docs/analytics.md, "Time and windows"): decides
// which partitions are idle, and pauses partitions that a backlog lets run far ahead of the
// slowest, so the analytics ring of buckets stays bounded. Only the consumer knows a partition's
// high watermark, so idleness is judged here and passed to the engine.
class PartitionFlow {
public:
    // Idle: read up to the high watermark and no message for this long (wall clock). Short
    // enough that a quiet partition does not hold the dashboard's "now" back for long, long
    // enough that a partition between two fetches is not called idle.
    static constexpr std::int64_t kIdleAfterMs = 5'000;

    void noteMessage(std::int32_t partition, std::int64_t wallMs);
    // For each assigned partition whose idleness changed, calls `changed(partition, idle)`.
    void updateIdle(rd_kafka_t *rk, const rd_kafka_topic_partition_list_t &assignment,
                    const OffsetTracker &offsets, std::int64_t wallMs,
                    const std::function<void(std::int32_t, bool)> &changed);
    // Pauses each partition more than `maxLeadMs` ahead of the clock's "now" and resumes it
    // once it is within half that; resumes nothing while `userPaused`. librdkafka drops what it
    // had fetched for a paused partition and resumes after the last message handed over.
    void limitLead(rd_kafka_t *rk, const std::string &topic, const PartitionClock &clock,
                   std::int64_t maxLeadMs, bool userPaused);
    // After a rebalance or a resume of everything: no partition is paused by this any more.
    void forgetPauses() { leadPaused_.assign(leadPaused_.size(), false); }
    std::uint64_t pauses() const { return pauses_; }

private:
    struct Entry {
        std::int64_t lastArrivalMs = -1;
        bool idle = false;
    };
    Entry &entry(std::int32_t partition);
    void setPaused(rd_kafka_t *rk, const std::string &topic, std::int32_t partition, bool pause);

    std::vector<Entry> entries_;
    std::vector<bool> leadPaused_;
    std::uint64_t pauses_ = 0;
};

} // namespace trackboard
