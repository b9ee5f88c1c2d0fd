#include "geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trackboard {

double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kRadians = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * kRadians;
    const double dLon = (lon2 - lon1) * kRadians;
    const double sinLat = std::sin(dLat / 2);
    const double sinLon = std::sin(dLon / 2);
    const double a =
        sinLat * sinLat + std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * sinLon * sinLon;
    // Rounding can push `a` a hair past 1 for antipodal points.
    return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(a, 0.0, 1.0)));
}

} // namespace trackboard
