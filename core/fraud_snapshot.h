#pragma once

#include "alert.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

struct RuleCount {
    std::string rule;
    std::uint64_t alerts = 0;
    bool operator==(const RuleCount &) const = default;
};

// What the fraud engine knows at one instant, plus the alerts raised since the last snapshot.
struct FraudSnapshot {
    std::int64_t takenAtMs = 0;
    std::uint64_t events = 0;
    std::uint64_t alertsTotal = 0;
    std::array<std::uint64_t, 4> alertsBySeverity{};
    std::vector<RuleCount> alertsByRule;
    std::uint64_t trackedUsers = 0;
    std::vector<Alert> newAlerts;
};

} // namespace trackboard
