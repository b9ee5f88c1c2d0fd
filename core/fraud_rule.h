#pragma once

#include "alert.h"
#include "event.h"

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace trackboard {

// Defaults are documented in docs/event-schema.md ("Alert schema", "Rules");
// FraudDetector::setThresholds changes them while running.
struct FraudThresholds {
    int velocityMaxEvents = 30;              // more events than this...
    std::int64_t velocityWindowMs = 60'000;  // ...within this window is HIGH_VELOCITY (HIGH)
    std::int64_t highValueCents = 900'00;    // a purchase above this is HIGH_VALUE_PURCHASE
    std::int64_t cooldownMs = 5 * 60'000;    // one alert per user and rule within this time
    std::int64_t idleExpiryMs = 30 * 60'000; // forget a user quiet for this long

    bool operator==(const FraudThresholds &) const = default;
};

inline constexpr std::size_t kMaxRules = 8;

// What the detector remembers about one user, shared by all rules.
struct UserActivity {
    std::deque<std::int64_t> recentEventMs; // sorted, trimmed to the velocity window
    std::int64_t lastSeenMs = 0;
    std::array<std::int64_t, kMaxRules> lastAlertMs{};
    std::array<std::optional<Severity>, kMaxRules> lastAlertSeverity{};
};

struct Finding {
    Severity severity = Severity::Medium;
    std::string message;
    std::vector<std::pair<std::string, std::string>> evidence;
};

// One detection rule. Rules are pure: they read the event and the user's activity and say
// whether it is suspicious; cooldowns, ids and publication belong to the detector.
class FraudRule {
public:
    virtual ~FraudRule() = default;
    virtual std::string_view name() const = 0;
    virtual std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                            const FraudThresholds &thresholds) const = 0;
};

} // namespace trackboard
