#include "partition_flow.h"

#include <algorithm>

namespace trackboard {

PartitionFlow::Entry &PartitionFlow::entry(std::int32_t partition) {
    const auto p = static_cast<std::size_t>(std::max(partition, 0));
    if (p >= entries_.size()) {
        entries_.resize(p + 1);
    }
    return entries_[p];
}

void PartitionFlow::dropKept(Entry &e) {
    for (std::size_t i = e.keptHead; i < e.kept.size(); ++i) {
        heldEvents_ -= e.kept[i].event ? 1 : 0;
    }
    e.kept.clear();
    e.keptHead = 0;
}

void PartitionFlow::assign(const rd_kafka_topic_partition_list_t &partitions, std::int64_t wallMs) {
    for (int i = 0; i < partitions.cnt; ++i) {
        Entry &e = entry(partitions.elems[i].partition);
        e.topic = partitions.elems[i].topic;
        e.assigned = true;
        e.assignedAtMs = wallMs;
        e.held = e.paused = false; // a new assignment starts unpaused
        // Idleness is found afresh, so that the state it resumes (a checkpoint written while
        // the partition was busy) hears of it: an entry left idle from an earlier assignment
        // would see no change to report, and the partition would hold the event-time "now",
        // and with it the merged watermark, back for good.
        e.idle = false;
        dropKept(e);
    }
    limitMs_ = PartitionClock::kNone;
}

void PartitionFlow::forgetKept() {
    for (Entry &e : entries_) {
        dropKept(e);
    }
}

void PartitionFlow::revoke(const rd_kafka_topic_partition_list_t &partitions) {
    for (int i = 0; i < partitions.cnt; ++i) {
        Entry &e = entry(partitions.elems[i].partition);
        e.assigned = e.held = e.paused = false;
        dropKept(e);
    }
}

bool PartitionFlow::keep(KafkaMessage &message) {
    Entry &e = entry(message->partition);
    if (!e.held) {
        return false;
    }
    e.kept.push_back({std::move(message), std::nullopt});
    return true;
}

void PartitionFlow::keepEvent(KafkaMessage message, const Event &event) {
    Entry &e = entry(message->partition);
    if (e.keptHead > 0) {
        // Held again while its kept messages were being handed over: this is the one just
        // taken, and it goes back in its place, before the rest.
        e.kept[--e.keptHead] = {std::move(message), event};
    } else {
        e.kept.push_back({std::move(message), event});
    }
    ++heldEvents_;
}

bool PartitionFlow::waitingForFirstEvent(const PartitionClock &clock, std::int64_t wallMs) const {
    for (std::size_t p = 0; p < entries_.size(); ++p) {
        const Entry &e = entries_[p];
        if (e.assigned && !e.idle &&
            clock.latestMs(static_cast<std::int32_t>(p)) == PartitionClock::kNone &&
            wallMs - e.assignedAtMs < kFirstEventWaitMs) {
            return true;
        }
    }
    return false;
}

bool PartitionFlow::recheck(std::int32_t partition, std::int64_t eventMs,
                            const PartitionClock &clock, std::int64_t maxLeadMs,
                            std::int64_t wallMs) {
    const std::int64_t now = clock.nowMs();
    const bool waiting = waitingForFirstEvent(clock, wallMs);
    limitMs_ = waiting || now == PartitionClock::kNone ? PartitionClock::kNone : now + maxLeadMs;
    if (eventMs <= limitMs_) {
        return false;
    }
    entry(partition).held = true;
    return true;
}

void PartitionFlow::setPaused(rd_kafka_t *rk, std::int32_t partition, bool pause) {
    Entry &e = entry(partition);
    KafkaPartitionList one(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(one.get(), e.topic.c_str(), partition);
    if (pause) {
        rd_kafka_pause_partitions(rk, one.get());
        ++pauses_;
    } else {
        rd_kafka_resume_partitions(rk, one.get());
    }
    e.paused = pause;
}

std::size_t PartitionFlow::limitLead(rd_kafka_t *rk, const PartitionClock &clock,
                                     std::int64_t maxLeadMs, bool userPaused, std::int64_t wallMs,
                                     const Handle &handle) {
    limitMs_ = PartitionClock::kNone; // "now" can move back (a partition active again): recheck
    for (std::size_t p = 0; p < entries_.size(); ++p) {
        const auto partition = static_cast<std::int32_t>(p);
        if (entries_[p].held && !entries_[p].paused) {
            setPaused(rk, partition, true);
        }
    }
    std::size_t handed = 0;
    if (userPaused || waitingForFirstEvent(clock, wallMs)) {
        return handed;
    }
    for (std::size_t p = 0; p < entries_.size(); ++p) {
        const auto partition = static_cast<std::int32_t>(p);
        if (!entries_[p].held || clock.leadMs(partition) > maxLeadMs / 2) {
            continue;
        }
        Entry &e = entries_[p];
        e.held = false;
        while (!e.held && e.keptHead < e.kept.size()) {
            Kept &next = e.kept[e.keptHead++];
            heldEvents_ -= next.event ? 1 : 0;
            handle(std::move(next)); // may hold the partition again
            ++handed;
        }
        if (e.keptHead == e.kept.size()) {
            e.kept.clear();
            e.keptHead = 0;
        }
        if (!e.held && e.paused) {
            setPaused(rk, partition, false);
        }
    }
    return handed;
}

std::size_t PartitionFlow::keptMessages() const {
    std::size_t kept = 0;
    for (const Entry &e : entries_) {
        kept += e.kept.size() - e.keptHead;
    }
    return kept;
}

int PartitionFlow::heldPartitions() const {
    return static_cast<int>(
        std::count_if(entries_.begin(), entries_.end(), [](const Entry &e) { return e.held; }));
}

KafkaPartitionList PartitionFlow::unheld(const rd_kafka_topic_partition_list_t &assignment) const {
    KafkaPartitionList out(rd_kafka_topic_partition_list_new(assignment.cnt));
    for (int i = 0; i < assignment.cnt; ++i) {
        const auto p = static_cast<std::size_t>(std::max(assignment.elems[i].partition, 0));
        if (p >= entries_.size() || !entries_[p].held) {
            rd_kafka_topic_partition_list_add(out.get(), assignment.elems[i].topic,
                                              assignment.elems[i].partition);
        }
    }
    return out;
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
        Entry &e = entry(tp.partition);
        const bool caughtUp =
            (next >= 0 ? next >= high : high <= low) && e.keptHead == e.kept.size();
        const bool quiet = e.lastArrivalMs < 0 || wallMs - e.lastArrivalMs >= kIdleAfterMs;
        const bool idle = caughtUp && quiet;
        if (idle != e.idle) {
            e.idle = idle;
            changed(tp.partition, idle);
        }
    }
}

} // namespace trackboard
