#include "high_value_rule.h"
#include "money.h"

#include <algorithm>
#include <cstdio>

namespace trackboard {

namespace {

// Median of the user's purchases before `beforeMs`, or a negative value with fewer than
// `minCount` of them.
double medianBefore(const UserActivity &activity, std::int64_t beforeMs, int minCount, int &count) {
    std::array<std::int64_t, kCitedHistoryCap> values{};
    std::size_t n = 0;
    for (const PurchaseRecord &p : activity.purchases) {
        if (p.timeMs >= beforeMs || n == values.size()) {
            break;
        }
        values[n++] = p.valueCents;
    }
    count = static_cast<int>(n);
    if (n == 0 || count < minCount) {
        return -1;
    }
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(values.begin(), mid, values.begin() + static_cast<std::ptrdiff_t>(n));
    if (n % 2 == 1) {
        return static_cast<double>(*mid);
    }
    const std::int64_t below = *std::max_element(values.begin(), mid);
    return (static_cast<double>(below) + static_cast<double>(*mid)) / 2;
}

} // namespace

std::optional<Finding> HighValueRule::evaluate(const Event &event, const UserActivity &activity,
                                               const FraudThresholds &t) const {
    if (event.type != EventType::Purchase || !event.hasOrder) {
        return std::nullopt;
    }
    const std::int64_t value = event.order.valueCents;
    const std::string_view currency = event.order.currency;
    if (value > t.highValueCents) {
        // The severe tier only ever raises the severity: an order above both amounts is at
        // least as serious as one above the first.
        const bool severe = value > t.highValueSevereCents;
        Finding f;
        f.severity =
            severe ? std::max(t.highValueSeverity, t.highValueSevereSeverity) : t.highValueSeverity;
        f.message = "High-value purchase: " + formatMoney(value, currency);
        f.evidence = {{"amount", formatMoney(value, currency)},
                      {"threshold",
                       formatMoney(severe ? t.highValueSevereCents : t.highValueCents, currency)},
                      {"order_id", event.order.id}};
        return f;
    }
    if (value <= t.highValueMedianMinCents) {
        return std::nullopt;
    }
    int count = 0;
    const double median =
        medianBefore(activity, event.timestampMs, std::max(1, t.highValueMinHistory), count);
    if (median < 0 || static_cast<double>(value) <= t.highValueMedianFactor * median) {
        return std::nullopt;
    }
    const auto medianCents = static_cast<std::int64_t>(median + 0.5);
    char ratio[32];
    std::snprintf(ratio, sizeof ratio, "%.1f", static_cast<double>(value) / median);
    Finding f;
    f.severity = t.highValueSeverity;
    f.message = "High-value purchase: " + formatMoney(value, currency) + ", " + ratio +
                "x this user's median of " + formatMoney(medianCents, currency);
    f.evidence = {{"amount", formatMoney(value, currency)},
                  {"median", formatMoney(medianCents, currency)},
                  {"ratio", ratio},
                  {"purchases", std::to_string(count)},
                  {"order_id", event.order.id}};
    return f;
}

} // namespace trackboard
