#pragma once

#include "business_context.h"
#include "hashed_names.h"
#include "varint_codec.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace trackboard {

struct TrendItem {
    std::string name; // the page path, or the product's name (its id when it has none)
    std::string id;   // the product id; empty for a page
    std::uint64_t lastFiveMinutes = 0;
    std::uint64_t lastHour = 0; // including the last five minutes
    double ratio = 0; // last 5 minutes against the 5-minute average of the hour before them
    double rise = 0;  // last 5 minutes minus that average: what the lists are ordered by
    bool operator==(const TrendItem &) const = default;
};

// What TrendMetrics shows at one instant: a plain value that crosses threads by copy.
struct TrendReport {
    int minutesObserved = 0;      // of the last hour, those with history (the baseline: all but 5)
    std::vector<TrendItem> pages; // rising most first, at most 10
    std::vector<TrendItem> products;
    // Bounds reached: events of pages or products past the name caps, and events more than an
    // hour older than their key's newest (neither is in any trend).
    std::uint64_t otherKeyEvents = 0;
    std::uint64_t tooOldEvents = 0;
    bool operator==(const TrendReport &) const = default;
};

// Trends: pages and products whose rate rose most in the last 5 minutes against their last hour
// (#20 section 6), in event time. Pages count page and product views by page path; products
// count every product event. Each key keeps a ring of 60 minute counts. A key trends with at
// least kMinRecent events in the last 5 minutes and at least kMinRatio times its per-5-minute
// average over the rest of the hour (the minutes seen so far), so nothing trends in the first
// five minutes, and a rush is news as soon as there is a before to compare it with.
// One per partition inside AnalyticsAggregator; mergeFrom() adds minute counts by name.
class TrendMetrics {
public:
    struct Limits {
        std::size_t pages = 1024;
        std::size_t products = 4096;
    };
    static constexpr int kMinutes = 60;
    static constexpr int kRecentMinutes = 5;
    static constexpr std::uint64_t kMinRecent = 30;
    static constexpr double kMinRatio = 2.0;
    static constexpr std::size_t kTop = 10;

    TrendMetrics();
    explicit TrendMetrics(const Limits &limits);

    void apply(const Event &event, const BusinessEventContext &context);
    void prefetch(std::uint64_t pathHash, std::uint64_t productHash) const {
        pages_.names.prefetch(pathHash);
        if (productHash != 0) {
            products_.names.prefetch(productHash);
        }
    }
    void mergeFrom(const TrendMetrics &other);
    void fill(TrendReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    bool decode(VarintReader &r);

private:
    static constexpr std::int64_t kNoMinute = std::numeric_limits<std::int64_t>::min();
    struct MinuteRing {
        std::int64_t newest = kNoMinute; // minute of counts[newest % 60]
        std::array<std::uint32_t, kMinutes> counts{};
        bool add(std::int64_t minute, std::uint32_t n);
        std::uint64_t sum(std::int64_t lastMinute, int minutes) const;
    };
    struct Keys {
        HashedNames names;
        std::vector<MinuteRing> rings;   // by id, "(other)" included
        std::vector<std::string> labels; // products: the name shown; pages: unused
    };

    void count(Keys &keys, std::string_view key, std::uint64_t hash, std::string_view label,
               std::int64_t minute);
    static void mergeKeys(Keys &into, const Keys &from);
    std::vector<TrendItem> rising(const Keys &keys, std::int64_t nowMinute, int observed,
                                  bool products) const;
    static void encodeKeys(VarintWriter &w, const Keys &keys);
    static bool decodeKeys(VarintReader &r, Keys &keys, std::size_t maxKeys);

    Limits limits_;
    Keys pages_;
    Keys products_;
    std::int64_t firstMinute_ = kNoMinute; // of the first event within the allowed lateness
    std::uint64_t otherKeyEvents_ = 0;
    std::uint64_t tooOldEvents_ = 0;
};

} // namespace trackboard
