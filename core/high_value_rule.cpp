#include "high_value_rule.h"
#include "money.h"

namespace trackboard {

std::optional<Finding> HighValueRule::evaluate(const Event &event, const UserActivity &,
                                               const FraudThresholds &t) const {
    if (event.type != EventType::Purchase || !event.hasOrder ||
        event.order.valueCents <= t.highValueCents) {
        return std::nullopt;
    }
    Finding f;
    f.severity = Severity::Medium;
    f.message = "High-value purchase: " + formatMoney(event.order.valueCents, event.order.currency);
    f.evidence = {{"amount", formatMoney(event.order.valueCents, event.order.currency)},
                  {"threshold", formatMoney(t.highValueCents, event.order.currency)},
                  {"order_id", event.order.id}};
    return f;
}

} // namespace trackboard
