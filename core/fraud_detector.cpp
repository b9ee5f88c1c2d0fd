#include "fraud_detector.h"
#include "brute_force_login_rule.h"
#include "card_testing_rule.h"
#include "high_value_rule.h"
#include "impossible_travel_rule.h"
#include "multiple_ips_rule.h"
#include "rapid_location_change_rule.h"
#include "velocity_rule.h"

#include <algorithm>
#include <cmath>

namespace trackboard {

FraudDetector::FraudDetector(FraudThresholds thresholds)
    : thresholds_(thresholds) {
    // The order is the order of FraudSnapshot::alertsByRule.
    rules_.push_back(std::make_unique<VelocityRule>());
    rules_.push_back(std::make_unique<HighValueRule>());
    rules_.push_back(std::make_unique<MultipleIpsRule>());
    rules_.push_back(std::make_unique<RapidLocationChangeRule>());
    rules_.push_back(std::make_unique<ImpossibleTravelRule>());
    rules_.push_back(std::make_unique<CardTestingRule>());
    rules_.push_back(std::make_unique<BruteForceLoginRule>());
}

FraudDetector::~FraudDetector() = default;
FraudDetector::FraudDetector(FraudDetector &&) noexcept = default;
FraudDetector &FraudDetector::operator=(FraudDetector &&) noexcept = default;

void FraudDetector::apply(const Event &event, std::int32_t partition, std::int64_t nowMs,
                          std::vector<Alert> &raised) {
    const auto p = static_cast<std::size_t>(std::max(partition, 0));
    if (p >= seenPerPartition_.size()) {
        seenPerPartition_.resize(p + 1, 0);
    }
    apply(event, partition, seenPerPartition_[p]++, nowMs, raised);
}

void FraudDetector::replay(const Event &event, std::int32_t partition, std::int64_t offset) {
    std::vector<Alert> quiet;
    replaying_ = true;
    apply(event, partition, offset, event.timestampMs, quiet);
    replaying_ = false;
}

void FraudDetector::forgetPartition(std::int32_t partition) {
    const auto mine = [&](const UserActivity &u) {
        return std::max(u.partition, 0) == std::max(partition, 0);
    };
    std::erase_if(flagged_, [&](const std::string &user) {
        const UserActivity *activity = users_.find(user);
        return activity == nullptr || mine(*activity);
    });
    users_.eraseIf([&](std::string_view, const UserActivity &u) { return mine(u); });
}

std::int64_t FraudDetector::longestWindowMs(const FraudThresholds &t) {
    return std::max({t.velocityWindowMs, t.highValueHistoryMs, t.multipleIpsWindowMs,
                     t.rapidLocationWindowMs, t.cardTestingSmallWindowMs,
                     t.cardTestingDistinctWindowMs, t.bruteForceWindowMs + t.takeoverWindowMs,
                     t.cooldownMs, t.riskDecayMs}) +
           t.latenessMs;
}

void FraudDetector::apply(const Event &event, std::int32_t partition, std::int64_t offset,
                          std::int64_t nowMs, std::vector<Alert> &raised) {
    if (!replaying_) {
        ++events_;
    }
    clock_.observe(partition, event.timestampMs);
    UserActivity &activity = users_.findOrInsert(event.userId);
    activity.partition = partition;
    // Histories stay sorted by event time even when events arrive out of order.
    activity.record(event, thresholds_);

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
        raise(event, partition, offset, nowMs, r, std::move(*finding), activity, raised);
    }
    activity.finish(event);

    // Each partition sweeps its own users, on its own event time: when a user is forgotten
    // then depends only on the partition's order, which Kafka keeps, and not on how the
    // consumer interleaved partitions.
    const auto p = static_cast<std::size_t>(std::max(partition, 0));
    if (p >= lastExpiryMs_.size()) {
        lastExpiryMs_.resize(p + 1, 0);
    }
    if (clock_.latestMs(partition) - lastExpiryMs_[p] > 60'000) {
        expireIdleUsers(partition);
    }
}

