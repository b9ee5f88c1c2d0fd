// AnalyticsAggregator: the event's place and device as interned ids.
#include "analytics_aggregator.h"
#include "analytics_event_keys.h"

namespace trackboard {

namespace {

// A user's last seen id for a value, when it still names the value: most events repeat their
// user's place and device, and comparing one short name is cheaper than hashing and probing.
std::uint32_t internedAgain(BoundedInterner &interner, std::uint32_t last, std::string_view text) {
    return last != BoundedInterner::kOther && interner.name(last) == text ? last
                                                                          : interner.id(text);
}

bool isCityKey(std::string_view key, std::string_view country, std::string_view city) {
    return key.size() == country.size() + 1 + city.size() && key.starts_with(country) &&
           key[country.size()] == '/' && key.ends_with(city);
}

} // namespace

void AnalyticsAggregator::internPlaceAndDevice(const Event &e, UserState *u, EventKeys &k) {
    // A user the table could not hold has no earlier ids: every field looks up afresh.
    static constexpr UserState kNoUser{};
    const UserState &last = u != nullptr ? *u : kNoUser;
    k.country = internedAgain(countries_, last.country, e.geo.country);
    if (last.city != BoundedInterner::kOther &&
        isCityKey(cities_.name(last.city), e.geo.country, e.geo.city)) {
        k.city = last.city;
    } else {
        cityKey_.assign(e.geo.country).append(1, '/').append(e.geo.city);
        k.city = cities_.id(cityKey_);
        if (k.city == cityCountry_.size()) {
            cityCountry_.push_back(k.country);
        }
    }
    if (k.city != BoundedInterner::kOther) {
        slot(cityPlaces_, k.city).take(e.geo.lat, e.geo.lon);
    }
    k.device = internedAgain(deviceTypes_, last.device, e.device.type);
    k.browser = internedAgain(browsers_, last.browser, e.device.browser);
    k.os = internedAgain(operatingSystems_, last.os, e.device.os);
    if (u != nullptr) {
        // At most 64 ids each (the interners' bounds), so a byte holds them.
        u->device = static_cast<std::uint8_t>(k.device);
        u->browser = static_cast<std::uint8_t>(k.browser);
        u->os = static_cast<std::uint8_t>(k.os);
    }
}

} // namespace trackboard
