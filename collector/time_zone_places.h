#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace trackboard {

// A place named by an IANA time zone: the zone's country and its main city, with that city's
// coordinates, as tzdata's zone.tab gives them.
struct ZonePlace {
    std::string country; // ISO 3166 alpha-2
    std::string city;    // "Buenos Aires" for America/Argentina/Buenos_Aires
    double lat = 0;
    double lon = 0;
};

// Maps the browser's time zone (Intl.DateTimeFormat().resolvedOptions().timeZone) to a place.
// No IP geolocation database is packaged in Debian that is current, and a time zone is what
// every browser sends without asking. Old names still sent by browsers (Chrome's
// Asia/Calcutta) are followed through tzdata's link lines. Immutable after load().
class TimeZonePlaces {
public:
    static constexpr const char *kDefaultZoneTab = "/usr/share/zoneinfo/zone.tab";
    static constexpr const char *kDefaultTzdataZi = "/usr/share/zoneinfo/tzdata.zi";

    // Reads zone.tab (required) and the "L target link" lines of tzdata.zi (optional: without
    // it, old names are simply unknown). Returns false with `error` set when zone.tab is missing
    // or has no rows.
    bool load(const std::string &zoneTab, const std::string &tzdataZi, std::string &error);

    // nullopt for a zone with no country (Etc/UTC) or an unknown name.
    std::optional<ZonePlace> find(std::string_view zone) const;

    std::size_t zoneCount() const { return zones_.size(); }
    std::size_t linkCount() const { return links_.size(); }

    // "+4230+00131" or "+404251-0740023" (zone.tab's ISO 6709 form) to degrees.
    static std::optional<std::pair<double, double>> parseCoordinates(std::string_view text);

private:
    std::unordered_map<std::string, ZonePlace> zones_;
    std::unordered_map<std::string, std::string> links_; // old name -> target
};

} // namespace trackboard
