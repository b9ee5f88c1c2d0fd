// The sequential funnel's part of AnalyticsAggregator (docs/analytics.md, funnel_steps).
#include "analytics_aggregator.h"

namespace trackboard {

// An on-time event of funnel stage `stage` (> 0) extends the latest in-order run to the stage
// before it, which started at `from`: a run to the first stage is a page view. A user counts at
// a stage of a window's sequential funnel when a run to that stage starts inside the window, and
// since windows are suffixes of buckets, counting each user in the bucket where their latest run
// starts gives every window its exact count, as for the distinct counts.
void AnalyticsAggregator::advanceRun(UserState &u, int stage, std::int32_t bucket) {
    const auto k = std::size_t(stage);
    const std::int32_t from = k == 1 ? u.stage[0] : u.run[k - 2];
    std::int32_t &run = u.run[k - 1];
    // A run that would start after this event (one that came in out of event-time order) is
    // not in order: it is left out.
    if (from == kNeverBucket || from <= run || from > bucket) {
        return;
    }
    if (AnalyticsBucket *old = liveBucket(run)) {
        --old->stepUsers[k];
    }
    if (AnalyticsBucket *start = liveBucket(from)) {
        ++start->stepUsers[k];
    }
    run = from;
    const auto bit = std::uint8_t(1u << k);
    if ((u.ran & bit) == 0) {
        u.ran |= bit;
        ++allTime_->stepUsers[k];
    }
}

} // namespace trackboard
