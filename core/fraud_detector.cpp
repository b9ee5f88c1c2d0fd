#include "fraud_detector.h"
#include "high_value_rule.h"
#include "velocity_rule.h"

#include <algorithm>

namespace trackboard {

FraudDetector::FraudDetector(FraudThresholds thresholds)
    : thresholds_(thresholds) {
    rules_.push_back(std::make_unique<VelocityRule>());
    rules_.push_back(std::make_unique<HighValueRule>());
}

FraudDetector::~FraudDetector() = default;

void FraudDetector::apply(const Event &event, std::int64_t nowMs, std::vector<Alert> &raised) {
    ++events_;
    auto it = users_.find(event.userId);
    if (it == users_.end()) {
        it = users_.emplace(event.userId, UserActivity{}).first;
    }
    UserActivity &activity = it->second;
    activity.lastSeenMs = std::max(activity.lastSeenMs, event.timestampMs);

    // Keep the timestamps sorted even when events arrive out of order, then trim what no
    // window can reach any more.
    auto &times = activity.recentEventMs;
    times.insert(std::upper_bound(times.begin(), times.end(), event.timestampMs),
                 event.timestampMs);
    while (!times.empty() && times.front() <= activity.lastSeenMs - thresholds_.velocityWindowMs) {
        times.pop_front();
    }

    for (std::size_t r = 0; r < rules_.size(); ++r) {
        auto finding = rules_[r]->evaluate(event, activity, thresholds_);
        if (!finding) {
            continue;
        }
        const auto &previous = activity.lastAlertSeverity[r];
        const bool coolingDown =
            previous && event.timestampMs - activity.lastAlertMs[r] < thresholds_.cooldownMs;
        if (coolingDown && finding->severity <= *previous) {
            continue;
        }
        activity.lastAlertMs[r] = event.timestampMs;
        activity.lastAlertSeverity[r] = finding->severity;

        Alert alert;
        alert.alertId =
            "alert-" + std::to_string(++alertCounter_) + "-" + std::to_string(event.timestampMs);
        alert.rule = rules_[r]->name();
        alert.severity = finding->severity;
        alert.userId = event.userId;
        alert.eventTimeMs = event.timestampMs;
        alert.detectedAtMs = nowMs;
        alert.message = std::move(finding->message);
        alert.evidence = std::move(finding->evidence);
        alert.eventIds.push_back(event.eventId);
        ++bySeverity_[static_cast<std::size_t>(alert.severity)];
        ++byRule_[r];
        raised.push_back(std::move(alert));
    }

    newestEventMs_ = std::max(newestEventMs_, event.timestampMs);
    if (newestEventMs_ - lastExpiryMs_ > 60'000) {
        expireIdleUsers(newestEventMs_);
    }
}

void FraudDetector::expireIdleUsers(std::int64_t eventTimeMs) {
    lastExpiryMs_ = eventTimeMs;
    std::erase_if(users_, [&](const auto &entry) {
        return entry.second.lastSeenMs < eventTimeMs - thresholds_.idleExpiryMs;
    });
}

FraudSnapshot FraudDetector::snapshot(std::int64_t nowMs) const {
    FraudSnapshot s;
    s.takenAtMs = nowMs;
    s.events = events_;
    s.alertsBySeverity = bySeverity_;
    for (const auto count : bySeverity_) {
        s.alertsTotal += count;
    }
    for (std::size_t r = 0; r < rules_.size(); ++r) {
        s.alertsByRule.push_back({std::string(rules_[r]->name()), byRule_[r]});
    }
    s.trackedUsers = users_.size();
    return s;
}

} // namespace trackboard
