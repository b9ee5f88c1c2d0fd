#include "time_zone_places.h"

#include <fstream>
#include <sstream>

namespace trackboard {

namespace {

// Reads a signed DDMM[SS] or DDDMM[SS] field with `degreeDigits` digits of degrees.
std::optional<double> parseAngle(std::string_view text, std::size_t degreeDigits) {
    if (text.size() != 1 + degreeDigits + 2 && text.size() != 1 + degreeDigits + 4) {
        return std::nullopt;
    }
    if (text[0] != '+' && text[0] != '-') {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
    }
    const auto number = [&](std::size_t from, std::size_t count) {
        return std::stoi(std::string(text.substr(from, count)));
    };
    double value = number(1, degreeDigits) + number(1 + degreeDigits, 2) / 60.0;
    if (text.size() == 1 + degreeDigits + 4) {
        value += number(1 + degreeDigits + 2, 2) / 3600.0;
    }
    return text[0] == '-' ? -value : value;
}

std::string cityOf(std::string_view zone) {
    std::string city(zone.substr(zone.rfind('/') + 1));
    for (auto &c : city) {
        if (c == '_') {
            c = ' ';
        }
    }
    return city;
}

} // namespace

std::optional<std::pair<double, double>> TimeZonePlaces::parseCoordinates(std::string_view text) {
    const auto split = text.find_first_of("+-", 1);
    if (split == std::string_view::npos) {
        return std::nullopt;
    }
    const auto lat = parseAngle(text.substr(0, split), 2);
    const auto lon = parseAngle(text.substr(split), 3);
    if (!lat || !lon) {
        return std::nullopt;
    }
    return std::make_pair(*lat, *lon);
}

bool TimeZonePlaces::load(const std::string &zoneTab, const std::string &tzdataZi,
                          std::string &error) {
    std::ifstream tab(zoneTab);
    if (!tab) {
        error = "cannot read " + zoneTab;
        return false;
    }
    std::string line;
    while (std::getline(tab, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string country, coordinates, zone;
        if (!std::getline(fields, country, '\t') || !std::getline(fields, coordinates, '\t') ||
            !std::getline(fields, zone, '\t')) {
            continue;
        }
        const auto position = parseCoordinates(coordinates);
        if (!position) {
            continue;
        }
        zones_[zone] = ZonePlace{country, cityOf(zone), position->first, position->second};
    }
    if (zones_.empty()) {
        error = zoneTab + " has no zones";
        return false;
    }
    std::ifstream zi(tzdataZi);
    while (zi && std::getline(zi, line)) {
        if (line.size() < 3 || line[0] != 'L' || line[1] != ' ') {
            continue;
        }
        std::istringstream fields(line.substr(2));
        std::string target, name;
        if (fields >> target >> name) {
            links_[name] = target;
        }
    }
    return true;
}

std::optional<ZonePlace> TimeZonePlaces::find(std::string_view zone) const {
    std::string name(zone);
    // Links may chain (an old name to a name that is itself now a link); a bound stops loops.
    for (int hop = 0; hop < 8; ++hop) {
        if (const auto it = zones_.find(name); it != zones_.end()) {
            return it->second;
        }
        const auto link = links_.find(name);
        if (link == links_.end()) {
            return std::nullopt;
        }
        name = link->second;
    }
    return std::nullopt;
}

} // namespace trackboard
