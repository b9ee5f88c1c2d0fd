#pragma once

#include "event_codec.h"

#include <array>
#include <cstdint>
#include <string>

namespace trackboard {

// Pipeline health of one consumer group, as the dashboard and `--json` show it.
struct ConsumerStats {
    std::string group;
    std::string state = "starting"; // starting, joining, consuming, unreachable, refused, stopped
    std::string lastError;
    std::uint64_t consumed = 0; // messages taken from Kafka: applied + rejected
    std::uint64_t applied = 0;
    std::uint64_t rejected = 0;
    std::array<std::uint64_t, kRejectReasonCount> rejectedBy{};
    std::uint64_t duplicates = 0;   // redelivered offsets, ignored
    std::uint64_t skipped = 0;      // offsets that vanished before we read them
    std::uint64_t late = 0;         // applied, but older than the allowed lateness of the windows
    std::uint64_t deadLettered = 0; // rejects forwarded to the dead-letter topic
    std::int64_t lagMessages = -1;  // -1 until the broker has told us its high watermarks
    double lagSeconds = -1;         // age of the oldest unread event, -1 when unknown
    double eventsPerSecond = 0;     // from the first message consumed to the last
    double recentEventsPerSecond = 0;
    // Event time to processed, over the whole run and over the last 10-20 s.
    double latencyP50Ms = 0;
    double latencyP99Ms = 0;
    double latencyP999Ms = 0;
    double recentLatencyP50Ms = 0;
    double recentLatencyP99Ms = 0;
    // CPU time of the worker's own thread (decode, rules or aggregation, offsets, snapshots) and
    // of its decode helper, librdkafka's threads excluded: divided by `consumed` it is the live
    // cost per event that bench_core's figure is compared with (docs/performance.md).
    double threadCpuSeconds = 0;
    // Messages decoded by the worker's helper thread rather than its own (DecodeAhead): how
    // much of a backlog's decoding moved off the worker's thread.
    std::uint64_t decodedAhead = 0;
    // Event time per partition (docs/analytics.md, "Reading a backlog"): messages read and
    // waiting while their partition runs too far ahead of the slowest, the partitions held
    // now, and how often one was paused for it.
    std::uint64_t heldMessages = 0;
    int heldPartitions = 0;
    std::uint64_t partitionPauses = 0;
    // How often snapshots are built now (at least the interval asked for; longer while building
    // one costs more than a tenth of it: snapshot_pacing.h), and the thread CPU the last took.
    int snapshotIntervalMs = 0;
    double snapshotCostMs = 0;
    // Analytics: checkpoints of its partitions' state written to the state topic, and their
    // bytes (docs/scaling.md).
    std::uint64_t checkpointsWritten = 0;
    std::uint64_t checkpointBytes = 0;
    std::uint64_t checkpointsDeferred = 0; // turns a partition's checkpoint waited (pacing)
    std::int64_t firstMessageMs = 0;
    std::int64_t lastMessageMs = 0;
};

} // namespace trackboard
