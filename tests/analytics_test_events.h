#pragma once
// Hand-built events for the analytics tests, at times counted from a 10-second bucket edge.

#include "analytics_aggregator.h"

#include <string>

namespace trackboard::test {

// 2024-03-01T12:00:00Z: the first millisecond of a 10-second bucket (and of a minute).
constexpr std::int64_t kEdgeMs = 1'709'294'400'000;

inline Event activity(EventType type, const std::string &user, std::int64_t timestampMs,
                      const std::string &page = "/") {
    Event e;
    e.eventId = "e-" + user + "-" + std::to_string(timestampMs);
    e.type = type;
    e.timestampMs = timestampMs;
    e.userId = user;
    e.sessionId = "s-" + user;
    e.page = page;
    e.geo = {"US", "New York", 40.7, -74.0};
    e.device = {"desktop", "Windows", "Chrome"};
    return e;
}

inline Event productEvent(EventType type, const std::string &user, std::int64_t timestampMs,
                          const std::string &productId, int quantity = 1) {
    Event e = activity(type, user, timestampMs);
    e.hasProduct = true;
    e.product = {productId, "Name of " + productId, "tools", 1000};
    e.quantity = quantity;
    return e;
}

inline Event purchase(const std::string &user, std::int64_t timestampMs, std::int64_t cents,
                      const std::string &currency = "USD", const std::string &productId = "p-1",
                      int quantity = 1) {
    Event e = productEvent(EventType::Purchase, user, timestampMs, productId, quantity);
    e.hasOrder = true;
    e.order = {"o-" + user + std::to_string(timestampMs), cents, currency};
    return e;
}

inline AnalyticsAggregator::Settings withLateness(std::int64_t ms) {
    AnalyticsAggregator::Settings s;
    s.allowedLatenessMs = ms;
    return s;
}

inline const WindowMetrics &win(const AnalyticsSnapshot &s, AnalyticsWindow w) {
    return s.window(w);
}

} // namespace trackboard::test
