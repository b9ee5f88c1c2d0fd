#pragma once

#include "business_snapshot.h"
#include "event.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

struct CountEntry {
    std::string key;
    std::uint64_t count = 0;
    bool operator==(const CountEntry &) const = default;
};

struct CurrencyAmount {
    std::string currency;
    std::int64_t cents = 0;
    bool operator==(const CurrencyAmount &) const = default;
};

// A share of a total, for distributions (event types, devices, browsers, OS).
struct ShareEntry {
    std::string key;
    std::uint64_t count = 0;
    double percent = 0; // of the window's total for this distribution, 0 to 100
    bool operator==(const ShareEntry &) const = default;
};

struct ProductEntry {
    std::string productId;
    std::string name;
    std::string category;
    std::uint64_t views = 0;     // product_view events
    std::uint64_t unitsSold = 0; // quantities of purchase events
    std::int64_t revenueCents = 0;
    bool operator==(const ProductEntry &) const = default;
};

// One country (key = ISO code) or one city (key = city name, country = its ISO code).
struct GeoEntry {
    std::string key;
    std::string country;
    std::uint64_t users = 0; // distinct
    std::uint64_t events = 0;
    std::int64_t revenueCents = 0;
    // Cities only: where the map draws it, in degrees (core/city_place.h says which event's
    // coordinates). Both 0 when no event of the city carried geo.lat/lon.
    double lat = 0;
    double lon = 0;
    bool operator==(const GeoEntry &) const = default;
};

struct UserScore {
    std::string userId;
    std::uint64_t score = 0; // documented weighting per event type, see docs/analytics.md
    std::uint64_t events = 0;
    bool operator==(const UserScore &) const = default;
};

struct FunnelStage {
    std::uint64_t users = 0;           // distinct users who reached this stage
    double conversionFromPrevious = 0; // percent of the previous stage's users, 100 for the first
    double conversionOverall = 0;      // percent of the first stage's users
    std::uint64_t dropOff = 0;         // previous stage's users minus this stage's, 0 for the first
    bool operator==(const FunnelStage &) const = default;
};

inline constexpr std::array<EventType, 5> kFunnelStages = {
    EventType::PageView, EventType::ProductView, EventType::AddToCart, EventType::Checkout,
    EventType::Purchase};

// The windows every metric is available for, by event time. AllTime is since start.
enum class AnalyticsWindow : std::uint8_t { Last1Min, Last5Min, Last15Min, Last60Min, AllTime };
inline constexpr std::size_t kAnalyticsWindowCount = 5;
inline constexpr std::array<int, kAnalyticsWindowCount> kAnalyticsWindowMinutes = {1, 5, 15, 60, 0};

// Every metric of the demo guide over one window.
struct WindowMetrics {
    int minutes = 0; // 0 means all time
    std::uint64_t events = 0;
    std::array<std::uint64_t, kEventTypeCount> eventsByType{};
    std::vector<ShareEntry> eventTypes; // every type seen, most first
    // Engagement
    std::vector<CountEntry> topPages; // page views, most first, ties by name
    std::vector<UserScore> topUsers;  // by activity score, highest first, ties by id
    std::uint64_t activeUsers = 0;    // distinct users in the window
    std::uint64_t activeSessions = 0; // distinct sessions in the window
    bool distinctExact = true;        // false once distinct counts come from HyperLogLog
    // Business
    std::array<FunnelStage, 5> funnel{}; // kFunnelStages order
    // The sequential funnel: users who reached each stage after every earlier one, in order,
    // within the window (docs/analytics.md). Never more users at a stage than at the one before.
    std::array<FunnelStage, 5> steps{};
    std::uint64_t orders = 0;
    std::vector<CurrencyAmount> revenue;     // sorted by currency
    std::int64_t averageOrderValueCents = 0; // all currencies summed over orders
    std::vector<ProductEntry> topProductsByViews;
    std::vector<ProductEntry> topProductsByUnits;
    std::vector<ProductEntry> topProductsByRevenue;
    std::uint64_t cartUsers = 0;      // distinct users who added to cart
    std::uint64_t abandonedCarts = 0; // of those, users who did not purchase in the window
    double cartAbandonmentPercent = 0;
    // Geography and devices
    std::vector<GeoEntry> countries; // by events, most first
    std::vector<GeoEntry> cities;
    std::vector<ShareEntry> deviceTypes;
    std::vector<ShareEntry> browsers;
    std::vector<ShareEntry> operatingSystems;
    // False once a top-N summary (pages, products, users) had more distinct keys than its
    // Space-Saving capacity: counts of the listed keys may then over-estimate.
    bool topExact = true;
    bool operator==(const WindowMetrics &) const = default;
};

