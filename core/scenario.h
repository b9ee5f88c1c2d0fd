#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trackboard {

// Attacks (and one legitimate spike) the simulator can inject on demand.
enum class Scenario : std::uint8_t {
    Bot,
    AccountTakeover,
    CardTesting,
    ImpossibleTravel,
    HighValue,
    FlashSale,
};
inline constexpr std::size_t kScenarioCount = 6;
inline constexpr std::array<Scenario, kScenarioCount> kAllScenarios = {
    Scenario::Bot,         Scenario::AccountTakeover,
    Scenario::CardTesting, Scenario::ImpossibleTravel,
    Scenario::HighValue,   Scenario::FlashSale};

std::string_view scenarioName(Scenario scenario); // "bot", "account_takeover", ...
std::optional<Scenario> scenarioFromName(std::string_view name);

// One injected user and what was done to them, kept out of the event payload so the fraud
// detector cannot peek. The interval spans the scenario's first to last event time.
struct GroundTruth {
    std::string userId;
    Scenario scenario = Scenario::Bot;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;

    bool operator==(const GroundTruth &) const = default;
};

} // namespace trackboard
