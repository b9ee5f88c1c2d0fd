#pragma once

#include "fraud_rule.h"

namespace trackboard {

// IMPOSSIBLE_TRAVEL: two consecutive events (by event time) further apart than anyone can
// travel in the time between them, by great-circle distance.
class ImpossibleTravelRule final : public FraudRule {
public:
    std::string_view name() const override { return "IMPOSSIBLE_TRAVEL"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
