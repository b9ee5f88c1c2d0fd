#include "fraud_rule.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace trackboard {

namespace {

bool knownCountry(std::string_view country) {
    return !country.empty() && country != "ZZ";
}

void assignClipped(std::string &out, std::string_view text) {
    out.assign(text.substr(0, kMaxStoredText));
}

// Ids are cited verbatim or not at all.
std::string citableId(std::string_view id) {
    return id.size() <= kMaxStoredText ? std::string(id) : std::string();
}

std::int64_t longest(std::initializer_list<std::int64_t> windows) {
    return std::max(windows);
}

} // namespace

FraudKey fraudHash(std::string_view text) {
    return static_cast<FraudKey>(std::hash<std::string_view>{}(text));
}

FraudKey placeHash(FraudKey countryHash, std::string_view city) {
    return fraudHash(city) ^ (countryHash * 0x9E3779B9U);
}

void UserActivity::record(const Event &event, const FraudThresholds &t) {
    const std::int64_t time = event.timestampMs;
    const bool inOrder = time >= lastSeenMs; // nothing later in any history
    currentInOrder = inOrder;
    lastSeenMs = std::max(lastSeenMs, time);

    const auto velocityCap =
        static_cast<std::size_t>(std::clamp(t.velocityMaxEvents, 0, kMaxVelocityEvents) + 1);
    recentEventMs.insert(time, velocityCap, inOrder);

    VisitRecord visit;
    visit.timeMs = time;
    visit.ipHash = fraudHash(event.ipAddress);
    // 0 for a place nobody could tell: the collector's "ZZ" when a browser sends no time zone.
    // The location rules see no move to or from it.
    visit.countryHash = knownCountry(event.geo.country) ? fraudHash(event.geo.country) : 0;
    visit.placeHash = placeHash(visit.countryHash, event.geo.city);
    visit.lat = static_cast<float>(event.geo.lat);
    visit.lon = static_cast<float>(event.geo.lon);
    visit.loginFailed = event.type == EventType::LoginFailed;
    visit.type = event.type;
    currentVisit = visits.insert(visit, kVisitHistoryCap, inOrder);
    if (currentVisit != FraudHistory<VisitRecord>::npos) {
        noteChanges(event, visit);
    }
    if (event.type == EventType::Purchase && event.hasOrder) {
        // Only CARD_TESTING cites earlier purchases, and only small ones: most shoppers' ids
        // would be 50 bytes each kept for the day-long spending baseline, never read.
        const std::int64_t value = event.order.valueCents;
        const bool citable =
            value <= std::max(t.cardTestingSmallCents, t.cardTestingDistinctMaxCents);
        purchases.insert({time, value, citable ? citableId(event.eventId) : std::string()},
                         kCitedHistoryCap);
    } else if (event.type == EventType::LoginFailed) {
        loginFailures.insert({time, visit.ipHash, citableId(event.eventId)}, kCitedHistoryCap);
    }

    // Trim what no window can reach any more, `latenessMs` behind the newest event.
    const std::size_t visitsBefore = visits.size();
    const std::int64_t base = lastSeenMs - t.latenessMs;
    recentEventMs.dropUpTo(base - t.velocityWindowMs);
    const std::int64_t visitWindow = longest({t.multipleIpsWindowMs, t.rapidLocationWindowMs,
                                              t.bruteForceWindowMs + t.takeoverWindowMs});
    visits.dropUpTo(base - visitWindow);
    marks.dropUpTo(base - visitWindow);
    purchases.dropUpTo(base - longest({t.cardTestingSmallWindowMs, t.cardTestingDistinctWindowMs,
                                       t.highValueHistoryMs}));
    loginFailures.dropUpTo(base - t.bruteForceWindowMs - t.takeoverWindowMs);
    alerts.dropUpTo(base - t.riskDecayMs);
    // Trimming moved the front: the event's entry moved with it, or went if it was that old.
    const std::size_t dropped = visitsBefore - visits.size();
    if (currentVisit != FraudHistory<VisitRecord>::npos) {
        currentVisit =
            currentVisit < dropped ? FraudHistory<VisitRecord>::npos : currentVisit - dropped;
    }
    compactVisits(base, std::min(t.multipleIpsWindowMs, t.rapidLocationWindowMs));
}