// One activity partition in a merged view (docs/scaling.md): whether this process owns it
// live, or its state comes from another worker's checkpoint.
struct PartitionCoverage {
    std::int32_t partition = 0;
    bool owned = false;
    std::int64_t nextOffset = -1;    // the first offset the state does not cover; -1: unknown
    std::int64_t watermarkMs = 0;    // the partition's latest event time
    std::int64_t checkpointAtMs = 0; // when its state was last written (0: never)
    bool operator==(const PartitionCoverage &) const = default;
};

// What the analytics engine knows at one instant. A plain value: it crosses threads by copy.
struct AnalyticsSnapshot {
    // Indexed by AnalyticsWindow. The top-level fields below repeat the all-time figures.
    std::array<WindowMetrics, kAnalyticsWindowCount> windows{};
    const WindowMetrics &window(AnalyticsWindow w) const {
        return windows[static_cast<std::size_t>(w)];
    }
    std::uint64_t late = 0; // events older than the allowed lateness, left out of windows
    // Event-time "now": the minimum over active partitions of their latest event time. The
    // windows start from its bucket and the series ends at it.
    std::int64_t watermarkMs = 0;
    // Events older than their own partition's latest event time minus this are late.
    std::int64_t allowedLatenessMs = 0;

    std::int64_t takenAtMs = 0;
    std::uint64_t events = 0;
    std::array<std::uint64_t, kEventTypeCount> eventsByType{};
    // Distinct users who did each funnel stage's event at least once.
    std::array<std::uint64_t, kFunnelStages.size()> funnelUsers{};
    std::uint64_t orders = 0;
    std::vector<CurrencyAmount> revenue; // sorted by currency
    std::vector<CountEntry> topPages;    // by page views, most first, ties by name

    // Events per second by event type, by event time, oldest first; the last entry is the
    // second `seriesEndSecond` (Unix seconds).
    std::int64_t seriesEndSecond = 0;
    std::vector<std::array<std::uint32_t, kEventTypeCount>> eventsPerSecond;
    std::vector<std::int64_t> revenueCentsPerSecond;
    // The last hour in 10-second buckets of event time, oldest first, for the views longer than
    // the per-second series: the last entry is the bucket of "now", which starts at
    // `bucketSeriesEndMs`. Revenue adds every currency, as in the per-second series.
    std::int64_t bucketSeriesEndMs = 0;
    std::vector<std::array<std::uint64_t, kEventTypeCount>> eventsPerBucket;
    std::vector<std::int64_t> revenueCentsPerBucket;

    // Campaigns, experiments, journeys, features, segments, trends and custom metrics.
    BusinessSnapshot business;

    // What the per-user and per-session state of the owned partitions holds, for the memory
    // formula in docs/memory.md: entries, and the bytes of the tables that hold them.
    struct StateSize {
        std::uint64_t users = 0;      // held for the windows (AnalyticsAggregator::forgetQuiet)
        std::uint64_t sessions = 0;   // likewise
        std::uint64_t forgotten = 0;  // users and sessions forgotten after the longest window
        std::uint64_t tableBytes = 0; // their tables, users and sessions
        std::uint64_t businessTableBytes = 0; // campaigns, segments, journeys, features, A/B
    };
    StateSize stateSize;

    // The partitions merged into this snapshot, by partition (empty for a lone aggregator).
    std::vector<PartitionCoverage> partitions;

    std::int64_t revenueCents(std::string_view currency) const;
    std::int64_t totalRevenueCents() const;
    // Purchasing users over viewing users, 0 when nobody viewed.
    double conversionRate() const;
    std::int64_t averageOrderValueCents() const;
};

} // namespace trackboard
