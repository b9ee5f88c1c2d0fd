#pragma once

#include "alert.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
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
    // Up to 10 users with a risk score above 0, highest first: user id and score (0 to 100).
    std::vector<std::pair<std::string, double>> riskiestUsers;
    std::vector<Alert> newAlerts;
    // Alerts handed to the alerts topic, and those that could not be (full queue, errors).
    std::uint64_t alertsPublished = 0;
    std::uint64_t alertsUnpublished = 0;
};

} // namespace trackboard
