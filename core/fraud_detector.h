#pragma once

#include "fraud_rule.h"
#include "fraud_snapshot.h"
#include "string_hash.h"

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace trackboard {

// Runs every rule on every event, per user and by event time, and turns findings into alerts
// with cooldown: one alert per user and rule within `cooldownMs`, unless the severity rises.
class FraudDetector {
public:
    explicit FraudDetector(FraudThresholds thresholds = {});
    ~FraudDetector();

    // Takes effect from the next event on.
    void setThresholds(const FraudThresholds &thresholds) { thresholds_ = thresholds; }
    const FraudThresholds &thresholds() const { return thresholds_; }

    // Appends the alerts this event raises (usually none) to `raised`.
    void apply(const Event &event, std::int64_t nowMs, std::vector<Alert> &raised);

    std::size_t trackedUsers() const { return users_.size(); }
    // Counts so far; the caller adds the alerts it has not yet handed on.
    FraudSnapshot snapshot(std::int64_t nowMs) const;

private:
    void expireIdleUsers(std::int64_t eventTimeMs);

    FraudThresholds thresholds_;
    std::vector<std::unique_ptr<FraudRule>> rules_;
    std::unordered_map<std::string, UserActivity, StringHash, std::equal_to<>> users_;
    std::uint64_t events_ = 0;
    std::uint64_t alertCounter_ = 0;
    std::array<std::uint64_t, 4> bySeverity_{};
    std::array<std::uint64_t, kMaxRules> byRule_{};
    std::int64_t newestEventMs_ = 0;
    std::int64_t lastExpiryMs_ = 0;
};

} // namespace trackboard
