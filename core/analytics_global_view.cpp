#include "analytics_global_view.h"

#include <algorithm>

namespace trackboard {

AnalyticsGlobalView::AnalyticsGlobalView(AnalyticsAggregator::Settings settings, std::string group,
                                         std::string topic)
    : settings_(settings)
    , group_(std::move(group))
    , topic_(std::move(topic))
    , merged_(settings_) {}

void AnalyticsGlobalView::updateRemote(const std::unordered_map<std::string, std::string> &latest,
                                       const std::map<std::int32_t, OwnedPartition> &owned) {
    for (const auto &[partition, part] : owned) {
        remote_.erase(partition);
    }
    const std::string prefix = AnalyticsStateCodec::keyPrefix(group_, topic_);
    for (const auto &[key, bytes] : latest) {
        if (key.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        AnalyticsCheckpoint meta;
        std::string error;
        if (!AnalyticsStateCodec::decodeHeader(bytes, meta, error) || meta.group != group_ ||
            meta.topic != topic_ || meta.partition < 0 || owned.count(meta.partition) != 0) {
            continue; // damaged ones are counted once fully decoded below
        }
        auto found = remote_.find(meta.partition);
        if (found != remote_.end() && found->second.meta.writtenAtMs == meta.writtenAtMs &&
            found->second.meta.nextOffset == meta.nextOffset) {
            continue;
        }
        auto state = std::make_unique<AnalyticsAggregator>(settings_);
        if (!AnalyticsStateCodec::decode(bytes, meta, *state, error)) {
            ++damaged_;
            lastError_ = "partition " + std::to_string(meta.partition) + ": " + error;
            continue;
        }
        remote_[meta.partition] = Remote{meta, std::move(state)};
    }
}

AnalyticsSnapshot
AnalyticsGlobalView::snapshot(const std::map<std::int32_t, OwnedPartition> &owned,
                              std::int64_t nowMs,
                              const std::map<std::int32_t, OwnedPartition> &kept) {
    std::vector<const AnalyticsAggregator *> parts;
    std::vector<PartitionCoverage> coverage;
    for (const auto &[partition, part] : owned) {
        parts.push_back(&part.state);
        coverage.push_back({partition, true, part.nextOffset,
                            part.state.clock().latestMs(partition), part.lastCheckpointMs});
    }
    std::vector<std::int32_t> fromKept;
    for (const auto &[partition, part] : kept) {
        const auto remote = remote_.find(partition);
        if (owned.count(partition) != 0 ||
            (remote != remote_.end() && remote->second.meta.nextOffset >= part.nextOffset)) {
            continue; // owned again, or a checkpoint reaches as far
        }
        parts.push_back(&part.state);
        coverage.push_back({partition, false, part.nextOffset,
                            part.state.clock().latestMs(partition), part.lastCheckpointMs});
        fromKept.push_back(partition);
    }
    for (const auto &[partition, remote] : remote_) {
        if (owned.count(partition) != 0 ||
            std::find(fromKept.begin(), fromKept.end(), partition) != fromKept.end()) {
            continue; // live or kept state wins over an older checkpoint of it
        }
        parts.push_back(remote.state.get());
        coverage.push_back({partition, false, remote.meta.nextOffset, remote.meta.watermarkMs,
                            remote.meta.writtenAtMs});
    }
    merged_.rebuildFrom(parts);
    std::sort(coverage.begin(), coverage.end(),
              [](const auto &a, const auto &b) { return a.partition < b.partition; });
    AnalyticsSnapshot s = merged_.snapshot(nowMs);
    s.partitions = std::move(coverage);
    for (const auto &[partition, part] : owned) {
        s.stateSize.users += part.state.trackedUsers();
        s.stateSize.sessions += part.state.trackedSessions();
        s.stateSize.forgotten += part.state.forgotten();
        s.stateSize.tableBytes += part.state.tableBytes();
        s.stateSize.businessTableBytes += part.state.businessTableBytes();
    }
    return s;
}

} // namespace trackboard
