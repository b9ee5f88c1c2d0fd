#pragma once

#include "alert.h"
#include "event.h"
#include "fraud_history.h"
#include "fraud_thresholds.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trackboard {

inline constexpr std::size_t kMaxRules = 8;
// Strings kept in histories (event ids, IPs, names) are cut to this many bytes, so that a
// hostile producer cannot make one user's state large; a longer event id is not cited at all.
inline constexpr std::size_t kMaxStoredText = 64;

// A hash of a string, enough to tell one user's few addresses and places apart.
using FraudKey = std::uint32_t;
FraudKey fraudHash(std::string_view text);
FraudKey placeHash(FraudKey countryHash, std::string_view city);

// Where one event came from, reduced to hashes so that recording it allocates nothing; 32 bytes.
struct VisitRecord {
    std::int64_t timeMs = 0;
    FraudKey ipHash = 0;
    FraudKey placeHash = 0; // country and city
    FraudKey countryHash = 0;
    float lat = 0; // float is within 2 m anywhere on Earth
    float lon = 0;
    bool loginFailed = false; // an attempt, not a sign that the address is the user's
    // No rule reads it: the drill-down shows it (UserProfile). It sits in what was padding.
    EventType type = EventType::PageView;
};
static_assert(sizeof(VisitRecord) == 32, "a visit is 32 bytes; see UserActivity's budget");

// An event a rule may have to cite later, with the names its hashes stand for: every event
// whose IP or place differs from a neighbour's, and the event before such a change.
struct VisitMark {
    std::int64_t timeMs = 0;
    FraudKey ipHash = 0;
    FraudKey placeHash = 0;
    std::string eventId;
    std::string ip;
    std::string country;
    std::string city;
};

struct PurchaseRecord {
    std::int64_t timeMs = 0;
    std::int64_t valueCents = 0;
    std::string eventId;
};

struct LoginFailureRecord {
    std::int64_t timeMs = 0;
    FraudKey ipHash = 0;
    std::string eventId;
};

struct AlertRecord {
    std::int64_t timeMs = 0;
    Severity severity = Severity::Low;
};

// What the detector remembers about one user, shared by all rules. Every history is sorted by
// event time, trimmed to the longest window that reads it plus `latenessMs` behind the user's
// newest event, and capped in count; a user quiet for `idleExpiryMs` is forgotten whole.
//
// Worst case per user with the default thresholds, on 64-bit libstdc++. Stored strings are at
// most kMaxStoredText = 64 bytes, so each costs its 32-byte std::string plus at most 65 bytes on
// the heap (before malloc's own overhead); a history's capacity never passes its cap, rounded up
// to a power of two:
//   recentEventMs    41 stamps (velocity max + 1), capacity 64 x 8 B             512 B
//   visits           64 x 32 B                                                 2,048 B
//   marks            16 x (144 B + 4 strings x 65 B)                           6,464 B
//   purchases        16 x (48 B + 65 B)                                        1,808 B
//   loginFailures    16 x (48 B + 65 B)                                        1,808 B
//   alerts           16 x 16 B                                                   256 B
//   this struct (552 B), its three names (3 x 65 B), its entry and index slot ~   800 B
//   total                                                                    ~ 14 KB
// With velocity.max_events at its limit of 1,000 the stamps take 7.5 KB more. A typical user (one
// IP, one city, a few purchases) has no marks, visits compacted to one per 10 min plus those of
// the last minute (compactVisits), purchase ids only for small amounts, and histories that give
// back the room a burst took: about 1.2 KB in all, struct included (measured at 200k users).
struct UserActivity {
    // Touched by every event, so kept together at the front.
    std::int64_t lastSeenMs = std::numeric_limits<std::int64_t>::min(); // newest event time
    // Time of the newest entry in `visits` whose IP differs from the entry before it: windows
    // that end before it reach one IP only, so MULTIPLE_IPS need not count them.
    std::int64_t lastIpChangeMs = std::numeric_limits<std::int64_t>::min();
    // While the rules run, the event's own entry in `visits` (npos if it was too old to keep),
    // and whether the event is the user's newest.
    std::size_t currentVisit = FraudHistory<VisitRecord>::npos;
    bool currentInOrder = true;
    // The Kafka partition the user's events come from (keyed by user_id: one partition). Idle
    // expiry reads that partition's event time, which a backlog of other partitions cannot
    // push ahead.
    std::int32_t partition = 0;
    FraudHistory<std::int64_t> recentEventMs; // velocity: every event's time
    FraudHistory<VisitRecord> visits{true};   // every event's IP and place
    // The newest event recorded: while the rules run, the one before the event being judged
    // (if that arrived in order), which is the one rules usually compare with. Its id is copied
    // inline; its names only when they change.
    VisitRecord newest{std::numeric_limits<std::int64_t>::min()};
    std::uint8_t newestIdLength = 0;
    std::array<char, kMaxStoredText> newestId{};
    std::string newestIp;
    std::string newestCountry;
    std::string newestCity;

    FraudHistory<VisitMark> marks{true};            // where IP or place changed
    FraudHistory<PurchaseRecord> purchases;         // card testing, spending baseline
    FraudHistory<LoginFailureRecord> loginFailures; // brute force
    FraudHistory<AlertRecord> alerts;               // risk score
    std::array<std::int64_t, kMaxRules> lastAlertMs{};
    std::array<std::optional<Severity>, kMaxRules> lastAlertSeverity{};

    // Before the rules: adds the event to every history that keeps its kind, then trims.
    void record(const Event &event, const FraudThresholds &thresholds);
    // After the rules: remembers the event as the newest if it is.
    void finish(const Event &event);
    void recordAlert(std::int64_t timeMs, Severity severity);
    // Points of the alerts raised up to `atMs`, faded, capped at 100.
    double riskScore(std::int64_t atMs, const FraudThresholds &thresholds) const;

    // The entries next to the event being judged, by event time, or nullptr.
    const VisitRecord *previousVisit() const;
    const VisitRecord *nextVisit() const;
    // The event id of a visit if it is still known, or an empty view.
    std::string_view eventIdOf(const VisitRecord &visit) const;
    // The names behind a visit's hashes, or "?" once forgotten.
    std::string_view ipOf(const VisitRecord &visit) const;
    std::pair<std::string_view, std::string_view> placeOf(const VisitRecord &visit) const;
    // Whether `ipHash` was seen before `beforeMs` in an event other than a failed login.
    bool seenIpBefore(FraudKey ipHash, std::int64_t beforeMs) const;

private:
    void noteChanges(const Event &event, const VisitRecord &visit);
    void compactVisits(std::int64_t exactFromMs, std::int64_t gapMs);
    bool isNewest(const VisitRecord &visit) const;
};

struct Finding {
    Severity severity = Severity::Medium;
    std::string message;
    std::vector<std::pair<std::string, std::string>> evidence;
    // Events that matter, oldest first; the detector adds the triggering one if it is missing.
    std::vector<std::string> eventIds;
};

// One detection rule. Rules are pure: they read the event and the user's activity and say
// whether it is suspicious; cooldowns, ids and publication belong to the detector. A rule builds
// strings only when it fires.
class FraudRule {
public:
    virtual ~FraudRule() = default;
    virtual std::string_view name() const = 0;
    virtual std::optional<Finding> evaluate(const Event &event, const UserActivity &activity,
                                            const FraudThresholds &thresholds) const = 0;
};

// Helpers for rule messages: "90 s", "10 min", "1.5 h".
std::string describeDuration(std::int64_t ms);
std::string secondsText(std::int64_t ms); // "600", "1.5"

} // namespace trackboard
