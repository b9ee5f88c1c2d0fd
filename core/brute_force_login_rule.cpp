#include "brute_force_login_rule.h"

#include <algorithm>
#include <cstdio>

namespace trackboard {

namespace {

// The last few failures of a burst are enough to find it in the logs.
constexpr std::size_t kCitedFailures = 5;

void citeFailures(const UserActivity &activity, const HistoryWindow &burst, Finding &f) {
    const std::size_t from = burst.last - std::min(burst.last - burst.first, kCitedFailures);
    for (std::size_t i = from; i < burst.last; ++i) {
        if (!activity.loginFailures[i].eventId.empty()) {
            f.eventIds.push_back(activity.loginFailures[i].eventId);
        }
    }
}

std::optional<Finding> burstOfFailures(const Event &event, const UserActivity &activity,
                                       const FraudThresholds &t, int needed) {
    const HistoryWindow burst =
        busiestWindow(activity.loginFailures, event.timestampMs, t.bruteForceWindowMs,
                      [](const LoginFailureRecord &) { return true; });
    if (burst.count < needed) {
        return std::nullopt;
    }
    Finding f;
    f.severity = t.bruteForceSeverity;
    f.message =
        std::to_string(burst.count) + " failed logins in " + describeDuration(t.bruteForceWindowMs);
    f.evidence = {{"failures", std::to_string(burst.count)},
                  {"threshold", std::to_string(needed)},
                  {"window_s", secondsText(t.bruteForceWindowMs)},
                  {"ip_address", event.ipAddress}};
    citeFailures(activity, burst, f);
    return f;
}

std::optional<Finding> takeover(const Event &event, const UserActivity &activity,
                                const FraudThresholds &t, int needed) {
    // The latest burst that ended less than `takeoverWindowMs` before this login.
    const auto &failures = activity.loginFailures;
    const std::int64_t now = event.timestampMs;
    std::optional<HistoryWindow> burst;
    for (std::size_t i = failures.size(); i-- > 0 && !burst;) {
        const std::int64_t end = failures[i].timeMs;
        if (end >= now) {
            continue;
        }
        if (now - end >= t.takeoverWindowMs) {
            break;
        }
        std::size_t first = i;
        while (first > 0 && failures[first - 1].timeMs > end - t.bruteForceWindowMs) {
            --first;
        }
        if (static_cast<int>(i + 1 - first) >= needed) {
            burst = HistoryWindow{static_cast<int>(i + 1 - first), first, i + 1};
        }
    }
    if (!burst) {
        return std::nullopt;
    }
    const std::int64_t burstStart = failures[burst->first].timeMs;
    const std::int64_t burstEnd = failures[burst->last - 1].timeMs;
    if (activity.seenIpBefore(fraudHash(event.ipAddress), burstStart)) {
        return std::nullopt; // the owner remembered the password, at home
    }
    char minutes[32];
    std::snprintf(minutes, sizeof minutes, "%.1f", static_cast<double>(now - burstEnd) / 60'000.0);
    Finding f;
    f.severity = t.takeoverSeverity;
    f.message = "Account takeover: login from new IP " + event.ipAddress + " " +
                describeDuration(now - burstEnd) + " after " + std::to_string(burst->count) +
                " failed logins";
    f.evidence = {{"failures", std::to_string(burst->count)},
                  {"minutes_after_burst", minutes},
                  {"ip_address", event.ipAddress},
                  {"new_ip", "true"},
                  {"window_s", secondsText(t.takeoverWindowMs)}};
    citeFailures(activity, *burst, f);
    f.eventIds.push_back(event.eventId);
    return f;
}

} // namespace

std::optional<Finding> BruteForceLoginRule::evaluate(const Event &event,
                                                     const UserActivity &activity,
                                                     const FraudThresholds &t) const {
    const int needed = std::clamp(t.bruteForceFailures, 1, int(kCitedHistoryCap));
    if (event.type == EventType::LoginFailed) {
        return burstOfFailures(event, activity, t, needed);
    }
    if (event.type == EventType::Login) {
        return takeover(event, activity, t, needed);
    }
    return std::nullopt;
}

} // namespace trackboard