void FraudDetector::raise(const Event &event, std::int32_t partition, std::int64_t offset,
                          std::int64_t nowMs, std::size_t rule, Finding &&finding,
                          UserActivity &activity, std::vector<Alert> &raised) {
    activity.lastAlertMs[rule] = event.timestampMs;
    activity.lastAlertSeverity[rule] = finding.severity;
    activity.recordAlert(event.timestampMs, finding.severity);
    if (flagged_.find(event.userId) == flagged_.end()) {
        flagged_.emplace(event.userId);
    }
    if (replaying_) {
        return; // the user's state is rebuilt; the previous owner raised and counted the alert
    }

    Alert alert;
    alert.rule = rules_[rule]->name();
    // One event raises at most one alert per rule: partition, offset and rule name it.
    alert.alertId =
        "alert-" + std::to_string(partition) + "-" + std::to_string(offset) + "-" + alert.rule;
    alert.severity = finding.severity;
    alert.userId = event.userId;
    alert.eventTimeMs = event.timestampMs;
    alert.detectedAtMs = nowMs;
    alert.message = std::move(finding.message);
    alert.evidence = std::move(finding.evidence);
    const double score = activity.riskScore(event.timestampMs, thresholds_);
    alert.evidence.emplace_back("risk_score", std::to_string(std::lround(score)));
    alert.eventIds = std::move(finding.eventIds);
    if (std::find(alert.eventIds.begin(), alert.eventIds.end(), event.eventId) ==
        alert.eventIds.end()) {
        alert.eventIds.push_back(event.eventId);
    }
    ++bySeverity_[static_cast<std::size_t>(alert.severity)];
    ++byRule_[rule];
    raised.push_back(std::move(alert));
}

void FraudDetector::expireIdleUsers(std::int32_t partition) {
    const std::int64_t now = clock_.latestMs(partition);
    lastExpiryMs_[static_cast<std::size_t>(std::max(partition, 0))] = now;
    const auto mine = [&](const UserActivity &u) {
        return std::max(u.partition, 0) == std::max(partition, 0);
    };
    users_.eraseIf([&](std::string_view, const UserActivity &u) {
        return mine(u) && u.lastSeenMs < now - thresholds_.idleExpiryMs;
    });
    std::erase_if(flagged_, [&](const std::string &user) {
        const UserActivity *activity = users_.find(user);
        if (activity == nullptr) {
            return true;
        }
        const UserActivity &u = *activity;
        return mine(u) &&
               (u.alerts.empty() || u.alerts.back().timeMs <= now - thresholds_.riskDecayMs);
    });
}

double FraudDetector::riskScore(std::string_view userId, std::int64_t atMs) const {
    const UserActivity *activity = users_.find(userId);
    return activity == nullptr ? 0.0 : activity->riskScore(atMs, thresholds_);
}

UserProfile FraudDetector::profileOf(std::string_view userId, std::int64_t nowMs) const {
    const UserActivity *found = users_.find(userId);
    if (found == nullptr) {
        return pickHolder(userId, {});
    }
    std::vector<std::string_view> names;
    for (const auto &rule : rules_) {
        names.push_back(rule->name());
    }
    const UserActivity &activity = *found;
    return describeActivity(userId, activity, names, thresholds_,
                            clock_.latestMs(activity.partition), nowMs);
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

    for (const std::string &user : flagged_) {
        const UserActivity *activity = users_.find(user);
        const double score =
            activity == nullptr
                ? 0.0
                : activity->riskScore(clock_.latestMs(activity->partition), thresholds_);
        if (score > 0) {
            s.riskiestUsers.emplace_back(user, score);
        }
    }
    const auto higher = [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    const std::size_t top = std::min(kRiskiestUsers, s.riskiestUsers.size());
    std::partial_sort(s.riskiestUsers.begin(), s.riskiestUsers.begin() + std::ptrdiff_t(top),
                      s.riskiestUsers.end(), higher);
    s.riskiestUsers.resize(top);
    return s;
}

} // namespace trackboard
