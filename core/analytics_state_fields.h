#pragma once
// The field-by-field encoding of one partition's analytics state, read and written in pairs:
// an internal part of AnalyticsStateCodec (analytics_state_codec.cpp), kept apart so that the
// codec's own file reads as the record's layout.

#include "analytics_state_codec.h"
#include "varint_codec.h"

#include <bit>
#include <cmath>

namespace trackboard::state_fields {

inline constexpr std::string_view kMagic = "TBAS";

using Writer = VarintWriter;
using Reader = VarintReader;

inline void writeHll(Writer &w, const HyperLogLog &hll) {
    std::uint64_t nonZero = 0;
    for (const std::uint8_t r : hll.registers()) {
        nonZero += r != 0;
    }
    w.u(nonZero);
    std::size_t last = 0;
    for (std::size_t i = 0; i < hll.registers().size(); ++i) {
        if (hll.registers()[i] != 0) {
            w.u(i - last); // gaps: small numbers, one byte each mostly
            w.u(hll.registers()[i]);
            last = i;
        }
    }
}

inline void readHll(Reader &r, HyperLogLog &hll) {
    const std::uint64_t n = r.count();
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
        at += r.u();
        hll.setRegister(at, std::uint8_t(r.u()));
    }
}

template <typename T> void writeCounts(Writer &w, const std::vector<T> &v) {
    w.u(v.size());
    for (const T x : v) {
        if constexpr (std::is_signed_v<T>) {
            w.s(x);
        } else {
            w.u(x);
        }
    }
}

template <typename T> void readCounts(Reader &r, std::vector<T> &v) {
    v.resize(r.count());
    for (T &x : v) {
        if constexpr (std::is_signed_v<T>) {
            x = r.s();
        } else {
            x = r.u();
        }
    }
}

inline void writeGeo(Writer &w, const std::vector<GeoCounters> &v) {
    w.u(v.size());
    for (const GeoCounters &g : v) {
        w.s(g.users);
        w.u(g.events);
        w.s(g.revenueCents);
    }
}

inline void readGeo(Reader &r, std::vector<GeoCounters> &v) {
    v.resize(r.count());
    for (GeoCounters &g : v) {
        g.users = r.s();
        g.events = r.u();
        g.revenueCents = r.s();
    }
}

template <typename P> void writeSummary(Writer &w, const SpaceSaving<P> &summary) {
    w.u(summary.evictions());
    w.u(summary.size());
    for (const auto &e : summary) {
        w.str(e.key);
        w.fixed64(e.hash);
        w.u(e.count);
        w.u(e.error);
        if constexpr (std::is_same_v<P, ProductStats>) {
            w.str(e.payload.name);
            w.str(e.payload.category);
            w.u(e.payload.views);
            w.u(e.payload.unitsSold);
            w.s(e.payload.revenueCents);
        }
    }
}

template <typename P> void readSummary(Reader &r, SpaceSaving<P> &summary) {
    summary.addEvictions(r.u());
    const std::uint64_t n = r.count();
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
        const std::string_view key = r.str();
        const std::uint64_t hash = r.fixed64();
        const std::uint64_t count = r.u();
        const std::uint64_t error = r.u();
        auto &e = summary.add(key, hash, count);
        e.error = error;
        if constexpr (std::is_same_v<P, ProductStats>) {
            e.payload.name = r.str();
            e.payload.category = r.str();
            e.payload.views = r.u();
            e.payload.unitsSold = r.u();
            e.payload.revenueCents = r.s();
        }
    }
}

inline void writeScores(Writer &w, const TopScores &top) {
    w.u(top.evictions());
    w.u(top.entries().size());
    for (const auto &e : top.entries()) {
        w.fixed64(e.hash);
        w.str(e.key);
        w.u(e.score);
        w.u(e.events);
    }
}

inline void readScores(Reader &r, TopScores &top) {
    top.addEvictions(r.u());
    const std::uint64_t n = r.count();
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
        const std::uint64_t hash = r.fixed64();
        const std::string_view key = r.str();
        const std::uint64_t score = r.u();
        const std::uint64_t events = r.u();
        bool held = false;
        top.offer(hash, key, score, events, held);
    }
}

