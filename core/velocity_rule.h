#pragma once

#include "fraud_rule.h"

namespace trackboard {

// HIGH_VELOCITY: a user doing more than a person can, such as a bot or a script.
class VelocityRule final : public FraudRule {
public:
    std::string_view name() const override { return "HIGH_VELOCITY"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
