#pragma once

#include "fraud_rule.h"

namespace trackboard {

// HIGH_VALUE_PURCHASE: a large order that deserves a manual review, either large in itself or
// large for this user, far above what they usually spend.
class HighValueRule final : public FraudRule {
public:
    std::string_view name() const override { return "HIGH_VALUE_PURCHASE"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
