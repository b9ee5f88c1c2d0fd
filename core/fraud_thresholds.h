#pragma once

#include "alert.h"

#include <cstdint>

namespace trackboard {

// Every knob of the fraud engine. The defaults are documented in docs/event-schema.md ("Rules")
// and can be read from a file with parseFraudConfig (core/fraud_config.h);
// FraudDetector::setThresholds changes them while running. Windows are in event time and
// half-open, (t - window, t]: an event exactly one window older is outside.
struct FraudThresholds {
    // HIGH_VELOCITY. At 30 events a minute the simulator's own visitors (one event per 8 s
    // think time) tripped it about 3 times per 100k events; at 40 about once per million, while
    // its scripted bot (75 a minute) still fires.
    int velocityMaxEvents = 40;                 // more events than this...
    std::int64_t velocityWindowMs = 60'000;     // ...within this window
    Severity velocitySeverity = Severity::High; // is HIGH_VELOCITY of this severity

    // HIGH_VALUE_PURCHASE. With 10x the median of 3 earlier purchases about 5 simulated
    // shoppers per 100k events were flagged: prices there spread widely (log-normal around
    // $40) and a median of 3 is noisy. 20x of 5 flags about one per million.
    std::int64_t highValueCents = 900'00;             // an order above this amount, or
    double highValueMedianFactor = 20.0;              // above this many times the median...
    int highValueMinHistory = 5;                      // ...of at least this many earlier purchases
    std::int64_t highValueMedianMinCents = 200'00;    // and above this amount
    std::int64_t highValueHistoryMs = 24 * 3'600'000; // earlier purchases count this long
    Severity highValueSeverity = Severity::Medium;
    // An order above this amount is severe whatever the user's history: no ordinary shopper in
    // the simulator reaches it (at most 2 of an item of at most $2,500.99), while someone
    // emptying a stolen card on several of the dearest item does. Real shops escalate such
    // orders to manual review rather than treat them like any luxury order.
    std::int64_t highValueSevereCents = 6'000'00;
    Severity highValueSevereSeverity = Severity::High;

    // MULTIPLE_IPS.
    int multipleIpsMax = 3;                         // more distinct ip_address values than this
    std::int64_t multipleIpsWindowMs = 10 * 60'000; // within this window
    Severity multipleIpsSeverity = Severity::High;

    // RAPID_LOCATION_CHANGE: geo.country differs from the user's previous event by event time.
    std::int64_t rapidLocationWindowMs = 30 * 60'000; // which is less than this much older
    Severity rapidLocationSeverity = Severity::Medium;
    int rapidLocationManyCountries = 3;                  // this many countries within the window...
    Severity rapidLocationManySeverity = Severity::High; // ...raise this instead

    // IMPOSSIBLE_TRAVEL: two consecutive events (by event time) further apart than a plane flies.
    double impossibleTravelMaxKmh = 900.0; // faster than this between them...
    double impossibleTravelMinKm = 50.0;   // ...over at least this distance: a city is not a
                                           // point, and geolocation by IP is coarse
    Severity impossibleTravelSeverity = Severity::High;

    // CARD_TESTING. The different-amounts test ignores dearer purchases because quick simulated
    // shoppers buy four differently priced items in two minutes, but not four under $10.
    int cardTestingSmallCount = 5;                         // at least this many purchases...
    std::int64_t cardTestingSmallCents = 5'00;             // ...of at most this amount...
    std::int64_t cardTestingSmallWindowMs = 10 * 60'000;   // ...within this window; or
    int cardTestingDistinctAmounts = 4;                    // this many different amounts...
    std::int64_t cardTestingDistinctMaxCents = 10'00;      // ...each at most this...
    std::int64_t cardTestingDistinctWindowMs = 2 * 60'000; // ...within this window
    Severity cardTestingSeverity = Severity::High;

    // BRUTE_FORCE_LOGIN.
    int bruteForceFailures = 5;                     // at least this many login_failed...
    std::int64_t bruteForceWindowMs = 5 * 60'000;   // ...within this window...
    Severity bruteForceSeverity = Severity::High;   // ...are a burst of this severity
    std::int64_t takeoverWindowMs = 10 * 60'000;    // a login less than this after a burst, from
    Severity takeoverSeverity = Severity::Critical; // an IP not used before it, is a takeover

    // Risk score: each alert adds its severity's points, fading linearly to 0 over
    // `riskDecayMs` of event time; the sum is capped at 100.
    double riskLowPoints = 5;
    double riskMediumPoints = 15;
    double riskHighPoints = 35;
    double riskCriticalPoints = 60;
    std::int64_t riskDecayMs = 30 * 60'000;

    // Detector.
    std::int64_t cooldownMs = 5 * 60'000;    // one alert per user and rule within this time,
                                             // unless the severity rises
    std::int64_t idleExpiryMs = 30 * 60'000; // forget a user quiet for this long
    std::int64_t latenessMs = 60'000;        // an event this far behind the user's newest is still
                                             // judged on complete history: histories keep it extra

    bool operator==(const FraudThresholds &) const = default;
};

// Limits that keep per-user state bounded; parseFraudConfig refuses counts above them, and a
// rule set programmatically beyond them simply cannot count that far.
inline constexpr int kMaxVelocityEvents = 1'000; // the velocity history holds max + 1 stamps
inline constexpr std::size_t kVisitHistoryCap = 64;
inline constexpr std::size_t kCitedHistoryCap = 16; // histories that keep event ids
inline constexpr int kMaxDistinctIps = 32;

} // namespace trackboard
