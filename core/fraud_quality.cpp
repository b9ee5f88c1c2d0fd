#include "fraud_quality.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace trackboard {

namespace {

double median(std::vector<double> values) {
    if (values.empty()) {
        return 0;
    }
    const auto middle = values.begin() + static_cast<long>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

bool contains(const std::vector<std::string_view> &rules, std::string_view rule) {
    return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

} // namespace

std::vector<std::string_view> rulesDetecting(Scenario scenario) {
    switch (scenario) {
    case Scenario::Bot:
        return {"HIGH_VELOCITY"};
    case Scenario::AccountTakeover:
        return {"BRUTE_FORCE_LOGIN", "MULTIPLE_IPS", "RAPID_LOCATION_CHANGE"};
    case Scenario::CardTesting:
        return {"CARD_TESTING"};
    case Scenario::ImpossibleTravel:
        return {"IMPOSSIBLE_TRAVEL"};
    case Scenario::HighValue:
        return {"HIGH_VALUE_PURCHASE"};
    case Scenario::FlashSale:
        return {};
    }
    return {};
}

std::optional<HeadlineAlert> headlineAlert(Scenario scenario) {
    switch (scenario) {
    case Scenario::Bot:
        return HeadlineAlert{"HIGH_VELOCITY", Severity::High};
    case Scenario::AccountTakeover:
        return HeadlineAlert{"BRUTE_FORCE_LOGIN", Severity::Critical};
    case Scenario::CardTesting:
        return HeadlineAlert{"CARD_TESTING", Severity::High};
    case Scenario::ImpossibleTravel:
        return HeadlineAlert{"IMPOSSIBLE_TRAVEL", Severity::High};
    case Scenario::HighValue:
        return HeadlineAlert{"HIGH_VALUE_PURCHASE", Severity::High};
    case Scenario::FlashSale:
        return std::nullopt;
    }
    return std::nullopt;
}

std::vector<std::string_view> rulesAlsoExpected(Scenario scenario) {
    switch (scenario) {
    case Scenario::AccountTakeover:
        return {"IMPOSSIBLE_TRAVEL", "HIGH_VALUE_PURCHASE"};
    case Scenario::ImpossibleTravel:
        return {"RAPID_LOCATION_CHANGE", "MULTIPLE_IPS"};
    case Scenario::CardTesting:
        return {"HIGH_VELOCITY"};
    default:
        return {};
    }
}

FraudQuality evaluateFraudQuality(const std::vector<GroundTruth> &truth,
                                  const std::vector<Alert> &alerts, std::uint64_t events,
                                  std::int64_t graceMs) {
    std::unordered_multimap<std::string_view, const GroundTruth *> byUser;
    for (const auto &entry : truth) {
        byUser.emplace(entry.userId, &entry);
    }
    // The attacks an alert speaks to: same user, inside the window, a fitting rule. One user may
    // be the target of two attacks at once; the alert then counts for each its rule detects.
    const auto attacksFor = [&](const Alert &alert, bool detectingOnly) {
        std::vector<const GroundTruth *> found;
        const auto [first, last] = byUser.equal_range(alert.userId);
        for (auto it = first; it != last; ++it) {
            const GroundTruth &entry = *it->second;
            const bool inWindow =
                alert.eventTimeMs >= entry.startMs && alert.eventTimeMs <= entry.endMs + graceMs;
            const bool detects = contains(rulesDetecting(entry.scenario), alert.rule);
            const bool fits = detects || contains(rulesAlsoExpected(entry.scenario), alert.rule);
            if (inWindow && (detectingOnly ? detects : fits)) {
                found.push_back(&entry);
            }
        }
        return found;
    };

    std::map<std::string, RuleQuality> rules;
    std::map<std::string, std::vector<double>> detectMs;
    std::map<const GroundTruth *, std::int64_t> firstCatch; // event time of the first catch
    std::map<const GroundTruth *, std::int64_t> firstHeadline;
    const auto earliest = [](auto &map, const GroundTruth *attack, std::int64_t at) {
        auto [it, inserted] = map.emplace(attack, at);
        if (!inserted) {
            it->second = std::min(it->second, at);
        }
    };
    FraudQuality q;
    q.events = events;
    for (const Alert &alert : alerts) {
        RuleQuality &rule = rules[alert.rule];
        rule.rule = alert.rule;
        if (!attacksFor(alert, false).empty()) {
            ++rule.truePositives;
            detectMs[alert.rule].push_back(double(alert.detectedAtMs - alert.eventTimeMs));
            for (const GroundTruth *attack : attacksFor(alert, true)) {
                earliest(firstCatch, attack, alert.eventTimeMs);
                const auto headline = headlineAlert(attack->scenario);
                if (headline && headline->rule == alert.rule &&
                    alert.severity >= headline->severity) {
                    earliest(firstHeadline, attack, alert.eventTimeMs);
                }
            }
        } else {
            ++rule.falsePositives;
            if (alert.severity >= Severity::High) {
                ++q.severeOnInnocent;
            }
        }
    }
    for (auto &[name, rule] : rules) {
        const auto total = rule.truePositives + rule.falsePositives;
        rule.precision = total == 0 ? 1.0 : double(rule.truePositives) / double(total);
        rule.medianDetectMs = median(detectMs[name]);
        q.rules.push_back(rule);
    }
    for (const Scenario scenario : kAllScenarios) {
        ScenarioQuality s;
        s.scenario = scenario;
        std::vector<double> intoAttack;
        std::vector<double> toHeadline;
        for (const auto &entry : truth) {
            if (entry.scenario != scenario) {
                continue;
            }
            ++s.injected;
            if (const auto it = firstCatch.find(&entry); it != firstCatch.end()) {
                ++s.detected;
                intoAttack.push_back(double(it->second - entry.startMs) / 1000.0);
            }
            if (const auto it = firstHeadline.find(&entry); it != firstHeadline.end()) {
                ++s.headlined;
                toHeadline.push_back(double(it->second - entry.startMs) / 1000.0);
            }
        }
        s.medianSecondsToHeadline = median(toHeadline);
        s.recall = s.injected == 0 || scenario == Scenario::FlashSale
                       ? 1.0
                       : double(s.detected) / double(s.injected);
        s.medianSecondsIntoAttack = median(intoAttack);
        q.scenarios.push_back(s);
    }
    q.severeOnInnocentPer100k = events == 0 ? 0 : double(q.severeOnInnocent) * 1e5 / double(events);
    return q;
}

} // namespace trackboard
