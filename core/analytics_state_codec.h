#pragma once

#include "analytics_aggregator.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace trackboard {

// Where a checkpoint of one partition's analytics state stands (docs/scaling.md).
struct AnalyticsCheckpoint {
    std::string group;
    std::string topic;
    std::int32_t partition = 0;
    // The first offset of the activity partition that the state does not cover: the new owner
    // of the partition resumes exactly here.
    std::int64_t nextOffset = -1;
    std::int64_t writtenAtMs = 0;
    // The partition's own event-time clock (its latest event time), for the view's report.
    std::int64_t watermarkMs = 0;
};

// The versioned binary encoding of one partition's AnalyticsAggregator: every bucket still in
// the ring, the all-time totals, the per-second series, the interned names, and the user and
// session tables that exact distinct counting continues from. Varints throughout; sketches
// only once the aggregator has overflowed to them, and then only their non-zero registers.
class AnalyticsStateCodec {
public:
    // 2: the sequential funnel; 3: business metrics; 4: the cities' places on the map; 5: the
    // all-time distinct counts' forgetting (flag, forgotten counts, sketches). The business
    // metrics' blobs carry theirs at their ends, absent in what earlier builds wrote. 6: each
    // user's funnel buckets as how far they lie behind the bucket the user was last seen in.
    static constexpr std::uint32_t kVersion = 6;

    // The record key in the state topic: one compacted key per group, topic and partition.
    // What every key of one group and topic starts with.
    static std::string keyPrefix(std::string_view group, std::string_view topic);
    static std::string key(std::string_view group, std::string_view topic, std::int32_t partition);

    // `version`: kVersion, or 5 (the layout before it) for tests of reading what earlier
    // builds wrote.
    static void encode(const AnalyticsCheckpoint &meta, const AnalyticsAggregator &state,
                       std::string &out, std::uint32_t version = kVersion);
    // `state` must be freshly constructed (with the settings to continue with). False with
    // `error` on a payload that is truncated, of another version or inconsistent; `state` is
    // then unusable and must be thrown away.
    static bool decode(std::string_view in, AnalyticsCheckpoint &meta, AnalyticsAggregator &state,
                       std::string &error);
    // Only the header: cheap enough for every record of the state topic.
    static bool decodeHeader(std::string_view in, AnalyticsCheckpoint &meta, std::string &error);

private:
    static bool consistent(const AnalyticsAggregator &state);
};

} // namespace trackboard
