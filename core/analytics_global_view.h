#pragma once

#include "analytics_state_codec.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace trackboard {

// One partition's analytics state as a worker holds it while it owns the partition.
struct OwnedPartition {
    explicit OwnedPartition(const AnalyticsAggregator::Settings &settings)
        : state(settings) {}
    AnalyticsAggregator state;
    std::int64_t nextOffset = -1; // from the checkpoint it was restored from, or -1
    bool restored = false;
    bool dirty = true; // changed since the last checkpoint
    std::int64_t lastCheckpointMs = 0;
    std::int64_t lastCheckpointBytes = 0;   // of the last one this member wrote; 0: none
    std::int64_t lastCheckpointOffset = -1; // the next offset that one covers
    std::int64_t offsetAtLastTurn = -1;     // read up to when the checkpoint round last came
};

// The one global view of a consumer group's analytics (docs/scaling.md): the partitions this
// process owns, live, merged with the latest checkpoint of every other partition of the same
// group and topic from the state topic. The embedded dashboard is the case where the process
// owns every partition. Decoded checkpoints are cached, so each is decoded once per version.
class AnalyticsGlobalView {
public:
    AnalyticsGlobalView(AnalyticsAggregator::Settings settings, std::string group,
                        std::string topic);

    // Takes the state topic's latest records (key -> checkpoint); records of other groups or
    // topics are ignored, damaged ones are counted and left out. Partitions in `owned` are
    // held live by this process: their checkpoints are neither decoded nor kept, which would
    // cost a second copy of the state.
    void updateRemote(const std::unordered_map<std::string, std::string> &latest,
                      const std::map<std::int32_t, OwnedPartition> &owned = {});
    // Merges into one aggregator kept from call to call, so that each call merges only what
    // changed since the last (AnalyticsAggregator::rebuildFrom). `kept`: partitions this process
    // was revoked or lost, whose state it keeps until a checkpoint reaches as far; such a state
    // stands in for an older checkpoint, so the figures do not fall back while the group
    // rebalances.
    AnalyticsSnapshot snapshot(const std::map<std::int32_t, OwnedPartition> &owned,
                               std::int64_t nowMs,
                               const std::map<std::int32_t, OwnedPartition> &kept = {});

    std::uint64_t damagedCheckpoints() const { return damaged_; }
    const std::string &lastError() const { return lastError_; }

private:
    struct Remote {
        AnalyticsCheckpoint meta;
        std::unique_ptr<AnalyticsAggregator> state;
    };

    AnalyticsAggregator::Settings settings_;
    std::string group_;
    std::string topic_;
    std::map<std::int32_t, Remote> remote_;
    AnalyticsAggregator merged_;
    std::uint64_t damaged_ = 0;
    std::string lastError_;
};

} // namespace trackboard
