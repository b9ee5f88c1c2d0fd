#pragma once

#include "coastline_loader.h"

#include <vector>

namespace trackboard {

// Joins the binned file's pieces back into one closed ring per GSHHG polygon, for filling. A
// shoreline leaving a bin re-enters the next one at the very same point on their shared edge,
// so each piece's last point is the next piece's first. Rings keep their longitudes continuous
// (Chukotka runs on past 180 rather than jumping to -180); a ring round a pole (Antarctica) is
// closed along that pole. Pieces that do not close into a ring are left out of the result.
std::vector<CoastlinePolyline> joinIntoRings(const std::vector<CoastlinePolyline> &pieces);

} // namespace trackboard