// A visitor on one address in one place would otherwise fill `visits` to its cap with entries
// that say nothing new: 2 KB per user, which at 200k users was most of the detector's memory.
// An entry is removed when the entries on both sides of it are the same visit (address, place,
// coordinates, failed login or not) and at most `gapMs` apart. Every window over the visits is
// at least `gapMs` long, so a window that held the removed entry still holds one of its equals:
// distinct counts are unchanged, and so is every comparison of neighbours, which see an equal
// entry instead. Only entries older than `exactFromMs` (the lateness allowance behind the
// newest event) go, together with their successor, so a late event within the allowance still
// sees its real neighbours and their times.
void UserActivity::compactVisits(std::int64_t exactFromMs, std::int64_t gapMs) {
    const auto same = [](const VisitRecord &a, const VisitRecord &b) {
        return a.ipHash == b.ipHash && a.placeHash == b.placeHash &&
               a.countryHash == b.countryHash && a.lat == b.lat && a.lon == b.lon &&
               a.loginFailed == b.loginFailed;
    };
    for (std::size_t i = 1; i + 1 < visits.size() && visits[i + 1].timeMs < exactFromMs;) {
        const VisitRecord &before = visits[i - 1];
        const VisitRecord &after = visits[i + 1];
        if (i == currentVisit || after.timeMs - before.timeMs > gapMs || !same(before, visits[i]) ||
            !same(visits[i], after)) {
            ++i;
            continue;
        }
        visits.erase(i);
        if (currentVisit != FraudHistory<VisitRecord>::npos && currentVisit > i) {
            --currentVisit;
        }
    }
}

const VisitRecord *UserActivity::previousVisit() const {
    if (currentVisit == FraudHistory<VisitRecord>::npos || currentVisit == 0) {
        return nullptr;
    }
    // In order, the entry before is the newest event, already at hand.
    return currentInOrder ? &newest : &visits[currentVisit - 1];
}

const VisitRecord *UserActivity::nextVisit() const {
    if (currentInOrder || currentVisit == FraudHistory<VisitRecord>::npos ||
        currentVisit + 1 >= visits.size()) {
        return nullptr;
    }
    return &visits[currentVisit + 1];
}

bool UserActivity::isNewest(const VisitRecord &visit) const {
    return newest.timeMs == visit.timeMs && newest.ipHash == visit.ipHash &&
           newest.placeHash == visit.placeHash;
}

// Marks the event at `currentVisit` if its IP or place differs from a neighbour's, and the
// newest event too when the change is away from it.
void UserActivity::noteChanges(const Event &event, const VisitRecord &visit) {
    const auto differ = [](const VisitRecord &a, const VisitRecord &b) {
        return a.ipHash != b.ipHash || a.placeHash != b.placeHash;
    };
    if (currentInOrder && currentVisit > 0 && !differ(newest, visit)) {
        return; // the common case, decided without reading the history: nothing changed
    }
    const bool fromBefore = currentVisit > 0 && differ(visits[currentVisit - 1], visit);
    const bool toAfter =
        currentVisit + 1 < visits.size() && differ(visit, visits[currentVisit + 1]);
    if (!fromBefore && !toAfter) {
        return;
    }
    if (fromBefore && visits[currentVisit - 1].ipHash != visit.ipHash) {
        lastIpChangeMs = std::max(lastIpChangeMs, visit.timeMs);
    }
    if (toAfter && visits[currentVisit + 1].ipHash != visit.ipHash) {
        lastIpChangeMs = std::max(lastIpChangeMs, visits[currentVisit + 1].timeMs);
    }
    const auto marked = [&](const VisitRecord &v) {
        return std::any_of(marks.begin(), marks.end(), [&](const VisitMark &m) {
            return m.timeMs == v.timeMs && m.ipHash == v.ipHash && m.placeHash == v.placeHash;
        });
    };
    if (fromBefore && isNewest(visits[currentVisit - 1]) && !marked(newest)) {
        marks.insert({newest.timeMs, newest.ipHash, newest.placeHash,
                      std::string(newestId.data(), newestIdLength), newestIp, newestCountry,
                      newestCity},
                     kCitedHistoryCap);
    }
    VisitMark mark{
        visit.timeMs, visit.ipHash, visit.placeHash, citableId(event.eventId), {}, {}, {}};
    assignClipped(mark.ip, event.ipAddress);
    assignClipped(mark.country, event.geo.country);
    assignClipped(mark.city, event.geo.city);
    marks.insert(std::move(mark), kCitedHistoryCap);
}

