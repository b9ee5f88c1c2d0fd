#include "scenario.h"

namespace trackboard {

namespace {
constexpr std::array<std::string_view, kScenarioCount> kNames = {
    "bot", "account_takeover", "card_testing", "impossible_travel", "high_value", "flash_sale"};
}

std::string_view scenarioName(Scenario scenario) {
    return kNames[static_cast<std::size_t>(scenario)];
}

std::optional<Scenario> scenarioFromName(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            return static_cast<Scenario>(i);
        }
    }
    return std::nullopt;
}

} // namespace trackboard
