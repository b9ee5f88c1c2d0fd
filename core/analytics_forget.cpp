// Forgetting what no window reads any more: the memory plateau (docs/memory.md).
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
    // Those seen only late (`seen` still kNeverBucket) are in no window, and stay: forgetting
    // them would start the estimates in a short run with a few late events.
    const auto quietUser = [limit](const UserState &u) {
        return u.seen != kNeverBucket && u.seen < limit && (u.held & kHeldAllTime) == 0;
    };
    const auto quietSession = [limit](const SessionState &s) {
        return s.seen != kNeverBucket && s.seen < limit;
    };
    if (!forgetting_) {
        bool any = false;
        users_.forEach([&](std::uint64_t, const UserState &u) { any = any || quietUser(u); });
        sessions_.forEach(
            [&](std::uint64_t, const SessionState &s) { any = any || quietSession(s); });
        if (!any) {
            return;
        }
        forgetting_ = true;
        seedAllTimeDistinct();
    }
    AllTimeDistinct &d = allTimeDistinct_;
    forgottenUsers_.clear();
    forgotten_ += users_.eraseIf([&](std::uint64_t hash, const UserState &u) {
        if (!quietUser(u)) {
            return false;
        }
        forgottenUsers_.push_back(hash);
        d.users.forget();
        for (std::size_t s = 0; s < kFunnelStages.size(); ++s) {
            if ((u.reached & (1u << s)) != 0) {
                d.stages[s].forget();
            }
        }
        if ((u.reached & kCartAndPurchaseBits) == kCartAndPurchaseBits) {
            d.cartAndPurchase.forget();
        }
        return true;
    });
    forgottenSessions_.clear();
    forgotten_ += sessions_.eraseIf([&](std::uint64_t hash, const SessionState &s) {
        if (!quietSession(s)) {
            return false;
        }
        forgottenSessions_.push_back(hash);
        d.sessions.forget();
        return true;
    });
    std::sort(forgottenSessions_.begin(), forgottenSessions_.end());
    business_->forgetSessions(forgottenSessions_);
    std::sort(forgottenUsers_.begin(), forgottenUsers_.end());
    business_->forgetUsers(forgottenUsers_);
}

void AnalyticsAggregator::seedAllTimeDistinct() {
    AllTimeDistinct &d = allTimeDistinct_;
    users_.forEach([&d](std::uint64_t hash, const UserState &u) {
        d.users.seed(hash);
        for (std::size_t s = 0; s < kFunnelStages.size(); ++s) {
            if ((u.reached & (1u << s)) != 0) {
                d.stages[s].seed(hash);
            }
        }
        if ((u.reached & kCartAndPurchaseBits) == kCartAndPurchaseBits) {
            d.cartAndPurchase.seed(hash);
        }
    });
    sessions_.forEach([&d](std::uint64_t hash, const SessionState &) { d.sessions.seed(hash); });
}

bool AnalyticsAggregator::AllTimeDistinct::estimated() const {
    return users.estimated() || sessions.estimated() || cartAndPurchase.estimated() ||
           std::any_of(stages.begin(), stages.end(),
                       [](const DistinctCount &c) { return c.estimated(); });
}

} // namespace trackboard
