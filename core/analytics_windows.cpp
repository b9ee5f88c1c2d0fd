// AnalyticsAggregator::snapshot(): sums the 10-second buckets newest first into the 1, 5, 15
// and 60 minute windows, and the all-time totals, then ranks the top-N lists.
#include "analytics_aggregator.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace trackboard {

namespace {

std::int64_t floorDiv(std::int64_t value, std::int64_t divisor) {
    return value / divisor - (value % divisor < 0 ? 1 : 0);
}

double percentOf(double part, double whole) {
    return whole <= 0 ? 0.0 : 100.0 * part / whole;
}

std::uint64_t nonNegative(std::int64_t value) {
    return value < 0 ? 0 : std::uint64_t(value);
}

std::uint64_t estimate(const HyperLogLog &hll) {
    return std::uint64_t(hll.estimate() + 0.5);
}

template <typename T> void addInto(std::vector<T> &into, const std::vector<T> &from) {
    if (into.size() < from.size()) {
        into.resize(from.size());
    }
    for (std::size_t i = 0; i < from.size(); ++i) {
        into[i] += from[i];
    }
}

template <typename T, typename Before>
void keepTop(std::vector<T> &items, std::size_t n, Before before) {
    n = std::min(n, items.size());
    std::partial_sort(items.begin(), items.begin() + static_cast<long>(n), items.end(), before);
    items.resize(n);
}

struct ProductSum {
    const ProductStats *info = nullptr;
    std::uint64_t views = 0;
    std::uint64_t unitsSold = 0;
    std::int64_t revenueCents = 0;
};

} // namespace

// One window's (or all time's) sums, keyed by interned ids and by views into the buckets'
// own strings: valid only while the aggregator is not modified.
struct WindowTotals {
    bool withSketches = false;
    std::uint64_t events = 0;
    std::array<std::uint64_t, kEventTypeCount> byType{};
    std::uint64_t orders = 0;
    std::vector<std::int64_t> revenue;
    std::vector<std::uint64_t> deviceTypes, browsers, operatingSystems;
    std::vector<GeoCounters> countries, cities;
    std::int64_t users = 0, sessions = 0, cartAndPurchase = 0;
    std::array<std::int64_t, kFunnelStages.size()> stageUsers{};
    std::array<std::int64_t, kFunnelStages.size()> stepUsers{};
    HyperLogLog usersHll, sessionsHll;
    std::array<HyperLogLog, kFunnelStages.size()> stageHll;
    std::unordered_map<std::string_view, std::uint64_t> pages;
    std::unordered_map<std::string_view, ProductSum> products;
    std::unordered_map<std::string_view, std::pair<std::uint64_t, std::uint64_t>> scores;
    bool topExact = true;

    void add(const AnalyticsBucket &b) {
        events += b.events;
        for (std::size_t t = 0; t < kEventTypeCount; ++t) {
            byType[t] += b.byType[t];
        }
        orders += b.orders;
        addInto(revenue, b.revenueByCurrency);
        addInto(deviceTypes, b.deviceTypes);
        addInto(browsers, b.browsers);
        addInto(operatingSystems, b.operatingSystems);
        for (auto [into, from] : {std::pair{&countries, &b.countries}, {&cities, &b.cities}}) {
            if (into->size() < from->size()) {
                into->resize(from->size());
            }
            for (std::size_t i = 0; i < from->size(); ++i) {
                (*into)[i].users += (*from)[i].users;
                (*into)[i].events += (*from)[i].events;
                (*into)[i].revenueCents += (*from)[i].revenueCents;
            }
        }
        users += b.users;
        sessions += b.sessions;
        cartAndPurchase += b.cartAndPurchase;
        for (std::size_t i = 0; i < stageUsers.size(); ++i) {
            stageUsers[i] += b.stageUsers[i];
            stepUsers[i] += b.stepUsers[i];
        }
        if (withSketches) {
            usersHll.merge(b.usersHll);
            sessionsHll.merge(b.sessionsHll);
            for (std::size_t i = 0; i < stageHll.size(); ++i) {
                stageHll[i].merge(b.stageHll[i]);
            }
        }
        topExact = topExact && b.pages.exact() && b.products.exact() && b.topUsers.exact();
        for (const auto &e : b.pages) {
            pages[e.key] += e.count;
        }
        for (const auto &e : b.products) {
            ProductSum &p = products[e.key];
            p.info = p.info != nullptr ? p.info : &e.payload;
            p.views += e.payload.views;
            p.unitsSold += e.payload.unitsSold;
            p.revenueCents += e.payload.revenueCents;
        }
        for (const auto &e : b.topUsers.entries()) {
            auto &score = scores[e.key];
            score.first += e.score;
            score.second += e.events;
        }
    }
};

