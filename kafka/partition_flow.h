#pragma once

#include "event.h"
#include "offset_tracker.h"
#include "partition_clock.h"
#include "rdkafka_handles.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trackboard {

// The consumer side of event time per partition (docs/analytics.md, "Reading a backlog"):
// decides which partitions are idle, and holds back partitions that a backlog lets run far
// ahead of the slowest, so the analytics ring of buckets stays bounded. Only the consumer knows
// a partition's high watermark, so idleness is judged here and passed to the engine.
//
// Holding a partition: an event more than maxLeadMs ahead of "now" is not applied; it is kept
// here with the rest of its partition's messages from the current batch, in order, and the
// partition is paused (rd_kafka_pause_partitions; librdkafka drops what it had fetched for it
// and resumes after the last message it handed over). Once the event is within half the lead,
// the kept messages are handled first and then the partition is resumed, so its order is never
// broken and no applied event is ever more than maxLeadMs ahead of "now".
class PartitionFlow {
public:
    // Idle: read up to the high watermark and no message for this long (wall clock). Short
    // enough that a quiet partition does not hold the dashboard's "now" back for long, long
    // enough that a partition between two fetches is not called idle.
    static constexpr std::int64_t kIdleAfterMs = 5'000;
    // An assigned partition that has delivered no event yet holds the others at their first
    // event (its time is unknown, it may be the slowest), for at most this long.
    static constexpr std::int64_t kFirstEventWaitMs = 10'000;

    // A message kept while its partition is held; `event` when it was screened already and
    // only waits to be applied (the first one kept).
    struct Kept {
        KafkaMessage message;
        std::optional<Event> event;
    };
    using Handle = std::function<void(Kept)>;

    void assign(const rd_kafka_topic_partition_list_t &partitions, std::int64_t wallMs);
    // Forgets the kept messages of revoked partitions: their offsets were not stored, so the
    // next owner reads them.
    void revoke(const rd_kafka_topic_partition_list_t &partitions);
    // Forgets every kept message, before the consumer closes: librdkafka's rd_kafka_destroy()
    // waits for every message it handed out, and a kept one made shutdown hang for ever.
    // Their offsets were not stored, so the next reader reads them.
    void forgetKept();

    // Takes the message if its partition is held; false: handle it now.
    bool keep(KafkaMessage &message);
    // Whether an event of `partition` at `eventMs` would run more than maxLeadMs ahead of
    // "now" (or the time of a partition not heard from yet is unknown); if so the partition is
    // held and the caller keeps the event with keepEvent().
    bool runsAhead(std::int32_t partition, std::int64_t eventMs, const PartitionClock &clock,
                   std::int64_t maxLeadMs, std::int64_t wallMs) {
        return eventMs > limitMs_ && recheck(partition, eventMs, clock, maxLeadMs, wallMs);
    }
    void keepEvent(KafkaMessage message, const Event &event);
    // Screened events kept and not applied yet.
    std::size_t heldEvents() const { return heldEvents_; }
    // After a batch: pauses held partitions, and for each one back within half the lead
    // (never while `userPaused`) hands its kept messages to `handle` and resumes it. Returns
    // how many messages it handed over.
    std::size_t limitLead(rd_kafka_t *rk, const PartitionClock &clock, std::int64_t maxLeadMs,
                          bool userPaused, std::int64_t wallMs, const Handle &handle);
    // The assigned partitions that are not held, for a resume of everything.
    KafkaPartitionList unheld(const rd_kafka_topic_partition_list_t &assignment) const;

    void noteMessage(std::int32_t partition, std::int64_t wallMs);
    // For each assigned partition whose idleness changed, calls `changed(partition, idle)`.
    void updateIdle(rd_kafka_t *rk, const rd_kafka_topic_partition_list_t &assignment,
                    const OffsetTracker &offsets, std::int64_t wallMs,
                    const std::function<void(std::int32_t, bool)> &changed);
    std::uint64_t pauses() const { return pauses_; }
    // Messages read and kept while their partition is held, and the partitions held now.
    std::size_t keptMessages() const;
    int heldPartitions() const;

private:
    struct Entry {
        std::string topic;
        bool assigned = false;
        std::int64_t assignedAtMs = 0;
        std::int64_t lastArrivalMs = -1;
        bool idle = false;
        bool held = false;      // its messages are kept, it is paused
        bool paused = false;    // by this class
        std::vector<Kept> kept; // from keptHead on
        std::size_t keptHead = 0;
    };
    Entry &entry(std::int32_t partition);
    void dropKept(Entry &e);
    bool waitingForFirstEvent(const PartitionClock &clock, std::int64_t wallMs) const;
    bool recheck(std::int32_t partition, std::int64_t eventMs, const PartitionClock &clock,
                 std::int64_t maxLeadMs, std::int64_t wallMs);
    void setPaused(rd_kafka_t *rk, std::int32_t partition, bool pause);

    std::vector<Entry> entries_;
    // Event time up to which no partition needs a closer look: now + maxLeadMs when last
    // computed, recomputed after each batch (kNone: at the next check).
    std::int64_t limitMs_ = PartitionClock::kNone;
    std::uint64_t pauses_ = 0;
    std::size_t heldEvents_ = 0;
};

} // namespace trackboard
