#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

// A shoreline of the world map, in degrees: longitude -180 to 180, latitude -90 to 90.
struct GeoPoint {
    double lon = 0;
    double lat = 0;
};

struct CoastlinePolyline {
    // GSHHG's hierarchy: 1 land against ocean (Antarctica's ice front included), 2 lake.
    int level = 1;
    std::vector<GeoPoint> points;
    int polygon = -1;        // the GSHHG polygon this piece belongs to
    bool wholeInBin = false; // a closed ring on its own (an island inside one bin)
};

struct Coastlines {
    std::vector<CoastlinePolyline> lines;
    // The same shorelines joined into closed rings, one per GSHHG polygon, to fill land and
    // lakes (coastline_rings.h says how); longitudes may pass 180 to keep a ring unbroken.
    std::vector<CoastlinePolyline> areas;
    std::string error; // why there are no lines: file missing or not a GSHHG file; empty when ok
    bool ok() const { return error.empty(); }
};

// GSHHG's crude resolution (Debian package gmt-gshhg-low, which GMT itself draws from): about
// 25 km between kept points, which is below a pixel on a 1920-pixel-wide world.
inline constexpr std::string_view kGshhgCrudeFile = "/usr/share/gmt-gshhg/binned_GSHHS_c.nc";

// Reads GMT's binned shoreline netCDF file (binned_GSHHS_?.nc) into polylines of levels up to
// `maxLevel`. The file cuts every shoreline at 20-degree bins and stores each piece relative to
// its bin's south-west corner: `lines` keeps the pieces, which a stroke can draw as they are,
// and `areas` joins them back into polygons for a fill. Never throws: a missing or malformed file
// gives no lines and says why in `error`.
Coastlines loadCoastlines(const std::string &path, int maxLevel = 2);

} // namespace trackboard
