#include "fraud_config.h"
#include "fraud_rule.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <variant>
#include <vector>

namespace trackboard {

namespace {

using T = FraudThresholds;
using Field = std::variant<int T::*, std::int64_t T::*, double T::*, Severity T::*>;

enum class Kind { Count, Seconds, Amount, Number, Level };

struct Key {
    std::string_view name;
    Kind kind;
    Field field;
    double min = 0; // in the unit the text uses: seconds, dollars
    double max = 0;
    std::string_view help;
};

constexpr double kWeekS = 7 * 24 * 3600;
constexpr double kMaxAmount = 100'000'000; // the largest amount an event may carry

const std::array<Key, 41> kKeys = {{
    {"velocity.max_events", Kind::Count, &T::velocityMaxEvents, 1, kMaxVelocityEvents,
     "HIGH_VELOCITY: more events than this..."},
    {"velocity.window_s", Kind::Seconds, &T::velocityWindowMs, 0.001, kWeekS, "...within this"},
    {"velocity.severity", Kind::Level, &T::velocitySeverity, 0, 0, ""},
    {"high_value.amount", Kind::Amount, &T::highValueCents, 0, kMaxAmount,
     "HIGH_VALUE_PURCHASE: an order above this amount..."},
    {"high_value.median_factor", Kind::Number, &T::highValueMedianFactor, 1, 1000,
     "...or above this many times the user's median purchase..."},
    {"high_value.min_history", Kind::Count, &T::highValueMinHistory, 1, int(kCitedHistoryCap) - 1,
     "...of at least this many earlier purchases..."},
    {"high_value.median_min_amount", Kind::Amount, &T::highValueMedianMinCents, 0, kMaxAmount,
     "...and above this amount"},
    {"high_value.history_s", Kind::Seconds, &T::highValueHistoryMs, 0.001, kWeekS,
     "how far back earlier purchases count"},
    {"high_value.severity", Kind::Level, &T::highValueSeverity, 0, 0, ""},
    {"high_value.severe_amount", Kind::Amount, &T::highValueSevereCents, 0, kMaxAmount,
     "an order above this amount..."},
    {"high_value.severe_severity", Kind::Level, &T::highValueSevereSeverity, 0, 0,
     "...raises this severity instead"},
    {"multiple_ips.max", Kind::Count, &T::multipleIpsMax, 1, kMaxDistinctIps,
     "MULTIPLE_IPS: more distinct IP addresses than this..."},
    {"multiple_ips.window_s", Kind::Seconds, &T::multipleIpsWindowMs, 0.001, kWeekS,
     "...within this"},
    {"multiple_ips.severity", Kind::Level, &T::multipleIpsSeverity, 0, 0, ""},
    {"rapid_location.window_s", Kind::Seconds, &T::rapidLocationWindowMs, 0.001, kWeekS,
     "RAPID_LOCATION_CHANGE: the country changes within this time of the previous event"},
    {"rapid_location.severity", Kind::Level, &T::rapidLocationSeverity, 0, 0, ""},
    {"rapid_location.many_countries", Kind::Count, &T::rapidLocationManyCountries, 2, 16,
     "this many countries within the window..."},
    {"rapid_location.many_severity", Kind::Level, &T::rapidLocationManySeverity, 0, 0,
     "...raise this severity instead"},
    {"impossible_travel.max_kmh", Kind::Number, &T::impossibleTravelMaxKmh, 1, 100'000,
     "IMPOSSIBLE_TRAVEL: faster than this between consecutive events..."},
    {"impossible_travel.min_km", Kind::Number, &T::impossibleTravelMinKm, 0, 20'000,
     "...over at least this distance"},
    {"impossible_travel.severity", Kind::Level, &T::impossibleTravelSeverity, 0, 0, ""},
    {"card_testing.small_count", Kind::Count, &T::cardTestingSmallCount, 1, int(kCitedHistoryCap),
     "CARD_TESTING: at least this many purchases..."},
    {"card_testing.small_amount", Kind::Amount, &T::cardTestingSmallCents, 0, kMaxAmount,
     "...of at most this amount..."},
    {"card_testing.small_window_s", Kind::Seconds, &T::cardTestingSmallWindowMs, 0.001, kWeekS,
     "...within this; or"},
    {"card_testing.distinct_amounts", Kind::Count, &T::cardTestingDistinctAmounts, 1,
     int(kCitedHistoryCap), "at least this many different amounts..."},
    {"card_testing.distinct_max_amount", Kind::Amount, &T::cardTestingDistinctMaxCents, 0,
     kMaxAmount, "...each at most this amount..."},
    {"card_testing.distinct_window_s", Kind::Seconds, &T::cardTestingDistinctWindowMs, 0.001,
     kWeekS, "...within this"},
    {"card_testing.severity", Kind::Level, &T::cardTestingSeverity, 0, 0, ""},
    {"brute_force.failures", Kind::Count, &T::bruteForceFailures, 1, int(kCitedHistoryCap),
     "BRUTE_FORCE_LOGIN: at least this many login_failed..."},
    {"brute_force.window_s", Kind::Seconds, &T::bruteForceWindowMs, 0.001, kWeekS,
     "...within this"},
    {"brute_force.severity", Kind::Level, &T::bruteForceSeverity, 0, 0, ""},
    {"brute_force.takeover_window_s", Kind::Seconds, &T::takeoverWindowMs, 0.001, kWeekS,
     "a login from a new IP within this time after a burst..."},
    {"brute_force.takeover_severity", Kind::Level, &T::takeoverSeverity, 0, 0,
     "...is an account takeover"},
    {"risk.low", Kind::Number, &T::riskLowPoints, 0, 100, "risk score points per alert"},
    {"risk.medium", Kind::Number, &T::riskMediumPoints, 0, 100, ""},
    {"risk.high", Kind::Number, &T::riskHighPoints, 0, 100, ""},
    {"risk.critical", Kind::Number, &T::riskCriticalPoints, 0, 100, ""},
    {"risk.decay_s", Kind::Seconds, &T::riskDecayMs, 0.001, kWeekS,
     "an alert's points fade to 0 over this time"},
    {"detector.cooldown_s", Kind::Seconds, &T::cooldownMs, 0, kWeekS,
     "one alert per user and rule within this time, unless the severity rises"},
    {"detector.idle_expiry_s", Kind::Seconds, &T::idleExpiryMs, 0.001, kWeekS,
     "forget a user quiet for this long"},
    {"detector.lateness_s", Kind::Seconds, &T::latenessMs, 0, kWeekS,
     "events this far behind the user's newest are judged on complete history"},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

// "12", "12.5", "0.125" with at most `decimals` fraction digits, scaled by 10^decimals.
std::optional<std::int64_t> parseFixed(std::string_view text, int decimals) {
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 12 || static_cast<int>(frac.size()) > decimals ||
        (dot != std::string_view::npos && frac.empty())) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (const char c : whole) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    for (int i = 0; i < decimals; ++i) {
        const char c = static_cast<std::size_t>(i) < frac.size() ? frac[std::size_t(i)] : '0';
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string describeRange(const Key &key) {
    char buf[96];
    switch (key.kind) {
    case Kind::Count:
        std::snprintf(buf, sizeof buf, "a whole number from %g to %g", key.min, key.max);
        break;
    case Kind::Seconds:
        std::snprintf(buf, sizeof buf, "seconds from %g to %g, at most 3 decimals", key.min,
                      key.max);
        break;
    case Kind::Amount:
        std::snprintf(buf, sizeof buf, "an amount from %g to %.0f, at most 2 decimals", key.min,
                      key.max);
        break;
    case Kind::Number:
        std::snprintf(buf, sizeof buf, "a number from %g to %g", key.min, key.max);
        break;
    case Kind::Level:
        return "LOW, MEDIUM, HIGH or CRITICAL";
    }
    return buf;
}

// Stores `text` into the key's field of `t`; false if it is not a valid value.
bool assign(const Key &key, std::string_view text, T &t) {
    const auto inRange = [&](double v) { return v >= key.min && v <= key.max; };
    switch (key.kind) {
    case Kind::Count: {
        int v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || !inRange(v)) {
            return false;
        }
        t.*std::get<int T::*>(key.field) = v;
        return true;
    }
    case Kind::Seconds:
    case Kind::Amount: {
        const bool amount = key.kind == Kind::Amount;
        if (amount && text.starts_with('$')) {
            text.remove_prefix(1);
        }
        const auto v = parseFixed(text, amount ? 2 : 3);
        if (!v || !inRange(static_cast<double>(*v) / (amount ? 100.0 : 1000.0))) {
            return false;
        }
        t.*std::get<std::int64_t T::*>(key.field) = *v;
        return true;
    }
    case Kind::Number: {
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) ||
            !inRange(v)) {
            return false;
        }
        t.*std::get<double T::*>(key.field) = v;
        return true;
    }
    case Kind::Level: {
        std::string upper(text);
        for (char &c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        const auto severity = severityFromName(upper);
        if (!severity) {
            return false;
        }
        t.*std::get<Severity T::*>(key.field) = *severity;
        return true;
    }
    }
    return false;
}

std::string valueText(const Key &key, const T &t) {
    switch (key.kind) {
    case Kind::Count:
        return std::to_string(t.*std::get<int T::*>(key.field));
    case Kind::Seconds:
        return secondsText(t.*std::get<std::int64_t T::*>(key.field));
    case Kind::Amount: {
        const std::int64_t cents = t.*std::get<std::int64_t T::*>(key.field);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                      static_cast<long long>(std::abs(cents % 100)));
        return buf;
    }
    case Kind::Number: {
        char buf[32];
        const auto [end, ec] =
            std::to_chars(buf, buf + sizeof buf, t.*std::get<double T::*>(key.field));
        return ec == std::errc() ? std::string(buf, end) : std::string("0");
    }
    case Kind::Level:
        return std::string(severityName(t.*std::get<Severity T::*>(key.field)));
    }
    return {};
}

std::string lineError(int line, const std::string &what) {
    return "line " + std::to_string(line) + ": " + what;
}

} // namespace

bool parseFraudConfig(std::string_view text, FraudThresholds &out, std::string &error) {
    FraudThresholds parsed = out;
    std::array<int, kKeys.size()> seenOnLine{};
    int lineNumber = 0;
    while (!text.empty()) {
        ++lineNumber;
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        line = trim(line.substr(0, line.find('#')));
        if (line.empty()) {
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            error =
                lineError(lineNumber, "expected 'key = value', got '" + std::string(line) + "'");
            return false;
        }
        const std::string_view name = trim(line.substr(0, equals));
        const std::string_view value = trim(line.substr(equals + 1));
        std::size_t k = 0;
        while (k < kKeys.size() && kKeys[k].name != name) {
            ++k;
        }
        if (k == kKeys.size()) {
            error = lineError(lineNumber, "unknown key '" + std::string(name) + "'");
            return false;
        }
        if (seenOnLine[k] != 0) {
            error = lineError(lineNumber, std::string(name) + " is already set on line " +
                                              std::to_string(seenOnLine[k]));
            return false;
        }
        seenOnLine[k] = lineNumber;
        if (!assign(kKeys[k], value, parsed)) {
            error = lineError(lineNumber, "bad value '" + std::string(value) + "' for " +
                                              std::string(name) + ": expected " +
                                              describeRange(kKeys[k]));
            return false;
        }
    }
    out = parsed;
    error.clear();
    return true;
}

std::string formatFraudConfig(const FraudThresholds &thresholds) {
    std::string out = "# Trackboard fraud thresholds. Windows in seconds, amounts in dollars.\n";
    std::string_view section;
    for (const Key &key : kKeys) {
        const std::string_view prefix = key.name.substr(0, key.name.find('.'));
        if (prefix != section) {
            section = prefix;
            out += '\n';
        }
        if (!key.help.empty()) {
            out += "# ";
            out += key.help;
            out += '\n';
        }
        out += key.name;
        out += " = ";
        out += valueText(key, thresholds);
        out += '\n';
    }
    return out;
}

} // namespace trackboard
