#pragma once

#include "fraud_rule.h"

namespace trackboard {

// RAPID_LOCATION_CHANGE: the user's country changes within minutes, as when a session or a
// password is used from abroad. Consecutive events by event time are compared, so a late
// event is checked against both neighbours.
class RapidLocationChangeRule final : public FraudRule {
public:
    std::string_view name() const override { return "RAPID_LOCATION_CHANGE"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
