#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace trackboard {

// Event time per Kafka partition, and the consumer's "now" derived from it (docs/analytics.md,
// "Time and windows"). Kafka keeps order only within a partition, and a consumer reading a
// backlog hands partitions over one after another, so one clock for the whole consumer would
// run ahead with whichever partition came first. Each partition keeps its own latest event time;
// "now" is the minimum over the active partitions, as Flink's and Beam's Kafka sources do. An
// idle partition (caught up and quiet, as the consumer judges it) does not hold the others back.
// Plain C++: the consumer worker passes partitions and idleness in.
class PartitionClock {
public:
    static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

    // Notes an event of `partition` (any negative partition counts as partition 0). Returns the
    // partition's latest event time before this event (kNone for its first), which lateness is
    // judged against.
    std::int64_t observe(std::int32_t partition, std::int64_t eventMs);
    // Idle partitions do not hold "now" back. A partition becomes active again with its next
    // event, before that event is judged.
    void setIdle(std::int32_t partition, bool idle);
    bool idle(std::int32_t partition) const;

    // The latest event time of `partition`, or kNone.
    std::int64_t latestMs(std::int32_t partition) const;
    // The largest latest event time over all partitions, or kNone.
    std::int64_t newestMs() const { return newestMs_; }
    // Min over active partitions of their latest event time; when every partition that has
    // seen an event is idle, the newest event time (everything read is complete); kNone before
    // the first event.
    std::int64_t nowMs() const;
    // How far `partition` is ahead of now, in ms (0 if not ahead or unknown).
    std::int64_t leadMs(std::int32_t partition) const;
    std::size_t partitions() const { return parts_.size(); }

private:
    struct Part {
        std::int64_t latestMs = kNone;
        bool idle = false;
    };
    Part &part(std::int32_t partition);

    std::vector<Part> parts_;
    std::int64_t newestMs_ = kNone;
};

} // namespace trackboard
