#pragma once

#include "event.h"
#include "kafka_settings.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace trackboard {

// Rebuilds a fraud worker's per-user state for partitions it has just been given. Another
// worker judged their recent events; this one re-reads them, from the first event at or after
// `fromMs` (found with offsets-for-times) up to the offset it will start consuming at, and hands
// each to `replay`, which feeds the detector without raising alerts. It uses its own consumer,
// which assigns partitions directly and never joins or commits to a group, so the group's
// offsets and membership are untouched.
//
// Bounded twice. In events: each partition re-reads at most its share of `maxEvents`, the ones
// just before its start, since the newest history matters most (the short windows, cooldowns).
// In time: it stops after `budgetMs` whether or not every partition is done, and says so. On
// librdkafka's mock cluster (the embedded broker) offsets-for-times finds no offset for any time,
// so nothing is read and the partitions start cold, as before.
class FraudWarmUp {
public:
    struct Target {
        std::int32_t partition = 0;
        std::int64_t untilOffset = 0; // the first offset the group consumer will apply
    };
    struct Report {
        int partitions = 0;        // partitions asked for
        int partitionsRead = 0;    // of those, with history in the window to re-read
        int partitionsTrimmed = 0; // of those, with more in the window than their share
        std::uint64_t events = 0;  // events replayed
        std::int64_t elapsedMs = 0;
        bool complete = true; // every partition read up to its target within the budget
        std::string note;     // why nothing or not everything was read, for the log
    };
    using Replay = std::function<void(const Event &, std::int32_t partition, std::int64_t offset)>;

    static constexpr const char *kClientId = "trackboard-fraud-warm-up";

    static Report run(const KafkaSettings &settings, const std::vector<Target> &targets,
                      std::int64_t fromMs, std::int64_t maxEvents, int budgetMs,
                      const Replay &replay);

    // "warm-up of 3 partitions (3 with history): 1234 events in 812 ms", plus the note.
    static std::string describe(const Report &report);
};

} // namespace trackboard