void UserActivity::finish(const Event &event) {
    if (currentVisit != FraudHistory<VisitRecord>::npos && event.timestampMs >= newest.timeMs) {
        const VisitRecord &visit = visits[currentVisit];
        const bool first = newest.timeMs == std::numeric_limits<std::int64_t>::min();
        if (first || visit.ipHash != newest.ipHash) {
            assignClipped(newestIp, event.ipAddress);
        }
        if (first || visit.placeHash != newest.placeHash) {
            assignClipped(newestCountry, event.geo.country);
            assignClipped(newestCity, event.geo.city);
        }
        newest = visit;
        const std::size_t length =
            event.eventId.size() <= kMaxStoredText ? event.eventId.size() : 0;
        std::copy_n(event.eventId.data(), length, newestId.data());
        newestIdLength = static_cast<std::uint8_t>(length);
    }
    currentVisit = FraudHistory<VisitRecord>::npos;
}

void UserActivity::recordAlert(std::int64_t timeMs, Severity severity) {
    alerts.insert({timeMs, severity}, kCitedHistoryCap);
}

double UserActivity::riskScore(std::int64_t atMs, const FraudThresholds &t) const {
    const std::array<double, 4> points = {t.riskLowPoints, t.riskMediumPoints, t.riskHighPoints,
                                          t.riskCriticalPoints};
    double score = 0;
    for (const AlertRecord &a : alerts) {
        const std::int64_t age = atMs - a.timeMs;
        if (age < 0 || age >= t.riskDecayMs) {
            continue;
        }
        const double fade = 1.0 - static_cast<double>(age) / static_cast<double>(t.riskDecayMs);
        score += points[static_cast<std::size_t>(a.severity)] * fade;
    }
    return std::clamp(score, 0.0, 100.0);
}

std::string_view UserActivity::eventIdOf(const VisitRecord &visit) const {
    if (isNewest(visit)) {
        return {newestId.data(), newestIdLength};
    }
    for (const VisitMark &m : marks) {
        if (m.timeMs == visit.timeMs && m.ipHash == visit.ipHash &&
            m.placeHash == visit.placeHash) {
            return m.eventId;
        }
    }
    return {};
}

namespace {

// The latest mark at or before `timeMs` whose `field` matches, as it named that value when it
// was seen; failing that, any mark with the value.
const VisitMark *findMark(const FraudHistory<VisitMark> &marks, std::int64_t timeMs,
                          FraudKey VisitMark::*field, FraudKey value) {
    const VisitMark *found = nullptr;
    for (const VisitMark &m : marks) {
        if (m.*field == value && (found == nullptr || m.timeMs <= timeMs)) {
            found = &m;
        }
    }
    return found;
}

} // namespace

std::string_view UserActivity::ipOf(const VisitRecord &visit) const {
    if (!newestIp.empty() && visit.ipHash == newest.ipHash) {
        return newestIp;
    }
    const VisitMark *m = findMark(marks, visit.timeMs, &VisitMark::ipHash, visit.ipHash);
    return m != nullptr ? std::string_view(m->ip) : std::string_view("?");
}

std::pair<std::string_view, std::string_view>
UserActivity::placeOf(const VisitRecord &visit) const {
    if (!newestCountry.empty() && visit.placeHash == newest.placeHash) {
        return {newestCountry, newestCity};
    }
    const VisitMark *m = findMark(marks, visit.timeMs, &VisitMark::placeHash, visit.placeHash);
    if (m == nullptr) {
        return {"?", "?"};
    }
    return {m->country, m->city};
}

bool UserActivity::seenIpBefore(FraudKey ipHash, std::int64_t beforeMs) const {
    for (const VisitRecord &v : visits) {
        if (v.timeMs >= beforeMs) {
            break;
        }
        if (v.ipHash == ipHash && !v.loginFailed) {
            return true;
        }
    }
    return false;
}

std::string describeDuration(std::int64_t ms) {
    char buf[32];
    if (ms < 120'000) {
        std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>((ms + 500) / 1000));
    } else if (ms < 2 * 3'600'000) {
        const double minutes = static_cast<double>(ms) / 60'000.0;
        if (ms % 60'000 == 0) {
            std::snprintf(buf, sizeof buf, "%.0f min", minutes);
        } else {
            std::snprintf(buf, sizeof buf, "%.1f min", minutes);
        }
    } else {
        std::snprintf(buf, sizeof buf, "%.1f h", static_cast<double>(ms) / 3'600'000.0);
    }
    return buf;
}

std::string secondsText(std::int64_t ms) {
    std::string out = ms < 0 ? "-" : "";
    ms = ms < 0 ? -ms : ms;
    out += std::to_string(ms / 1000);
    if (const std::int64_t frac = ms % 1000; frac != 0) {
        char buf[8];
        std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac));
        out += buf;
        while (out.back() == '0') {
            out.pop_back();
        }
    }
    return out;
}

} // namespace trackboard
