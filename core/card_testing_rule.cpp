#include "card_testing_rule.h"
#include "money.h"

#include <algorithm>

namespace trackboard {

namespace {

// Lists the qualifying purchases of a window: their amounts (distinct ones only if asked) and,
// newest last, the ids of at most kCitedHistoryCap of them.
template <typename Qualifies>
void describeWindow(const UserActivity &activity, const HistoryWindow &window,
                    std::string_view currency, bool distinct, Qualifies qualifies, Finding &f,
                    std::string &amounts) {
    std::vector<std::int64_t> listed;
    for (std::size_t i = window.first; i < window.last; ++i) {
        const PurchaseRecord &p = activity.purchases[i];
        if (!qualifies(p)) {
            continue;
        }
        if (!p.eventId.empty()) {
            f.eventIds.push_back(p.eventId);
        }
        if (distinct && std::find(listed.begin(), listed.end(), p.valueCents) != listed.end()) {
            continue;
        }
        listed.push_back(p.valueCents);
        amounts += amounts.empty() ? "" : ", ";
        amounts += formatMoney(p.valueCents, currency);
    }
}

} // namespace

std::optional<Finding> CardTestingRule::evaluate(const Event &event, const UserActivity &activity,
                                                 const FraudThresholds &t) const {
    if (event.type != EventType::Purchase || !event.hasOrder) {
        return std::nullopt;
    }
    const auto small = [&](const PurchaseRecord &p) {
        return p.valueCents <= t.cardTestingSmallCents;
    };
    const auto probing = [&](const PurchaseRecord &p) {
        return p.valueCents <= t.cardTestingDistinctMaxCents;
    };
    const std::string_view currency = event.order.currency;
    const HistoryWindow smallWindow =
        busiestWindow(activity.purchases, event.timestampMs, t.cardTestingSmallWindowMs, small);
    Finding f;
    f.severity = t.cardTestingSeverity;
    std::string amounts;
    if (smallWindow.count >= std::max(1, t.cardTestingSmallCount)) {
        describeWindow(activity, smallWindow, currency, false, small, f, amounts);
        f.message = std::to_string(smallWindow.count) + " purchases of at most " +
                    formatMoney(t.cardTestingSmallCents, currency) + " in " +
                    describeDuration(t.cardTestingSmallWindowMs);
        f.evidence = {{"purchases", std::to_string(smallWindow.count)},
                      {"threshold", std::to_string(t.cardTestingSmallCount)},
                      {"max_amount", formatMoney(t.cardTestingSmallCents, currency)},
                      {"window_s", secondsText(t.cardTestingSmallWindowMs)},
                      {"amounts", amounts}};
        return f;
    }
    const int needed = std::clamp(t.cardTestingDistinctAmounts, 1, int(kCitedHistoryCap));
    const HistoryWindow distinctWindow = mostDistinctWindow(
        activity.purchases, event.timestampMs, t.cardTestingDistinctWindowMs, probing,
        [](const PurchaseRecord &p) { return static_cast<std::uint64_t>(p.valueCents); }, needed);
    if (distinctWindow.count < needed) {
        return std::nullopt;
    }
    describeWindow(activity, distinctWindow, currency, true, probing, f, amounts);
    f.message = "Purchases of " + std::to_string(distinctWindow.count) + " different amounts in " +
                describeDuration(t.cardTestingDistinctWindowMs);
    f.evidence = {{"distinct_amounts", std::to_string(distinctWindow.count)},
                  {"threshold", std::to_string(t.cardTestingDistinctAmounts)},
                  {"max_amount", formatMoney(t.cardTestingDistinctMaxCents, currency)},
                  {"window_s", secondsText(t.cardTestingDistinctWindowMs)},
                  {"amounts", amounts}};
    return f;
}

} // namespace trackboard
