#pragma once

#include <cstdint>

namespace trackboard {

// Whether a partition's periodic checkpoint waits. A checkpoint writes the partition's whole
// state, which grows with what is read, so checkpoints every interval write ever more:
//
// - Reading a backlog: a worker catching up on 2,000,000 events of 12 partitions on a real
//   1-node cluster wrote 290-307 MB of checkpoints (43-50 of them) for about 900 MB read. While
//   the unread part of a partition is larger than its last checkpoint and than a fetch, its
//   checkpoints come every `kLongestWaitMs` instead (docs/scaling.md, "Checkpoints while
//   catching up").
// - Live: one worker reading 10,000 events/s of 6 partitions wrote 1.0 times the bytes it read
//   as checkpoints 20 s in, 2.4 times at 60 s and 3.3 times at 180 s, and the ratio grows until
//   the users of the last hour stop growing (docs/scaling.md, "The checkpoints' share of the
//   writes"). While a partition keeps getting events, its next checkpoint waits until as many
//   bytes were read of it as its last checkpoint took, so the state topic is written at most
//   about as fast as the partition is read.
//
// Either wait ends `kLongestWaitMs` after the last checkpoint: a worker killed meanwhile leaves
// at most that long of reading to do again, and the other workers' view of the partition is at
// most that old. The first checkpoint is never held back, and a partition that got nothing since
// the checkpoint round last came to it is written at once, so a stream that stops is fully
// checkpointed about one interval later.
struct CheckpointPacing {
    // What a fetch brings of one partition at most (librdkafka's max.partition.fetch.bytes):
    // a live partition can look this far behind between two fetches.
    static constexpr std::int64_t kFetchBytes = 1 << 20;
    static constexpr std::int64_t kLongestWaitMs = 30'000;

    std::int64_t unreadBytes = -1;        // the partition's messages not yet read; -1 unknown
    std::int64_t lastCheckpointBytes = 0; // 0: none written by this member yet
    std::int64_t sinceLastMs = 0;         // since that checkpoint
    std::int64_t readSinceLastBytes = -1; // read of the partition since then; -1 unknown
    bool flowing = false;                 // events read since the round last came to it

    bool catchingUp() const {
        return unreadBytes > kFetchBytes && unreadBytes > lastCheckpointBytes;
    }
    // Live, and less read since the last checkpoint than it took.
    bool overBudget() const {
        return flowing && readSinceLastBytes >= 0 && readSinceLastBytes < lastCheckpointBytes;
    }
    bool waits() const {
        return lastCheckpointBytes > 0 && sinceLastMs < kLongestWaitMs &&
               (catchingUp() || overBudget());
    }
};

} // namespace trackboard
