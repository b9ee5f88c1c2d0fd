#pragma once

#include "analytics_snapshot.h"
#include "string_hash.h"

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace trackboard {

// Folds decoded events into the demo guide's metrics. Single-threaded: the analytics worker
// owns one and calls snapshot() on its own thread.
class AnalyticsAggregator {
public:
    static constexpr int kSeriesSeconds = 15 * 60;
    static constexpr int kSnapshotSeriesSeconds = 5 * 60;
    static constexpr std::size_t kTopPages = 10;

    void apply(const Event &event);
    AnalyticsSnapshot snapshot(std::int64_t nowMs) const;

private:
    struct SecondBucket {
        std::int64_t second = -1;
        std::array<std::uint32_t, kEventTypeCount> byType{};
        std::int64_t revenueCents = 0;
    };

    std::uint64_t events_ = 0;
    std::array<std::uint64_t, kEventTypeCount> byType_{};
    std::array<std::unordered_set<std::size_t>, kFunnelStages.size()> funnelUsers_;
    std::uint64_t orders_ = 0;
    std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>> revenue_;
    std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>> pageViews_;
    std::array<SecondBucket, kSeriesSeconds> series_{};
};

} // namespace trackboard
