#pragma once
// Fraud test scripts: a one-line language for a user's events, and a detector fed with them.
#include "fraud_detector.h"

#include <QStringList>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace trackboard::testing {

constexpr std::int64_t kT0 = 1'709'294'400'000; // 2024-03-01T12:00:00Z
constexpr std::int64_t kMin = 60'000;
constexpr int kNone = -1;
constexpr int kMedium = int(Severity::Medium);
constexpr int kHigh = int(Severity::High);
constexpr int kCritical = int(Severity::Critical);

inline const std::map<std::string, Geo> kPlaces = {
    {"London", {"GB", "London", 51.5074, -0.1278}},
    {"Manchester", {"GB", "Manchester", 53.4808, -2.2426}},
    {"Paris", {"FR", "Paris", 48.8566, 2.3522}},
    {"Berlin", {"DE", "Berlin", 52.5200, 13.4050}},
    {"NewYork", {"US", "New York", 40.7128, -74.0060}},
    {"LosAngeles", {"US", "Los Angeles", 34.0522, -118.2437}},
    {"Sydney", {"AU", "Sydney", -33.8688, 151.2093}},
    {"Tokyo", {"JP", "Tokyo", 35.6762, 139.6503}},
    // One city, points 30.0, 48.9 and 50.04 km north of `Here`.
    {"Here", {"GB", "Here", 51.50, 0}},
    // What the web collector records when the browser sent no time zone.
    {"Unknown", {"ZZ", "Unknown", 0, 0}},
    {"Here+30km", {"GB", "Here", 51.77, 0}},
    {"Here+49km", {"GB", "Here", 51.94, 0}},
    {"Here+50km", {"GB", "Here", 51.95, 0}},
};

// "250" (ms), "90s", "10m", "6h", "10m-1" (a millisecond less): milliseconds after kT0.
inline std::int64_t offsetOf(QString text) {
    std::int64_t minus = 0;
    if (const qsizetype dash = text.indexOf(u'-'); dash > 0) {
        minus = text.mid(dash + 1).toLongLong();
        text.truncate(dash);
    }
    const std::map<QChar, std::int64_t> units = {{u's', 1'000}, {u'm', kMin}, {u'h', 60 * kMin}};
    const auto unit = units.find(text.back());
    return unit == units.end() ? text.toLongLong() - minus
                               : text.chopped(1).toLongLong() * unit->second - minus;
}

// One event per ';': its time, then in any order an event type (page_view when none), an address
// ("ip3" is 10.0.0.3), a place from kPlaces (London when none) and "$4.99" for a purchase of that
// value. Every event is user "u"'s, with the id "<type>@<ms after kT0>".
inline std::vector<Event> script(const QString &text) {
    std::vector<Event> events;
    for (const QString &line : text.split(u';')) {
        const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
        Event e;
        e.type = EventType::PageView;
        e.timestampMs = kT0 + offsetOf(words.at(0));
        e.userId = "u";
        e.ipAddress = "10.0.0.1";
        e.geo = kPlaces.at("London");
        for (const QString &word : words.mid(1)) {
            const std::string w = word.toStdString();
            if (const auto type = eventTypeFromName(w)) {
                e.type = *type;
            } else if (w.starts_with('$')) {
                const auto cents = std::llround(std::stod(w.substr(1)) * 100);
                e.type = EventType::Purchase;
                e.hasOrder = true;
                e.order = {"ord-" + std::to_string(events.size()), cents, "USD"};
            } else if (w.starts_with("ip")) {
                e.ipAddress = "10.0.0." + w.substr(2);
            } else if (std::isdigit(static_cast<unsigned char>(w[0]))) {
                e.ipAddress = w;
            } else {
                e.geo = kPlaces.at(w);
            }
        }
        e.eventId = std::string(eventTypeName(e.type)) + "@" + std::to_string(e.timestampMs - kT0);
        events.push_back(std::move(e));
    }
    return events;
}

// A detector fed event by event, each detected at its own event time.
struct Feed {
    explicit Feed(const QString &text = {}) { run(text); }
    void run(const QString &text) {
        for (const Event &e : text.isEmpty() ? std::vector<Event>{} : script(text)) {
            detector.apply(e, e.timestampMs, alerts);
        }
    }
    std::vector<Alert> of(std::string_view rule) const {
        std::vector<Alert> out;
        std::copy_if(alerts.begin(), alerts.end(), std::back_inserter(out),
                     [&](const Alert &a) { return a.rule == rule; });
        return out;
    }
    FraudDetector detector;
    std::vector<Alert> alerts;
};

inline QString evidence(const Alert &alert, std::string_view key) {
    for (const auto &[k, v] : alert.evidence) {
        if (k == key) {
            return QString::fromStdString(v);
        }
    }
    return {};
}

inline QString ids(const Alert &alert) {
    QStringList out;
    for (const auto &id : alert.eventIds) {
        out << QString::fromStdString(id);
    }
    return out.join(u' ');
}

} // namespace trackboard::testing