namespace {

std::vector<ShareEntry> shares(const std::vector<std::uint64_t> &counts,
                               const BoundedInterner &names) {
    std::uint64_t total = 0;
    for (const auto c : counts) {
        total += c;
    }
    std::vector<ShareEntry> out;
    for (std::size_t id = 0; id < counts.size(); ++id) {
        if (counts[id] > 0) {
            out.push_back({names.name(std::uint32_t(id)), counts[id],
                           percentOf(double(counts[id]), double(total))});
        }
    }
    std::sort(out.begin(), out.end(), [](const ShareEntry &a, const ShareEntry &b) {
        return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    return out;
}

bool byEventsThenKey(const GeoEntry &a, const GeoEntry &b) {
    return a.events != b.events ? a.events > b.events : a.key < b.key;
}

} // namespace

void AnalyticsAggregator::fillWindow(WindowMetrics &w, const WindowTotals &t) const {
    const bool exact = !overflowed_;
    w.distinctExact = exact;
    w.topExact = t.topExact;
    w.events = t.events;
    w.eventsByType = t.byType;
    w.eventTypes.clear();
    for (std::size_t type = 0; type < kEventTypeCount; ++type) {
        if (t.byType[type] > 0) {
            w.eventTypes.push_back({std::string(eventTypeName(EventType(type))), t.byType[type],
                                    percentOf(double(t.byType[type]), double(t.events))});
        }
    }
    std::stable_sort(w.eventTypes.begin(), w.eventTypes.end(),
                     [](const ShareEntry &a, const ShareEntry &b) {
                         return a.count != b.count ? a.count > b.count : a.key < b.key;
                     });

    w.topPages.clear();
    for (const auto &[page, views] : t.pages) {
        w.topPages.push_back({std::string(page), views});
    }
    keepTop(w.topPages, kTopPages, [](const CountEntry &a, const CountEntry &b) {
        return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    w.topUsers.clear();
    for (const auto &[user, score] : t.scores) {
        w.topUsers.push_back({std::string(user), score.first, score.second});
    }
    keepTop(w.topUsers, kTopUsers, [](const UserScore &a, const UserScore &b) {
        return a.score != b.score ? a.score > b.score : a.userId < b.userId;
    });

    w.activeUsers = exact ? nonNegative(t.users) : estimate(t.usersHll);
    w.activeSessions = exact ? nonNegative(t.sessions) : estimate(t.sessionsHll);
    std::array<std::uint64_t, kFunnelStages.size()> stage{};
    for (std::size_t i = 0; i < stage.size(); ++i) {
        stage[i] = exact ? nonNegative(t.stageUsers[i]) : estimate(t.stageHll[i]);
    }
    const auto fillFunnel = [](std::array<FunnelStage, 5> &funnel,
                               const std::array<std::uint64_t, kFunnelStages.size()> &users) {
        for (std::size_t i = 0; i < users.size(); ++i) {
            FunnelStage &f = funnel[i];
            f.users = users[i];
            f.conversionFromPrevious = i == 0 ? (users[0] > 0 ? 100.0 : 0.0)
                                              : percentOf(double(users[i]), double(users[i - 1]));
            f.conversionOverall = percentOf(double(users[i]), double(users[0]));
            f.dropOff = i == 0 || users[i] >= users[i - 1] ? 0 : users[i - 1] - users[i];
        }
    };
    fillFunnel(w.funnel, stage);
    // The sequential funnel counts tracked users only: past the exact tables' limit it is a
    // lower bound (docs/analytics.md).
    std::array<std::uint64_t, kFunnelStages.size()> steps{stage[0]};
    for (std::size_t i = 1; i < steps.size(); ++i) {
        steps[i] = std::min(steps[i - 1], nonNegative(t.stepUsers[i]));
    }
    fillFunnel(w.steps, steps);

    w.orders = t.orders;
    w.revenue.clear();
    std::int64_t total = 0;
    for (std::size_t id = 0; id < t.revenue.size(); ++id) {
        if (t.revenue[id] != 0) {
            w.revenue.push_back({currencies_.name(std::uint32_t(id)), t.revenue[id]});
            total += t.revenue[id];
        }
    }
    std::sort(w.revenue.begin(), w.revenue.end(),
              [](const auto &a, const auto &b) { return a.currency < b.currency; });
    w.averageOrderValueCents = t.orders == 0 ? 0 : total / std::int64_t(t.orders);

    std::vector<ProductEntry> products;
    products.reserve(t.products.size());
    for (const auto &[id, p] : t.products) {
        products.push_back({std::string(id), p.info->name, p.info->category, p.views, p.unitsSold,
                            p.revenueCents});
    }
    const auto topBy = [&products](auto metric) {
        std::vector<ProductEntry> out;
        for (const auto &p : products) {
            if (metric(p) > 0) {
                out.push_back(p);
            }
        }
        keepTop(out, kTopProducts, [&metric](const ProductEntry &a, const ProductEntry &b) {
            return metric(a) != metric(b) ? metric(a) > metric(b) : a.productId < b.productId;
        });
        return out;
    };
    w.topProductsByViews = topBy([](const ProductEntry &p) { return std::int64_t(p.views); });
    w.topProductsByUnits = topBy([](const ProductEntry &p) { return std::int64_t(p.unitsSold); });
    w.topProductsByRevenue = topBy([](const ProductEntry &p) { return p.revenueCents; });

    w.cartUsers = stage[2];
    if (exact) {
        w.abandonedCarts = nonNegative(t.stageUsers[2] - t.cartAndPurchase);
    } else {
        HyperLogLog either = t.stageHll[2];
        either.merge(t.stageHll[4]);
        const auto union_ = estimate(either);
        w.abandonedCarts = std::min(stage[2], union_ > stage[4] ? union_ - stage[4] : 0);
    }
    w.cartAbandonmentPercent = percentOf(double(w.abandonedCarts), double(w.cartUsers));

    w.countries.clear();
    for (std::size_t id = 0; id < t.countries.size(); ++id) {
        const GeoCounters &c = t.countries[id];
        if (c.events > 0) {
            const std::string &code = countries_.name(std::uint32_t(id));
            w.countries.push_back({code, code, nonNegative(c.users), c.events, c.revenueCents});
        }
    }
    std::sort(w.countries.begin(), w.countries.end(), byEventsThenKey);
    w.cities.clear();
    for (std::size_t id = 0; id < t.cities.size(); ++id) {
        const GeoCounters &c = t.cities[id];
        if (c.events > 0) {
            const std::string &key = cities_.name(std::uint32_t(id));
            const auto slash = key.find('/');
            const CityPlace place = id < cityPlaces_.size() ? cityPlaces_[id] : CityPlace{};
            w.cities.push_back({slash == std::string::npos ? key : key.substr(slash + 1),
                                countries_.name(cityCountry_[id]), nonNegative(c.users), c.events,
                                c.revenueCents, place.lat, place.lon});
        }
    }
    keepTop(w.cities, kTopCities, byEventsThenKey);
    w.deviceTypes = shares(t.deviceTypes, deviceTypes_);
    w.browsers = shares(t.browsers, browsers_);
    w.operatingSystems = shares(t.operatingSystems, operatingSystems_);
}

AnalyticsSnapshot AnalyticsAggregator::snapshot(std::int64_t nowMs) const {
    AnalyticsSnapshot s;
    s.takenAtMs = nowMs;
    s.late = late_;
    s.allowedLatenessMs = settings_.allowedLatenessMs;
    const bool any = lastBucket_ != AnalyticsBucket::kUnused;
    const std::int64_t eventNow = clock_.nowMs();
    s.watermarkMs = any ? eventNow : 0;
    for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
        s.windows[i].minutes = kAnalyticsWindowMinutes[i];
    }

    {
        WindowTotals all;
        all.withSketches = overflowed_;
        all.add(*allTime_);
        // Once users were forgotten and may be back, the all-time distinct counts are the
        // DistinctCounts' (estimates); the windows stay exact.
        const bool estimated = !overflowed_ && allTimeDistinct_.estimated();
        if (estimated) {
            const AllTimeDistinct &d = allTimeDistinct_;
            all.users = std::int64_t(d.users.value());
            all.sessions = std::int64_t(d.sessions.value());
            all.cartAndPurchase = std::int64_t(d.cartAndPurchase.value());
            for (std::size_t i = 0; i < d.stages.size(); ++i) {
                all.stageUsers[i] = std::int64_t(d.stages[i].value());
            }
        }
        WindowMetrics &w = s.windows[std::size_t(AnalyticsWindow::AllTime)];
        fillWindow(w, all);
        w.distinctExact = w.distinctExact && !estimated;
    }
    // The window "last N minutes" starts 6N buckets back from the bucket of "now" and runs to
    // the newest bucket: buckets ahead of "now", filled by partitions read ahead of the
    // slowest, are on time and belong to every window (docs/analytics.md).
    WindowTotals sum;
    sum.withSketches = overflowed_;
    const std::int64_t nowBucket = any ? floorDiv(eventNow, kBucketMs) : 0;
    // Older buckets are recycled; before the first event there is no newest bucket to count from.
    const std::int64_t oldest =
        lastBucket_ == AnalyticsBucket::kUnused ? lastBucket_ : lastBucket_ - kRingBuckets + 1;
    std::int64_t number = lastBucket_;
    for (std::size_t next = 0; next + 1 < kAnalyticsWindowCount; ++next) {
        const std::int64_t first =
            nowBucket - std::int64_t(kAnalyticsWindowMinutes[next]) * kBucketsPerMinute + 1;
        for (; any && number >= std::max(first, oldest); --number) {
            const AnalyticsBucket &b = ring_[static_cast<std::size_t>(
                ((number % kRingBuckets) + kRingBuckets) % kRingBuckets)];
            if (b.number == number) {
                sum.add(b);
            }
        }
        fillWindow(s.windows[next], sum); // before the first event: empty windows
    }

    const WindowMetrics &all = s.window(AnalyticsWindow::AllTime);
    s.events = all.events;
    s.eventsByType = all.eventsByType;
    for (std::size_t i = 0; i < kFunnelStages.size(); ++i) {
        s.funnelUsers[i] = all.funnel[i].users;
    }
    s.orders = all.orders;
    s.revenue = all.revenue;
    s.topPages = all.topPages;

    s.seriesEndSecond = floorDiv(any ? eventNow : nowMs, 1000);
    s.eventsPerSecond.resize(kSnapshotSeriesSeconds);
    s.revenueCentsPerSecond.resize(kSnapshotSeriesSeconds);
    for (int i = 0; i < kSnapshotSeriesSeconds; ++i) {
        const std::int64_t second = s.seriesEndSecond - (kSnapshotSeriesSeconds - 1) + i;
        const SecondBucket &bucket = series_[static_cast<std::size_t>(
            ((second % kSeriesRingSeconds) + kSeriesRingSeconds) % kSeriesRingSeconds)];
        if (bucket.second == second) {
            s.eventsPerSecond[static_cast<std::size_t>(i)] = bucket.byType;
            s.revenueCentsPerSecond[static_cast<std::size_t>(i)] = bucket.revenueCents;
        }
    }
    s.bucketSeriesEndMs = nowBucket * kBucketMs;
    s.eventsPerBucket.assign(kWindowBuckets, {});
    s.revenueCentsPerBucket.assign(kWindowBuckets, 0);
    for (int i = 0; any && i < kWindowBuckets; ++i) {
        const std::int64_t n = nowBucket - (kWindowBuckets - 1) + i;
        const AnalyticsBucket &b =
            ring_[static_cast<std::size_t>(((n % kRingBuckets) + kRingBuckets) % kRingBuckets)];
        if (b.number == n) {
            s.eventsPerBucket[static_cast<std::size_t>(i)] = b.byType;
            for (const std::int64_t cents : b.revenueByCurrency) {
                s.revenueCentsPerBucket[static_cast<std::size_t>(i)] += cents;
            }
        }
    }
    s.business = business_->snapshot(s.watermarkMs);
    return s;
}

} // namespace trackboard
