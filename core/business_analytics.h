#pragma once

#include "business_snapshot.h"

#include <string>
#include <string_view>

namespace trackboard {

// The business metrics of one partition, side by side: AnalyticsAggregator feeds every event
// to each, merges them for the global view and writes them into its checkpoint.
class BusinessAnalytics {
public:
    void apply(const Event &event, const BusinessEventContext &context);
    // The per-session and per-page tables apply() will read, for the aggregator to load early.
    void prefetch(std::uint64_t sessionHash, std::uint64_t pathHash,
                  std::uint64_t productHash) const {
        journeys_.prefetch(sessionHash, pathHash);
        trends_.prefetch(pathHash, productHash);
    }
    void mergeFrom(const BusinessAnalytics &other);
    BusinessSnapshot snapshot(std::int64_t nowMs) const;
    // Bytes of the per-user and per-session tables (docs/memory.md).
    std::size_t tableBytes() const;
    // Sessions and users (sorted hashes) the analytics forgot for being quiet longer than its
    // longest window: the per-session and per-user tables forget them too, so that they hold
    // the users of that horizon rather than every user ever seen (docs/memory.md).
    void forgetSessions(const std::vector<std::uint64_t> &sortedHashes) {
        campaigns_.forgetSessions(sortedHashes);
        journeys_.forgetSessions(sortedHashes);
    }
    void forgetUsers(const std::vector<std::uint64_t> &sortedHashes) {
        campaigns_.forgetUsers(sortedHashes);
        experiments_.forgetUsers(sortedHashes);
        features_.forgetUsers(sortedHashes);
        segments_.forgetUsers(sortedHashes);
    }
    const CampaignMetrics &campaigns() const { return campaigns_; }
    // Each metric is written as a length-prefixed blob of its own, so a decode error names it.
    void encode(VarintWriter &w) const;
    // `mayLackForgetting`: a checkpoint before version 5, whose blobs may end before the
    // metrics' forgetting sections.
    bool decode(VarintReader &r, std::string &error, bool mayLackForgetting = false);

    CustomMetrics &custom() { return custom_; }

private:
    CampaignMetrics campaigns_;
    ExperimentMetrics experiments_;
    JourneyMetrics journeys_;
    FeatureMetrics features_;
    SegmentMetrics segments_;
    TrendMetrics trends_;
    CustomMetrics custom_;
};

} // namespace trackboard
