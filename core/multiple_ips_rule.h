#pragma once

#include "fraud_rule.h"

namespace trackboard {

// MULTIPLE_IPS: one account used from many addresses at once, such as shared credentials or a
// bot rotating proxies.
class MultipleIpsRule final : public FraudRule {
public:
    std::string_view name() const override { return "MULTIPLE_IPS"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
