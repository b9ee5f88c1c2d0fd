#pragma once

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

} // namespace trackboard
