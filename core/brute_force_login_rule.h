#pragma once

#include "fraud_rule.h"

namespace trackboard {

// BRUTE_FORCE_LOGIN: a burst of failed logins, someone guessing a password; and, worse, a
// successful login soon after the burst from an address the user had not used before it, the
// guess that worked ("account takeover").
class BruteForceLoginRule final : public FraudRule {
public:
    std::string_view name() const override { return "BRUTE_FORCE_LOGIN"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
