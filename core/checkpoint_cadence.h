#pragma once

#include <algorithm>
#include <cstdint>

namespace trackboard {

// When an analytics worker checkpoints a changed partition (docs/scaling.md). Live, every
// interval: other workers and `trackboard view` merge the checkpoints, and a restart re-reads at
// most an interval. While the worker catches up on a backlog (behind by more than a tenth of an
// interval of reading: live, it trails by a fetch or two), those readers see the backlog's lag
// anyway, and a checkpoint every interval rewrote each partition's state faster than its events
// came in: on a real cluster the checkpoints cost the broker more than the events
// (docs/performance.md). A partition's checkpoint then waits until the partition has read
// kReadPerCheckpointByte times the last one's size (at least kMinCheckpointBytes, as a partition
// not yet checkpointed has no size to go by), or kCatchUpMaxAgeMs: that bounds both the
// checkpoints' share of the traffic and a restart's re-reading.
struct CheckpointCadence {
    static constexpr std::uint64_t kReadPerCheckpointByte = 8;
    static constexpr std::uint64_t kMinCheckpointBytes = 1 << 20;
    static constexpr std::int64_t kCatchUpMaxAgeMs = 30'000;
    static constexpr double kMinBacklogEvents = 1000;

    // `lagMessages` -1 (not known yet) is not a backlog: a worker whose partitions' ends are
    // not all known yet must not hold back the checkpoints that carry their idle flags, which
    // the merged view's "now" waits for.
    static bool catchingUp(std::int64_t lagMessages, double eventsPerSecond, int intervalMs) {
        const double tenthOfAnInterval = eventsPerSecond * intervalMs / 10'000.0;
        return double(lagMessages) > std::max(kMinBacklogEvents, tenthOfAnInterval);
    }

    // `sinceMs`: since the partition's last checkpoint, or since this worker first saw it.
    // `lastSize`: that checkpoint's bytes, 0 for none. `bytesReadSince`: the payload bytes the
    // partition has read since then.
    static bool due(bool catchingUp, std::int64_t sinceMs, std::uint64_t lastSize,
                    std::uint64_t bytesReadSince) {
        return !catchingUp || sinceMs >= kCatchUpMaxAgeMs ||
               bytesReadSince >= kReadPerCheckpointByte * std::max(lastSize, kMinCheckpointBytes);
    }
};

} // namespace trackboard
