#pragma once

#include <array>
#include <span>
#include <string_view>

namespace trackboard {

struct CityInfo {
    std::string_view country; // ISO 3166 alpha-2
    std::string_view city;
    double lat;
    double lon;
    double weight; // share of the simulated population
    double mobileShare;
};

struct DeviceProfile {
    std::string_view type;
    std::string_view os;
    std::string_view browser;
    double weight;
};

// Real city coordinates with invented, roughly traffic-shaped weights.
std::span<const CityInfo> cities();
// Device/OS/browser combinations with approximate market shares; `type` mobile or desktop
// profiles are picked according to the city's mobile share.
std::span<const DeviceProfile> desktopProfiles();
std::span<const DeviceProfile> mobileProfiles();
std::span<const std::string_view> productCategories();

// Where a visit comes from (the data contract in docs/event-schema.md): the referrer the
// landing page_view carries, the UTM query appended to its page, and how well it converts
// (a factor on the add-to-cart chance, 1 = average). Rows of one channel share its name.
struct TrafficSource {
    std::string_view channel; // direct, search, social, email or paid
    std::string_view referrer;
    std::string_view utmQuery; // "?utm_source=...", or empty
    double weight;             // share of new visits, in percent
    double conversion;
};
std::span<const TrafficSource> trafficSources();

// data-track names of the shop's clickable elements, a few common and most rare.
struct ClickElement {
    std::string_view name;
    double weight;
};
std::span<const ClickElement> clickElements();

// The two categories a country's shoppers favour, or empty views when it has none.
std::array<std::string_view, 2> favouriteCategories(std::string_view country);

} // namespace trackboard
