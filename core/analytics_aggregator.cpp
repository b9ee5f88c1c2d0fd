#include "analytics_aggregator.h"

#include <algorithm>

namespace trackboard {

namespace {

template <typename Map> void increment(Map &map, std::string_view key, std::int64_t by) {
    if (auto it = map.find(key); it != map.end()) {
        it->second += by;
    } else {
        map.emplace(std::string(key), by);
    }
}

std::int64_t floorDiv(std::int64_t value, std::int64_t divisor) {
    return value / divisor - (value % divisor < 0 ? 1 : 0);
}

} // namespace

void AnalyticsAggregator::apply(const Event &e) {
    const auto type = static_cast<std::size_t>(e.type);
    ++events_;
    ++byType_[type];

    for (std::size_t stage = 0; stage < kFunnelStages.size(); ++stage) {
        if (kFunnelStages[stage] == e.type) {
            // A 64-bit hash stands in for the id: collisions are negligible below billions.
            funnelUsers_[stage].insert(std::hash<std::string_view>{}(e.userId));
        }
    }
    std::int64_t revenue = 0;
    if (e.type == EventType::Purchase && e.hasOrder) {
        ++orders_;
        revenue = e.order.valueCents;
        increment(revenue_, e.order.currency, revenue);
    }
    if (e.type == EventType::PageView) {
        increment(pageViews_, e.page, 1);
    }

    const std::int64_t second = floorDiv(e.timestampMs, 1000);
    SecondBucket &bucket = series_[static_cast<std::size_t>(
        ((second % kSeriesSeconds) + kSeriesSeconds) % kSeriesSeconds)];
    if (bucket.second < second) {
        bucket = SecondBucket{};
        bucket.second = second;
    }
    if (bucket.second == second) {
        ++bucket.byType[type];
        bucket.revenueCents += revenue;
    }
}

AnalyticsSnapshot AnalyticsAggregator::snapshot(std::int64_t nowMs) const {
    AnalyticsSnapshot s;
    s.takenAtMs = nowMs;
    s.events = events_;
    s.eventsByType = byType_;
    for (std::size_t stage = 0; stage < kFunnelStages.size(); ++stage) {
        s.funnelUsers[stage] = funnelUsers_[stage].size();
    }
    s.orders = orders_;
    for (const auto &[currency, cents] : revenue_) {
        s.revenue.push_back({currency, cents});
    }
    std::sort(s.revenue.begin(), s.revenue.end(),
              [](const auto &a, const auto &b) { return a.currency < b.currency; });

    s.topPages.reserve(pageViews_.size());
    for (const auto &[page, views] : pageViews_) {
        s.topPages.push_back({page, views});
    }
    const auto byViews = [](const CountEntry &a, const CountEntry &b) {
        return a.count != b.count ? a.count > b.count : a.key < b.key;
    };
    const auto keep = std::min(kTopPages, s.topPages.size());
    std::partial_sort(s.topPages.begin(), s.topPages.begin() + static_cast<long>(keep),
                      s.topPages.end(), byViews);
    s.topPages.resize(keep);

    s.seriesEndSecond = floorDiv(nowMs, 1000);
    s.eventsPerSecond.resize(kSnapshotSeriesSeconds);
    s.revenueCentsPerSecond.resize(kSnapshotSeriesSeconds);
    for (int i = 0; i < kSnapshotSeriesSeconds; ++i) {
        const std::int64_t second = s.seriesEndSecond - (kSnapshotSeriesSeconds - 1) + i;
        const SecondBucket &bucket = series_[static_cast<std::size_t>(
            ((second % kSeriesSeconds) + kSeriesSeconds) % kSeriesSeconds)];
        if (bucket.second == second) {
            s.eventsPerSecond[static_cast<std::size_t>(i)] = bucket.byType;
            s.revenueCentsPerSecond[static_cast<std::size_t>(i)] = bucket.revenueCents;
        }
    }
    return s;
}

} // namespace trackboard
