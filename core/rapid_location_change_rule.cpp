#include "rapid_location_change_rule.h"

#include <cstdio>

namespace trackboard {

std::optional<Finding> RapidLocationChangeRule::evaluate(const Event &event,
                                                         const UserActivity &activity,
                                                         const FraudThresholds &t) const {
    const std::size_t i = activity.currentVisit;
    if (i == FraudHistory<VisitRecord>::npos) {
        return std::nullopt;
    }
    const auto &visits = activity.visits;
    const VisitRecord &current = visits[i];
    const auto differs = [&](const VisitRecord *a, const VisitRecord *b) {
        return a != nullptr && b != nullptr && a->countryHash != 0 && b->countryHash != 0 &&
               a->countryHash != b->countryHash && b->timeMs - a->timeMs < t.rapidLocationWindowMs;
    };
    const VisitRecord *from = activity.previousVisit();
    const VisitRecord *to = &current;
    if (!differs(from, to)) {
        from = &current;
        to = activity.nextVisit();
        if (!differs(from, to)) {
            return std::nullopt;
        }
    }

    const int many = std::max(2, t.rapidLocationManyCountries);
    const int countries =
        mostDistinctWindow(
            visits, event.timestampMs, t.rapidLocationWindowMs,
            [](const VisitRecord &v) { return v.countryHash != 0; },
            [](const VisitRecord &v) { return std::uint64_t{v.countryHash}; }, many)
            .count;
    const auto names = [&](const VisitRecord *v) {
        return v == &current ? std::pair<std::string_view, std::string_view>(event.geo.country,
                                                                             event.geo.city)
                             : activity.placeOf(*v);
    };
    const auto [fromCountry, fromCity] = names(from);
    const auto [toCountry, toCity] = names(to);
    const std::int64_t gapMs = to->timeMs - from->timeMs;
    char minutes[32];
    std::snprintf(minutes, sizeof minutes, "%.1f", static_cast<double>(gapMs) / 60'000.0);

    Finding f;
    f.severity = countries >= many ? t.rapidLocationManySeverity : t.rapidLocationSeverity;
    f.message = "Country changed from " + std::string(fromCountry) + " to " +
                std::string(toCountry) + " in " + describeDuration(gapMs);
    if (countries >= many) {
        f.message += " (" + std::to_string(countries) + " countries in " +
                     describeDuration(t.rapidLocationWindowMs) + ")";
    }
    f.evidence = {{"from_country", std::string(fromCountry)},
                  {"from_city", std::string(fromCity)},
                  {"to_country", std::string(toCountry)},
                  {"to_city", std::string(toCity)},
                  {"minutes", minutes},
                  {"countries", std::to_string(countries)},
                  {"window_s", secondsText(t.rapidLocationWindowMs)}};
    for (const VisitRecord *v : {from, to}) {
        const std::string_view id = v == &current ? event.eventId : activity.eventIdOf(*v);
        if (!id.empty()) {
            f.eventIds.emplace_back(id);
        }
    }
    return f;
}

} // namespace trackboard
