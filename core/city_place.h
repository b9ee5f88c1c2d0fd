#pragma once

namespace trackboard {

// Where a city of the analytics tables is drawn on the map. Events carry their own geo.lat and
// geo.lon, and a city's events may disagree (a collector's lookup table against the simulator's):
// the place kept is the smallest (lat, lon) pair among the events that had one. A minimum does
// not depend on the order events or partitions arrive in, so merged parts equal the whole.
// (0, 0) means "no coordinates": events without geo.lat/lon decode to it, and it is at sea.
struct CityPlace {
    double lat = 0;
    double lon = 0;

    bool known() const { return lat != 0 || lon != 0; }
    void take(double otherLat, double otherLon) {
        if ((otherLat == 0 && otherLon == 0) || (otherLat == lat && otherLon == lon)) {
            return;
        }
        if (!known() || otherLat < lat || (otherLat == lat && otherLon < lon)) {
            lat = otherLat;
            lon = otherLon;
        }
    }
    void take(const CityPlace &other) { take(other.lat, other.lon); }
    bool operator==(const CityPlace &) const = default;
};

} // namespace trackboard