inline void writeBucket(Writer &w, const AnalyticsBucket &b, bool sketches) {
    w.s(b.number);
    w.u(b.events);
    for (const auto n : b.byType) {
        w.u(n);
    }
    w.u(b.orders);
    writeCounts(w, b.revenueByCurrency);
    writeCounts(w, b.deviceTypes);
    writeCounts(w, b.browsers);
    writeCounts(w, b.operatingSystems);
    writeGeo(w, b.countries);
    writeGeo(w, b.cities);
    w.s(b.users);
    w.s(b.sessions);
    for (const auto n : b.stageUsers) {
        w.s(n);
    }
    for (std::size_t i = 1; i < b.stepUsers.size(); ++i) { // version 2
        w.s(b.stepUsers[i]);
    }
    w.s(b.cartAndPurchase);
    if (sketches) {
        writeHll(w, b.usersHll);
        writeHll(w, b.sessionsHll);
        for (const auto &hll : b.stageHll) {
            writeHll(w, hll);
        }
    }
    writeSummary(w, b.pages);
    writeSummary(w, b.products);
    writeScores(w, b.topUsers);
}

// `version` 1 has no sequential funnel: its runs start empty.
inline void readBucketBody(Reader &r, AnalyticsBucket &b, bool sketches, std::uint64_t version) {
    b.events = r.u();
    for (auto &n : b.byType) {
        n = r.u();
    }
    b.orders = r.u();
    readCounts(r, b.revenueByCurrency);
    readCounts(r, b.deviceTypes);
    readCounts(r, b.browsers);
    readCounts(r, b.operatingSystems);
    readGeo(r, b.countries);
    readGeo(r, b.cities);
    b.users = r.s();
    b.sessions = r.s();
    for (auto &n : b.stageUsers) {
        n = r.s();
    }
    for (std::size_t i = 1; version >= 2 && i < b.stepUsers.size(); ++i) {
        b.stepUsers[i] = r.s();
    }
    b.cartAndPurchase = r.s();
    if (sketches) {
        readHll(r, b.usersHll);
        readHll(r, b.sessionsHll);
        for (auto &hll : b.stageHll) {
            readHll(r, hll);
        }
    }
    readSummary(r, b.pages);
    readSummary(r, b.products);
    readScores(r, b.topUsers);
}

inline void writeNames(Writer &w, const BoundedInterner &names) {
    w.u(names.size() - 1); // id 0, "(other)", is always there
    for (std::size_t id = 1; id < names.size(); ++id) {
        w.str(names.name(std::uint32_t(id)));
    }
}

inline bool readNames(Reader &r, BoundedInterner &names) {
    const std::uint64_t n = r.count();
    for (std::uint64_t i = 1; i <= n && r.ok(); ++i) {
        if (names.id(r.str()) != i) {
            return false; // a repeated name, or more than the interner holds
        }
    }
    return r.ok();
}

// Version 4: a city's place as the bits of its two doubles, so that it reads back exactly.
inline void writePlaces(Writer &w, const std::vector<CityPlace> &v) {
    w.u(v.size());
    for (const CityPlace &p : v) {
        w.fixed64(std::bit_cast<std::uint64_t>(p.lat));
        w.fixed64(std::bit_cast<std::uint64_t>(p.lon));
    }
}

// False when there are more places than cities, or a place is not on the globe.
inline bool readPlaces(Reader &r, std::vector<CityPlace> &v, std::size_t cities) {
    const std::uint64_t n = r.count();
    if (n > cities) {
        return false;
    }
    v.resize(n);
    for (CityPlace &p : v) {
        p.lat = std::bit_cast<double>(r.fixed64());
        p.lon = std::bit_cast<double>(r.fixed64());
        if (!(std::abs(p.lat) <= 90 && std::abs(p.lon) <= 180)) {
            return false;
        }
    }
    return r.ok();
}

// Sets `version`: this build reads its own and every earlier one (1: before the sequential
// funnel; 2: before the business metrics, which then start empty; 3: before the cities' places,
// which then start unknown and fill as events arrive).
inline bool readHeader(Reader &r, AnalyticsCheckpoint &meta, std::uint64_t &version,
                       std::string &error) {
    const std::string_view magic = r.str();
    if (magic != kMagic) {
        error = "not a Trackboard analytics checkpoint";
        return false;
    }
    version = r.u();
    if (version < 1 || version > AnalyticsStateCodec::kVersion) {
        error = "checkpoint version " + std::to_string(version) + ", this build reads 1 to " +
                std::to_string(AnalyticsStateCodec::kVersion);
        return false;
    }
    meta.group = r.str();
    meta.topic = r.str();
    meta.partition = std::int32_t(r.s());
    meta.nextOffset = r.s();
    meta.writtenAtMs = r.s();
    meta.watermarkMs = r.s();
    if (!r.ok()) {
        error = "truncated checkpoint header";
    }
    return r.ok();
}

} // namespace trackboard::state_fields
