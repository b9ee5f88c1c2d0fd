#include "velocity_rule.h"

#include <algorithm>

namespace trackboard {

std::optional<Finding> VelocityRule::evaluate(const Event &event, const UserActivity &activity,
                                              const FraudThresholds &t) const {
    // Count by event time, so a burst replayed late still counts as a burst.
    const auto &times = activity.recentEventMs;
    const auto from =
        std::lower_bound(times.begin(), times.end(), event.timestampMs - t.velocityWindowMs + 1);
    const auto to = std::upper_bound(times.begin(), times.end(), event.timestampMs);
    const auto count = std::distance(from, to);
    if (count <= t.velocityMaxEvents) {
        return std::nullopt;
    }
    Finding f;
    f.severity = t.velocitySeverity;
    const std::string window = t.velocityWindowMs == 60'000
                                   ? std::string("the last minute")
                                   : "the last " + std::to_string(t.velocityWindowMs / 1000) + " s";
    f.message = "User has " + std::to_string(count) + " events in " + window;
    f.evidence = {{"events", std::to_string(count)},
                  {"threshold", std::to_string(t.velocityMaxEvents)},
                  {"window_s", std::to_string(t.velocityWindowMs / 1000)}};
    return f;
}

} // namespace trackboard
