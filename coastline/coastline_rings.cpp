#include "coastline_rings.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <unordered_map>

namespace trackboard {

namespace {

// A point on a bin edge, the same for both bins: 1e-4 degrees (11 m) apart is one point, and
// longitude 180 is longitude -180.
using EdgeKey = std::tuple<int, std::int64_t, std::int64_t>;
EdgeKey keyOf(int polygon, const GeoPoint &p) {
    const std::int64_t lon = std::llround(p.lon * 1e4);
    return {polygon, ((lon % 3'600'000) + 3'600'000) % 3'600'000, std::llround(p.lat * 1e4)};
}

// Appends `points` so that each longitude is within 180 degrees of the one before it.
void appendContinuous(std::vector<GeoPoint> &ring, const std::vector<GeoPoint> &points,
                      std::size_t from) {
    for (std::size_t i = from; i < points.size(); ++i) {
        GeoPoint p = points[i];
        if (!ring.empty()) {
            const double previous = ring.back().lon;
            p.lon += 360 * std::round((previous - p.lon) / 360);
        }
        ring.push_back(p);
    }
}

} // namespace

std::vector<CoastlinePolyline> joinIntoRings(const std::vector<CoastlinePolyline> &pieces) {
    std::map<EdgeKey, std::vector<std::size_t>> startingAt;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (!pieces[i].wholeInBin && !pieces[i].points.empty()) {
            startingAt[keyOf(pieces[i].polygon, pieces[i].points.front())].push_back(i);
        }
    }
    std::vector<bool> used(pieces.size(), false);
    std::vector<CoastlinePolyline> rings;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (used[i] || pieces[i].points.size() < 2) {
            continue;
        }
        used[i] = true;
        CoastlinePolyline ring;
        ring.level = pieces[i].level;
        ring.polygon = pieces[i].polygon;
        ring.wholeInBin = pieces[i].wholeInBin;
        appendContinuous(ring.points, pieces[i].points, 0);
        bool closed = pieces[i].wholeInBin;
        const EdgeKey first = keyOf(ring.polygon, pieces[i].points.front());
        for (std::size_t current = i; !closed;) {
            const EdgeKey end = keyOf(ring.polygon, pieces[current].points.back());
            if (end == first) {
                closed = true;
                break;
            }
            const auto found = startingAt.find(end);
            std::size_t next = pieces.size();
            if (found != startingAt.end()) {
                for (const std::size_t candidate : found->second) {
                    if (!used[candidate]) {
                        next = candidate;
                        break;
                    }
                }
            }
            if (next == pieces.size()) {
                break; // an open chain: nothing to fill
            }
            used[next] = true;
            appendContinuous(ring.points, pieces[next].points, 1); // its first point is ours
            current = next;
        }
        if (!closed) {
            continue;
        }
        // Round a pole the longitudes end 360 degrees from where they began: close along it.
        const double drift = ring.points.back().lon - ring.points.front().lon;
        if (std::abs(drift) > 180) {
            const double pole = ring.points.front().lat < 0 ? -90 : 90;
            ring.points.push_back({ring.points.back().lon, pole});
            ring.points.push_back({ring.points.front().lon, pole});
        }
        rings.push_back(std::move(ring));
    }
    return rings;
}

} // namespace trackboard
