#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trackboard {

enum class Severity : std::uint8_t { Low, Medium, High, Critical };
std::string_view severityName(Severity severity); // "LOW", "MEDIUM", ...
std::optional<Severity> severityFromName(std::string_view name);

struct Alert {
    std::string alertId;
    std::string rule; // e.g. "HIGH_VELOCITY"
    Severity severity = Severity::Medium;
    std::string userId;
    std::int64_t eventTimeMs = 0;
    std::int64_t detectedAtMs = 0;
    std::string message;
    std::vector<std::pair<std::string, std::string>> evidence;
    std::vector<std::string> eventIds;

    bool operator==(const Alert &) const = default;
};

// One JSON object on one line, the payload published for other systems.
void encodeAlert(const Alert &alert, std::string &out);

} // namespace trackboard
