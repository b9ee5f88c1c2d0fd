#pragma once

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

inline constexpr std::array<EventType, 5> kFunnelStages = {
    EventType::PageView, EventType::ProductView, EventType::AddToCart, EventType::Checkout,
    EventType::Purchase};

// What the analytics engine knows at one instant. A plain value: it crosses threads by copy.
struct AnalyticsSnapshot {
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

    std::int64_t revenueCents(std::string_view currency) const;
    std::int64_t totalRevenueCents() const;
    // Purchasing users over viewing users, 0 when nobody viewed.
    double conversionRate() const;
    std::int64_t averageOrderValueCents() const;
};

} // namespace trackboard
