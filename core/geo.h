#pragma once

namespace trackboard {

inline constexpr double kEarthRadiusKm = 6371.0088; // mean radius (IUGG)

// Great-circle distance between two points given in degrees, on a spherical Earth: within about
// 0.5% of the ellipsoidal distance, which is plenty to tell a plane from a person.
double haversineKm(double lat1, double lon1, double lat2, double lon2);

} // namespace trackboard
