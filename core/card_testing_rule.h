#pragma once

#include "fraud_rule.h"

namespace trackboard {

// CARD_TESTING: stolen card numbers being tried out, with a run of tiny purchases or with
// small purchases of many different amounts in quick succession.
class CardTestingRule final : public FraudRule {
public:
    std::string_view name() const override { return "CARD_TESTING"; }
    std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                    const FraudThresholds &thresholds) const override;
};

} // namespace trackboard
