#pragma once

#include "analytics_snapshot.h"
#include "hyperloglog.h"
#include "space_saving.h"
#include "top_scores.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace trackboard {

struct PageCount {}; // a page's views are its Space-Saving count

struct ProductStats {
    std::string name;
    std::string category;
    std::uint64_t views = 0;
    std::uint64_t unitsSold = 0;
    std::int64_t revenueCents = 0;
};

struct GeoCounters {
    std::int64_t users = 0; // signed: a user moving on is taken off an earlier bucket
    std::uint64_t events = 0;
    std::int64_t revenueCents = 0;
};

// Out of line, so that the inlined lookup below stays a compare and an index: the resize,
// inlined, made every counter increment save and restore registers.
template <typename T> [[gnu::noinline]] void growSlots(std::vector<T> &counters, std::size_t id) {
    counters.resize(id + 1);
}

// Grows a per-id counter array on first use of an id.
template <typename T> inline T &slot(std::vector<T> &counters, std::size_t id) {
    if (counters.size() <= id) [[unlikely]] {
        growSlots(counters, id);
    }
    return counters[id];
}

// Everything counted over one 10-second slice of event time; the all-time totals use the same
// shape with larger top-N summaries. Distinct counts are "users whose latest sighting is in this
// bucket", so summing buckets newest-first gives the exact distinct count of any suffix.
struct AnalyticsBucket {
    static constexpr std::int64_t kUnused = std::numeric_limits<std::int64_t>::min();

    AnalyticsBucket(std::size_t topCapacity, std::size_t topUserCapacity)
        : pages(topCapacity)
        , products(topCapacity)
        , topUsers(topUserCapacity) {}

    void reset(std::int64_t newNumber) {
        number = newNumber;
        resetCounters();
        resetSummaries();
    }

    // The plain counts: they change in earlier buckets too, as users move on (see users).
    void resetCounters() {
        events = 0;
        byType = {};
        orders = 0;
        revenueByCurrency.clear();
        deviceTypes.clear();
        browsers.clear();
        operatingSystems.clear();
        countries.clear();
        cities.clear();
        users = sessions = cartAndPurchase = 0;
        stageUsers = {};
        stepUsers = {};
    }

    // The sketches and top-N summaries: only an event counted into this bucket changes them.
    void resetSummaries() {
        usersHll.clear();
        sessionsHll.clear();
        for (auto &hll : stageHll) {
            hll.clear();
        }
        pages.clear();
        products.clear();
        topUsers.clear();
    }

    std::int64_t number = kUnused;
    std::uint64_t events = 0;
    std::array<std::uint64_t, kEventTypeCount> byType{};
    std::uint64_t orders = 0;
    std::vector<std::int64_t> revenueByCurrency; // by currency id
    std::vector<std::uint64_t> deviceTypes;      // events, by id
    std::vector<std::uint64_t> browsers;
    std::vector<std::uint64_t> operatingSystems;
    std::vector<GeoCounters> countries;
    std::vector<GeoCounters> cities;
    std::int64_t users = 0;
    std::int64_t sessions = 0;
    std::array<std::int64_t, kFunnelStages.size()> stageUsers{};
    // Users whose latest in-order run to stage k starts in this bucket ([0] unused: a run to the
    // first stage is the latest page view, in stageUsers[0]).
    std::array<std::int64_t, kFunnelStages.size()> stepUsers{};
    std::int64_t cartAndPurchase = 0; // users who both added to cart and purchased
    HyperLogLog usersHll;
    HyperLogLog sessionsHll;
    std::array<HyperLogLog, kFunnelStages.size()> stageHll;
    SpaceSaving<PageCount> pages;
    SpaceSaving<ProductStats> products; // weighted by product events
    TopScores topUsers;                 // by activity score
};

} // namespace trackboard
