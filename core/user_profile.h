#pragma once

#include "alert.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

struct FraudThresholds;
struct UserActivity;

// One of a user's recent events as the fraud detector holds it. The detector keeps what its
// rules read (time, type, address, place, purchase amounts), not the page or the product.
struct ProfileEvent {
    std::int64_t timeMs = 0;
    std::string type;              // "page_view", "purchase", ... (eventTypeName)
    std::int64_t amountCents = -1; // a purchase whose amount is held; -1 otherwise
    bool placeHeld = true;         // false: a purchase kept without its address and place
    std::string ip;                // "?" once the detector no longer holds the name
    std::string country;
    std::string city;
    double lat = 0;
    double lon = 0;

    bool operator==(const ProfileEvent &) const = default;
};

// A distinct address of the user's held events, first and last seen among them.
struct ProfileAddress {
    std::string ip;
    std::int64_t firstSeenMs = 0;
    std::int64_t lastSeenMs = 0;

    bool operator==(const ProfileAddress &) const = default;
};

// A distinct place (country and city) of the user's held events. Coordinates are the newest.
struct ProfilePlace {
    std::string country;
    std::string city;
    double lat = 0;
    double lon = 0;
    std::int64_t firstSeenMs = 0;
    std::int64_t lastSeenMs = 0;

    bool operator==(const ProfilePlace &) const = default;
};

// The newest alert of one rule for the user: the detector keeps it for its cooldown.
struct ProfileAlert {
    std::string rule;
    Severity severity = Severity::Medium;
    std::int64_t raisedAtMs = 0; // event time

    bool operator==(const ProfileAlert &) const = default;
};

// What the fraud workers hold about one user, for the dashboard's drill-down: taken from the
// detector's own per-user state on the worker's thread, never from a copy kept elsewhere.
struct UserProfile {
    std::string userId;
    // False: no worker holds activity for the user (never seen, or forgotten after being
    // quiet for the idle expiry, or read by another process of the group).
    bool held = false;
    std::int32_t partition = -1;
    std::int64_t takenAtMs = 0;            // the worker's clock when it answered
    std::int64_t lastSeenMs = 0;           // the user's newest event time
    std::int64_t heldFromMs = 0;           // the oldest event held
    double riskScore = 0;                  // 0 to 100, as in the alerts' evidence
    std::vector<ProfileEvent> events;      // newest first
    std::vector<ProfileAddress> addresses; // most recently seen first
    std::vector<ProfilePlace> places;      // most recently seen first
    std::vector<ProfileAlert> alerts;      // most recent first
    std::vector<std::string> limits;       // what the held history leaves out, in words

    bool operator==(const UserProfile &) const = default;
};

// Of the answers of the workers asked (each holds some partitions, and a user's events all go
// to one), the one that holds the user; otherwise an answer saying that none does.
UserProfile pickHolder(std::string_view userId, const std::vector<UserProfile> &answers);

// The profile of a user the detector tracks: `ruleNames` in the order of the activity's
// per-rule arrays, the risk score taken at `riskAtMs` (the partition's event time), `nowMs` the
// worker's clock. At most kVisitHistoryCap + kCitedHistoryCap events, since it lists what the
// histories hold and they are capped.
UserProfile describeActivity(std::string_view userId, const UserActivity &activity,
                             const std::vector<std::string_view> &ruleNames,
                             const FraudThresholds &thresholds, std::int64_t riskAtMs,
                             std::int64_t nowMs);

} // namespace trackboard
