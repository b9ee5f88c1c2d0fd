#pragma once

#include "alert.h"
#include "scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trackboard {

struct RuleQuality {
    std::string rule;
    std::uint64_t truePositives = 0;
    std::uint64_t falsePositives = 0;
    double precision = 0;      // 1 when the rule raised nothing
    double medianDetectMs = 0; // triggering event time to detection, over true positives
};

struct ScenarioQuality {
    Scenario scenario = Scenario::Bot;
    std::uint64_t injected = 0;
    std::uint64_t detected = 0;         // injected users caught by one of the scenario's rules
    double recall = 0;                  // detected / injected; 1 when none was injected
    double medianSecondsIntoAttack = 0; // attack start to the first catching alert's event
    // The alert a presenter waits for (headlineAlert): how many attacks got it, and how soon.
    // A MEDIUM first sign counts for recall above but not here.
    std::uint64_t headlined = 0;
    double medianSecondsToHeadline = 0;
};

// The alert that shows `scenario` on the dashboard's default filter: its rule and the least
// severity that counts (BRUTE_FORCE_LOGIN's CRITICAL takeover, not the HIGH burst before it).
struct HeadlineAlert {
    std::string_view rule;
    Severity severity = Severity::High;
};
std::optional<HeadlineAlert> headlineAlert(Scenario scenario); // none for flash_sale

// The fraud detector's alerts graded against the simulator's ground truth.
struct FraudQuality {
    std::vector<RuleQuality> rules;
    std::vector<ScenarioQuality> scenarios; // flash_sale has no rule; it only feeds the next two
    std::uint64_t events = 0;
    std::uint64_t severeOnInnocent = 0; // HIGH/CRITICAL alerts on users not under attack
    double severeOnInnocentPer100k = 0;
};

// Which rules should catch `scenario` (recall counts these) and which other rules are a fair
// reaction to it (alerts from them on the victim are not false positives).
std::vector<std::string_view> rulesDetecting(Scenario scenario);
std::vector<std::string_view> rulesAlsoExpected(Scenario scenario);

// An alert counts for an injected user when its event time falls between the attack's start
// and `graceMs` after its end.
FraudQuality evaluateFraudQuality(const std::vector<GroundTruth> &truth,
                                  const std::vector<Alert> &alerts, std::uint64_t events,
                                  std::int64_t graceMs = 10 * 60'000);

} // namespace trackboard
