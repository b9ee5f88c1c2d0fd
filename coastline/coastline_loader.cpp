#include "coastline_loader.h"
#include "coastline_rings.h"

#include <netcdf.h>

#include <cstdint>
#include <memory>
#include <type_traits>

namespace trackboard {

namespace {

// The netCDF file, closed on every way out.
class NetcdfFile {
public:
    explicit NetcdfFile(const std::string &path) {
        status_ = nc_open(path.c_str(), NC_NOWRITE, &id_);
    }
    ~NetcdfFile() {
        if (status_ == NC_NOERR) {
            nc_close(id_);
        }
    }
    NetcdfFile(const NetcdfFile &) = delete;
    NetcdfFile &operator=(const NetcdfFile &) = delete;

    int status() const { return status_; }

    // One whole variable, or false when it is missing or its length differs from `count`.
    template <typename T> bool read(const char *name, std::vector<T> &out, std::size_t count) {
        int var = 0;
        int dims[NC_MAX_VAR_DIMS];
        int ndims = 0;
        std::size_t length = 0;
        if (nc_inq_varid(id_, name, &var) != NC_NOERR ||
            nc_inq_varndims(id_, var, &ndims) != NC_NOERR || ndims != 1 ||
            nc_inq_vardimid(id_, var, dims) != NC_NOERR ||
            nc_inq_dimlen(id_, dims[0], &length) != NC_NOERR || length != count) {
            return false;
        }
        out.resize(count);
        if constexpr (std::is_same_v<T, short>) {
            return nc_get_var_short(id_, var, out.data()) == NC_NOERR;
        } else {
            return nc_get_var_int(id_, var, out.data()) == NC_NOERR;
        }
    }
    bool scalar(const char *name, int &value) {
        std::vector<int> v;
        if (!read(name, v, 1)) {
            return false;
        }
        value = v[0];
        return true;
    }

private:
    int id_ = -1;
    int status_ = NC_NOERR;
};

// The bit fields GMT packs into a segment's information word (gmt_shore.c).
int pointsOf(int info) {
    return int(std::uint32_t(info) >> 9);
}
int levelOf(int info) {
    return (info >> 6) & 7;
}

} // namespace

Coastlines loadCoastlines(const std::string &path, int maxLevel) {
    Coastlines result;
    NetcdfFile file(path);
    if (file.status() != NC_NOERR) {
        result.error = "cannot read " + path + ": " + nc_strerror(file.status());
        return result;
    }
    const auto corrupt = [&result, &path](const std::string &what) {
        result.lines.clear();
        result.error = path + " is not a GSHHG binned shoreline file: " + what;
        return result;
    };
    int binMinutes = 0, binsAcross = 0, bins = 0, segments = 0, points = 0;
    if (!file.scalar("Bin_size_in_minutes", binMinutes) ||
        !file.scalar("N_bins_in_360_longitude_range", binsAcross) ||
        !file.scalar("N_bins_in_file", bins) || !file.scalar("N_segments_in_file", segments) ||
        !file.scalar("N_points_in_file", points)) {
        return corrupt("no bin, segment or point counts");
    }
    if (binMinutes <= 0 || binsAcross <= 0 || binMinutes * binsAcross != 360 * 60 || bins <= 0 ||
        bins % binsAcross != 0 || bins / binsAcross * binMinutes != 180 * 60 || segments < 0 ||
        points < 0) {
        return corrupt("bin layout");
    }
    std::vector<int> firstSegment, segmentInfo, firstPoint, polygonOf;
    std::vector<short> segmentCount, dx, dy;
    if (!file.read("Id_of_first_segment_in_a_bin", firstSegment, std::size_t(bins)) ||
        !file.read("N_segments_in_a_bin", segmentCount, std::size_t(bins)) ||
        !file.read("Embedded_npts_levels_exit_entry_for_a_segment", segmentInfo,
                   std::size_t(segments)) ||
        !file.read("Id_of_first_point_in_a_segment", firstPoint, std::size_t(segments)) ||
        !file.read("Id_of_GSHHS_ID", polygonOf, std::size_t(segments)) ||
        !file.read("Relative_longitude_from_SW_corner_of_bin", dx, std::size_t(points)) ||
        !file.read("Relative_latitude_from_SW_corner_of_bin", dy, std::size_t(points))) {
        return corrupt("missing or mis-sized arrays");
    }

    const double binDegrees = binMinutes / 60.0;
    const double step = binDegrees / 65535.0; // offsets are unsigned 16-bit fractions of a bin
    for (int bin = 0; bin < bins; ++bin) {
        const int first = firstSegment[std::size_t(bin)];
        const int count = segmentCount[std::size_t(bin)];
        if (first < 0 || count < 0 || first > segments - count) {
            return corrupt("segment ids of bin " + std::to_string(bin));
        }
        // Bins run west to east from 0 degrees, north to south from 90. Every bin lies on one
        // side of 180 degrees, so a piece never straddles the map's edge once shifted.
        double west = (bin % binsAcross) * binDegrees;
        west = west >= 180 ? west - 360 : west;
        const double south = 90 - (bin / binsAcross + 1) * binDegrees;
        for (int s = first; s < first + count; ++s) {
            const int info = segmentInfo[std::size_t(s)];
            const int n = pointsOf(info);
            const int start = firstPoint[std::size_t(s)];
            if (start < 0 || n < 0 || start > points - n) {
                return corrupt("point ids of segment " + std::to_string(s));
            }
            if (levelOf(info) < 1 || levelOf(info) > maxLevel || n < 2) {
                continue; // lakes' islands, ponds and Antarctica's grounding line are not drawn
            }
            CoastlinePolyline line;
            line.level = levelOf(info);
            line.polygon = polygonOf[std::size_t(s)];
            line.wholeInBin = ((info >> 3) & 7) == 4; // entry side 4: inside the bin
            line.points.reserve(std::size_t(n));
            for (int p = start; p < start + n; ++p) {
                line.points.push_back({west + std::uint16_t(dx[std::size_t(p)]) * step,
                                       south + std::uint16_t(dy[std::size_t(p)]) * step});
            }
            result.lines.push_back(std::move(line));
        }
    }
    result.areas = joinIntoRings(result.lines);
    if (result.lines.empty()) {
        return corrupt("no shoreline");
    }
    return result;
}

} // namespace trackboard
