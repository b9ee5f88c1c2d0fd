#include "alert.h"
#include "json_text.h"
#include "timestamp.h"

#include <array>

namespace trackboard {

namespace {

constexpr std::array<std::string_view, 4> kSeverityNames = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};

void appendField(std::string &out, std::string_view key, std::string_view value) {
    appendJsonString(out, key);
    out.push_back(':');
    appendJsonString(out, value);
    out.push_back(',');
}

} // namespace

std::string_view severityName(Severity severity) {
    return kSeverityNames[static_cast<std::size_t>(severity)];
}

std::optional<Severity> severityFromName(std::string_view name) {
    for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
        if (kSeverityNames[i] == name) {
            return static_cast<Severity>(i);
        }
    }
    return std::nullopt;
}

void encodeAlert(const Alert &a, std::string &out) {
    out.push_back('{');
    appendField(out, "alert_id", a.alertId);
    appendField(out, "rule", a.rule);
    appendField(out, "severity", severityName(a.severity));
    appendField(out, "user_id", a.userId);
    appendField(out, "event_time", formatIsoTimestamp(a.eventTimeMs));
    appendField(out, "detected_at", formatIsoTimestamp(a.detectedAtMs));
    appendField(out, "message", a.message);
    out.append("\"evidence\":{");
    for (std::size_t i = 0; i < a.evidence.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        appendJsonString(out, a.evidence[i].first);
        out.push_back(':');
        appendJsonString(out, a.evidence[i].second);
    }
    out.append("},\"event_ids\":[");
    for (std::size_t i = 0; i < a.eventIds.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        appendJsonString(out, a.eventIds[i]);
    }
    out.append("]}");
}

} // namespace trackboard
