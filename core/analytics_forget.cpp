// Forgetting what no window reads any more: the memory plateau (docs/reliability.md, "Memory").
#include "analytics_aggregator.h"

#include <algorithm>

namespace trackboard {

namespace {

std::int64_t bucketOf(std::int64_t ms) {
    const std::int64_t q = ms / AnalyticsAggregator::kBucketMs;
    return q - (ms % AnalyticsAggregator::kBucketMs < 0 ? 1 : 0);
}

} // namespace

std::size_t AnalyticsAggregator::businessTableBytes() const {
    return business_->tableBytes();
}

void AnalyticsAggregator::forgetQuiet() {
    const std::int64_t eventNow = clock_.nowMs();
    if (eventNow == PartitionClock::kNone) {
        return;
    }
    // The oldest bucket any window may still read: the 60-minute window of the slowest
    // partition's "now", and a late event's bucket up to the allowed lateness before it.
    const std::int64_t lateBuckets = (settings_.allowedLatenessMs + kBucketMs - 1) / kBucketMs;
    const std::int64_t oldestRead =
        std::min(lastBucket_, bucketOf(eventNow)) - kWindowBuckets - lateBuckets;
    const std::int64_t limit = std::max<std::int64_t>(oldestRead, std::int64_t(kNeverBucket) + 1);
    // A user's every bucket (stages, runs) is at or before `seen`. Those held in the all-time
    // top users stay, so that TopScores is never offered a key it holds as a new one.
    forgotten_ += users_.eraseIf([limit](std::uint64_t, const UserState &u) {
        return u.seen < limit && (u.held & kHeldAllTime) == 0;
    });
    forgottenSessions_.clear();
    forgotten_ += sessions_.eraseIf([this, limit](std::uint64_t hash, const SessionState &s) {
        if (s.seen >= limit) {
            return false;
        }
        forgottenSessions_.push_back(hash);
        return true;
    });
    std::sort(forgottenSessions_.begin(), forgottenSessions_.end());
    business_->forgetSessions(forgottenSessions_);
}

} // namespace trackboard
