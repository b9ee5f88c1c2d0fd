#include "partition_flow.h"
#include "rdkafka_handles.h"

#include <algorithm>

namespace trackboard {

PartitionFlow::Entry &PartitionFlow::entry(std::int32_t partition) {
    const auto p = static_cast<std::size_t>(std::max(partition, 0));
    if (p >= entries_.size()) {
        entries_.resize(p + 1);
    }
    return entries_[p];
}

void PartitionFlow::noteMessage(std::int32_t partition, std::int64_t wallMs) {
    Entry &e = entry(partition);
    e.lastArrivalMs = wallMs;
    e.idle = false; // the engine's clock makes it active again with this event
}

void PartitionFlow::updateIdle(rd_kafka_t *rk, const rd_kafka_topic_partition_list_t &assignment,
                               const OffsetTracker &offsets, std::int64_t wallMs,
                               const std::function<void(std::int32_t, bool)> &changed) {
    for (int i = 0; i < assignment.cnt; ++i) {
        const auto &tp = assignment.elems[i];
        std::int64_t low = -1, high = -1;
        // Cached from fetch responses: no request to the broker.
        if (rd_kafka_get_watermark_offsets(rk, tp.topic, tp.partition, &low, &high) !=
                RD_KAFKA_RESP_ERR_NO_ERROR ||
            high < 0) {
            continue; // unknown: a partition with a backlog must never be called idle
        }
        const std::int64_t next = offsets.nextOffset(tp.partition);
        const bool caughtUp = next >= 0 ? next >= high : high <= low;
        Entry &e = entry(tp.partition);
        const bool quiet = e.lastArrivalMs < 0 || wallMs - e.lastArrivalMs >= kIdleAfterMs;
        const bool idle = caughtUp && quiet;
        if (idle != e.idle) {
            e.idle = idle;
            changed(tp.partition, idle);
        }
    }
}

void PartitionFlow::setPaused(rd_kafka_t *rk, const std::string &topic, std::int32_t partition,
                              bool pause) {
    KafkaPartitionList one(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(one.get(), topic.c_str(), partition);
    if (pause) {
        rd_kafka_pause_partitions(rk, one.get());
        ++pauses_;
    } else {
        rd_kafka_resume_partitions(rk, one.get());
    }
}

void PartitionFlow::limitLead(rd_kafka_t *rk, const std::string &topic, const PartitionClock &clock,
                              std::int64_t maxLeadMs, bool userPaused) {
    if (maxLeadMs <= 0) {
        return;
    }
    if (leadPaused_.size() < clock.partitions()) {
        leadPaused_.resize(clock.partitions(), false);
    }
    for (std::size_t p = 0; p < clock.partitions(); ++p) {
        const auto partition = static_cast<std::int32_t>(p);
        const std::int64_t lead = clock.leadMs(partition);
        if (!leadPaused_[p] && lead > maxLeadMs) {
            leadPaused_[p] = true;
            setPaused(rk, topic, partition, true);
        } else if (leadPaused_[p] && lead <= maxLeadMs / 2 && !userPaused) {
            leadPaused_[p] = false;
            setPaused(rk, topic, partition, false);
        }
    }
}

} // namespace trackboard
