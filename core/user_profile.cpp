#include "user_profile.h"
#include "fraud_rule.h"

#include <algorithm>

namespace trackboard {

namespace {

// Distinct values by key, in order of first appearance, with first and last seen times.
template <typename Item> struct Distinct {
    std::vector<FraudKey> keys;
    std::vector<Item> items;

    Item &at(FraudKey key, std::int64_t timeMs, bool &added) {
        const auto index =
            static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
        added = index == keys.size();
        if (added) {
            keys.push_back(key);
            items.push_back({});
            items.back().firstSeenMs = timeMs;
        }
        Item &item = items[index];
        item.lastSeenMs = std::max(item.lastSeenMs, timeMs);
        return item;
    }

    std::vector<Item> newestFirst() {
        std::stable_sort(items.begin(), items.end(),
                         [](const Item &a, const Item &b) { return a.lastSeenMs > b.lastSeenMs; });
        return std::move(items);
    }
};

std::vector<std::string> limitsOf(const UserProfile &p, const FraudThresholds &t) {
    const std::int64_t visitWindow = std::max({t.multipleIpsWindowMs, t.rapidLocationWindowMs,
                                               t.bruteForceWindowMs + t.takeoverWindowMs}) +
                                     t.latenessMs;
    std::vector<std::string> limits;
    limits.push_back("Not held: pages and products (no fraud rule reads them).");
    limits.push_back("Events with an address and place: the last " + describeDuration(visitWindow) +
                     ", at most " + std::to_string(kVisitHistoryCap) +
                     "; older repeats from one address and place are kept one per " +
                     describeDuration(std::min(t.multipleIpsWindowMs, t.rapidLocationWindowMs)) +
                     ".");
    const bool forgotten = std::any_of(p.events.begin(), p.events.end(), [](const auto &e) {
        return e.placeHeld && (e.ip == "?" || e.city == "?");
    });
    if (forgotten) {
        limits.push_back("\"?\": a name the detector no longer holds; it keeps names only where "
                         "the address or place changed.");
    }
    if (!p.alerts.empty()) {
        limits.push_back("Alerts: each rule's newest; the alert list has them all.");
    }
    return limits;
}

} // namespace

UserProfile pickHolder(std::string_view userId, const std::vector<UserProfile> &answers) {
    UserProfile none;
    none.userId = std::string(userId);
    for (const UserProfile &answer : answers) {
        if (answer.held && answer.userId == userId) {
            return answer;
        }
        none.takenAtMs = std::max(none.takenAtMs, answer.takenAtMs);
    }
    return none;
}

UserProfile describeActivity(std::string_view userId, const UserActivity &activity,
                             const std::vector<std::string_view> &ruleNames,
                             const FraudThresholds &thresholds, std::int64_t riskAtMs,
                             std::int64_t nowMs) {
    UserProfile p;
    p.userId = std::string(userId);
    p.held = true;
    p.partition = activity.partition;
    p.takenAtMs = nowMs;
    p.lastSeenMs = activity.lastSeenMs;
    p.heldFromMs = activity.lastSeenMs;
    p.riskScore = activity.riskScore(riskAtMs, thresholds);

    // Visits are every event's address and place; a purchase's amount is in `purchases`, which
    // reaches further back, so a purchase held there alone is listed without a place.
    std::vector<bool> matched(activity.purchases.size(), false);
    const auto amountAt = [&](std::int64_t timeMs) -> std::int64_t {
        for (std::size_t i = 0; i < activity.purchases.size(); ++i) {
            if (!matched[i] && activity.purchases[i].timeMs == timeMs) {
                matched[i] = true;
                return activity.purchases[i].valueCents;
            }
        }
        return -1;
    };
    Distinct<ProfileAddress> addresses;
    Distinct<ProfilePlace> places;
    for (const VisitRecord &v : activity.visits) {
        ProfileEvent e;
        e.timeMs = v.timeMs;
        e.type = std::string(eventTypeName(v.type));
        if (v.type == EventType::Purchase) {
            e.amountCents = amountAt(v.timeMs);
        }
        e.ip = std::string(activity.ipOf(v));
        const auto [country, city] = activity.placeOf(v);
        e.country = std::string(country);
        e.city = std::string(city);
        e.lat = v.lat;
        e.lon = v.lon;
        bool added = false;
        ProfileAddress &address = addresses.at(v.ipHash, v.timeMs, added);
        if (added) {
            address.ip = e.ip;
        }
        ProfilePlace &place = places.at(v.placeHash, v.timeMs, added);
        if (added) {
            place.country = e.country;
            place.city = e.city;
        }
        place.lat = e.lat; // visits run oldest first: the newest coordinates stay
        place.lon = e.lon;
        p.events.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < activity.purchases.size(); ++i) {
        if (!matched[i]) {
            ProfileEvent e;
            e.timeMs = activity.purchases[i].timeMs;
            e.type = std::string(eventTypeName(EventType::Purchase));
            e.amountCents = activity.purchases[i].valueCents;
            e.placeHeld = false;
            p.events.push_back(std::move(e));
        }
    }
    std::stable_sort(
        p.events.begin(), p.events.end(),
        [](const ProfileEvent &a, const ProfileEvent &b) { return a.timeMs > b.timeMs; });
    if (!p.events.empty()) {
        p.heldFromMs = p.events.back().timeMs;
    }
    p.addresses = addresses.newestFirst();
    p.places = places.newestFirst();

    for (std::size_t r = 0; r < ruleNames.size() && r < kMaxRules; ++r) {
        if (const auto severity = activity.lastAlertSeverity[r]) {
            p.alerts.push_back({std::string(ruleNames[r]), *severity, activity.lastAlertMs[r]});
        }
    }
    std::stable_sort(p.alerts.begin(), p.alerts.end(),
                     [](const auto &a, const auto &b) { return a.raisedAtMs > b.raisedAtMs; });
    p.limits = limitsOf(p, thresholds);
    return p;
}

} // namespace trackboard
