#include "multiple_ips_rule.h"

#include <algorithm>

namespace trackboard {

std::optional<Finding> MultipleIpsRule::evaluate(const Event &event, const UserActivity &activity,
                                                 const FraudThresholds &t) const {
    if (activity.currentVisit == FraudHistory<VisitRecord>::npos ||
        activity.lastIpChangeMs <= event.timestampMs - t.multipleIpsWindowMs) {
        return std::nullopt; // the common case: one address throughout the window
    }
    const int limit = std::clamp(t.multipleIpsMax, 0, kMaxDistinctIps);
    const HistoryWindow window = mostDistinctWindow(
        activity.visits, event.timestampMs, t.multipleIpsWindowMs,
        [](const VisitRecord &) { return true; }, [](const VisitRecord &v) { return v.ipHash; },
        limit + 1);
    if (window.count <= limit) {
        return std::nullopt;
    }

    // Name the addresses, and cite the events that brought each one into the window.
    const FraudKey currentIp = activity.visits[activity.currentVisit].ipHash;
    std::vector<FraudKey> ips;
    std::string list;
    Finding f;
    for (std::size_t i = window.first; i < window.last; ++i) {
        const VisitRecord &v = activity.visits[i];
        if (std::find(ips.begin(), ips.end(), v.ipHash) != ips.end()) {
            continue;
        }
        ips.push_back(v.ipHash);
        const bool current = v.ipHash == currentIp;
        const std::string_view ip = current ? std::string_view(event.ipAddress) : activity.ipOf(v);
        list += list.empty() ? "" : ", ";
        list += ip;
        const std::string_view id =
            current && v.timeMs == event.timestampMs ? event.eventId : activity.eventIdOf(v);
        if (!id.empty() && f.eventIds.size() < kCitedHistoryCap) {
            f.eventIds.emplace_back(id);
        }
    }
    f.severity = t.multipleIpsSeverity;
    f.message = "User used " + std::to_string(ips.size()) + " IP addresses in " +
                describeDuration(t.multipleIpsWindowMs);
    f.evidence = {{"ips", std::to_string(ips.size())},
                  {"threshold", std::to_string(limit)},
                  {"window_s", secondsText(t.multipleIpsWindowMs)},
                  {"ip_addresses", list}};
    return f;
}

} // namespace trackboard
