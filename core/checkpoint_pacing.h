#pragma once

#include <cstdint>

namespace trackboard {

// Whether a partition's periodic checkpoint waits because the partition is reading a backlog.
// A checkpoint writes the partition's whole state, which grows with what is read: a worker
// catching up on 2,000,000 events of 12 partitions on a real 1-node cluster wrote 290-307 MB
// of checkpoints (43-50 of them) for about 900 MB read, every interval. While the unread part of
// a partition is larger than its last checkpoint and than a fetch, its checkpoints come every
// `kCatchingUpIntervalMs` instead (docs/scaling.md, "Checkpoints while catching up"): a worker
// killed meanwhile leaves at most that long of reading to do again. Its first checkpoint is
// never held back, and a caught-up partition keeps the interval asked for.
struct CheckpointPacing {
    // What a fetch brings of one partition at most (librdkafka's max.partition.fetch.bytes):
    // a live partition can look this far behind between two fetches.
    static constexpr std::int64_t kFetchBytes = 1 << 20;
    static constexpr std::int64_t kCatchingUpIntervalMs = 30'000;

    std::int64_t unreadBytes = -1;        // the partition's messages not yet read; -1 unknown
    std::int64_t lastCheckpointBytes = 0; // 0: none written by this member yet
    std::int64_t sinceLastMs = 0;         // since that checkpoint

    bool catchingUp() const {
        return unreadBytes > kFetchBytes && unreadBytes > lastCheckpointBytes;
    }
    bool waits() const {
        return lastCheckpointBytes > 0 && catchingUp() && sinceLastMs < kCatchingUpIntervalMs;
    }
};

} // namespace trackboard
