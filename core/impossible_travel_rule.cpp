#include "impossible_travel_rule.h"
#include "geo.h"

#include <algorithm>
#include <cstdio>

namespace trackboard {

namespace {

struct Leg {
    const VisitRecord *from = nullptr;
    const VisitRecord *to = nullptr;
    double km = 0;
    double kmh = 0;
};

// The speed from `a` to the later `b`, if it is above the limit.
std::optional<Leg> tooFast(const VisitRecord &a, const VisitRecord &b, const FraudThresholds &t) {
    if (a.lat == b.lat && a.lon == b.lon) {
        return std::nullopt; // the common case: the user has not moved
    }
    if ((a.lat == 0 && a.lon == 0) || (b.lat == 0 && b.lon == 0)) {
        return std::nullopt; // no coordinates (the schema's 0, 0): no distance to judge
    }
    const double km = haversineKm(a.lat, a.lon, b.lat, b.lon);
    if (km < t.impossibleTravelMinKm) {
        return std::nullopt;
    }
    // Timestamps have millisecond resolution: two events in the same millisecond are 1 ms apart.
    const double hours =
        static_cast<double>(std::max<std::int64_t>(b.timeMs - a.timeMs, 1)) / 3'600'000.0;
    const double kmh = km / hours;
    if (kmh <= t.impossibleTravelMaxKmh) {
        return std::nullopt;
    }
    return Leg{&a, &b, km, kmh};
}

} // namespace

std::optional<Finding> ImpossibleTravelRule::evaluate(const Event &event,
                                                      const UserActivity &activity,
                                                      const FraudThresholds &t) const {
    const std::size_t i = activity.currentVisit;
    if (i == FraudHistory<VisitRecord>::npos) {
        return std::nullopt;
    }
    const VisitRecord &current = activity.visits[i];
    std::optional<Leg> leg;
    if (const VisitRecord *previous = activity.previousVisit()) {
        leg = tooFast(*previous, current, t);
    }
    if (const VisitRecord *next = activity.nextVisit(); !leg && next != nullptr) {
        leg = tooFast(current, *next, t);
    }
    if (!leg) {
        return std::nullopt;
    }

    const auto names = [&](const VisitRecord *v) {
        return v == &current ? std::pair<std::string_view, std::string_view>(event.geo.country,
                                                                             event.geo.city)
                             : activity.placeOf(*v);
    };
    const auto [fromCountry, fromCity] = names(leg->from);
    const auto [toCountry, toCity] = names(leg->to);
    const std::int64_t gapMs = leg->to->timeMs - leg->from->timeMs;
    char km[32];
    char minutes[32];
    char kmh[32];
    std::snprintf(km, sizeof km, "%.0f", leg->km);
    std::snprintf(minutes, sizeof minutes, "%.1f", static_cast<double>(gapMs) / 60'000.0);
    std::snprintf(kmh, sizeof kmh, "%.0f", leg->kmh);
    char maxKmh[32];
    std::snprintf(maxKmh, sizeof maxKmh, "%g", t.impossibleTravelMaxKmh);

    Finding f;
    f.severity = t.impossibleTravelSeverity;
    f.message = "User moved " + std::string(km) + " km from " + std::string(fromCity) + ", " +
                std::string(fromCountry) + " to " + std::string(toCity) + ", " +
                std::string(toCountry) + " in " + describeDuration(gapMs) + " (" + kmh + " km/h)";
    f.evidence = {{"from_city", std::string(fromCity)},
                  {"from_country", std::string(fromCountry)},
                  {"to_city", std::string(toCity)},
                  {"to_country", std::string(toCountry)},
                  {"km", km},
                  {"minutes", minutes},
                  {"kmh", kmh},
                  {"max_kmh", maxKmh}};
    for (const VisitRecord *v : {leg->from, leg->to}) {
        const std::string_view id = v == &current ? event.eventId : activity.eventIdOf(*v);
        if (!id.empty()) {
            f.eventIds.emplace_back(id);
        }
    }
    return f;
}

} // namespace trackboard
