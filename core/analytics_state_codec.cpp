#include "analytics_state_codec.h"
#include "varint_codec.h"

namespace trackboard {

namespace {

constexpr std::string_view kMagic = "TBAS";

using Writer = VarintWriter;
using Reader = VarintReader;

void writeHll(Writer &w, const HyperLogLog &hll) {
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

void readHll(Reader &r, HyperLogLog &hll) {
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

void writeGeo(Writer &w, const std::vector<GeoCounters> &v) {
    w.u(v.size());
    for (const GeoCounters &g : v) {
        w.s(g.users);
        w.u(g.events);
        w.s(g.revenueCents);
    }
}

void readGeo(Reader &r, std::vector<GeoCounters> &v) {
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

void writeScores(Writer &w, const TopScores &top) {
    w.u(top.evictions());
    w.u(top.entries().size());
    for (const auto &e : top.entries()) {
        w.fixed64(e.hash);
        w.str(e.key);
        w.u(e.score);
        w.u(e.events);
    }
}

void readScores(Reader &r, TopScores &top) {
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

void writeBucket(Writer &w, const AnalyticsBucket &b, bool sketches) {
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

void readBucketBody(Reader &r, AnalyticsBucket &b, bool sketches) {
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

void writeNames(Writer &w, const BoundedInterner &names) {
    w.u(names.size() - 1); // id 0, "(other)", is always there
    for (std::size_t id = 1; id < names.size(); ++id) {
        w.str(names.name(std::uint32_t(id)));
    }
}

bool readNames(Reader &r, BoundedInterner &names) {
    const std::uint64_t n = r.count();
    for (std::uint64_t i = 1; i <= n && r.ok(); ++i) {
        if (names.id(r.str()) != i) {
            return false; // a repeated name, or more than the interner holds
        }
    }
    return r.ok();
}

bool readHeader(Reader &r, AnalyticsCheckpoint &meta, std::string &error) {
    const std::string_view magic = r.str();
    if (magic != kMagic) {
        error = "not a Trackboard analytics checkpoint";
        return false;
    }
    if (const auto version = r.u(); version != AnalyticsStateCodec::kVersion) {
        error = "checkpoint version " + std::to_string(version) + ", this build reads " +
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

} // namespace

// Every id a decoded state uses must name something, or snapshot() would read past the names.
bool AnalyticsStateCodec::consistent(const AnalyticsAggregator &a) {
    const auto within = [](std::size_t size, const BoundedInterner &names) {
        return size <= names.size();
    };
    const auto bucketOk = [&](const AnalyticsBucket &b) {
        return within(b.revenueByCurrency.size(), a.currencies_) &&
               within(b.countries.size(), a.countries_) && within(b.cities.size(), a.cities_) &&
               within(b.deviceTypes.size(), a.deviceTypes_) &&
               within(b.browsers.size(), a.browsers_) &&
               within(b.operatingSystems.size(), a.operatingSystems_);
    };
    if (a.cityCountry_.size() != a.cities_.size() || !bucketOk(*a.allTime_)) {
        return false;
    }
    for (const std::uint32_t country : a.cityCountry_) {
        if (country >= a.countries_.size()) {
            return false;
        }
    }
    for (const AnalyticsBucket &b : a.ring_) {
        if (!bucketOk(b)) {
            return false;
        }
    }
    bool usersOk = true;
    a.users_.forEach([&](std::uint64_t, const AnalyticsAggregator::UserState &u) {
        usersOk = usersOk && u.country < a.countries_.size() && u.city < a.cities_.size();
    });
    return usersOk;
}

std::string AnalyticsStateCodec::keyPrefix(std::string_view group, std::string_view topic) {
    std::string k;
    k.append(group).append(1, '/').append(topic).append(1, '/');
    return k;
}

std::string AnalyticsStateCodec::key(std::string_view group, std::string_view topic,
                                     std::int32_t partition) {
    return keyPrefix(group, topic) + std::to_string(partition);
}

bool AnalyticsStateCodec::decodeHeader(std::string_view in, AnalyticsCheckpoint &meta,
                                       std::string &error) {
    Reader r(in);
    return readHeader(r, meta, error);
}

void AnalyticsStateCodec::encode(const AnalyticsCheckpoint &meta, const AnalyticsAggregator &a,
                                 std::string &out) {
    out.clear();
    Writer w(out);
    w.str(kMagic);
    w.u(kVersion);
    w.str(meta.group);
    w.str(meta.topic);
    w.s(meta.partition);
    w.s(meta.nextOffset);
    w.s(meta.writtenAtMs);
    w.s(meta.watermarkMs);

    const PartitionClock &clock = a.clock_;
    w.u(clock.partitions());
    for (std::size_t p = 0; p < clock.partitions(); ++p) {
        w.s(clock.latestMs(std::int32_t(p)));
        w.u(clock.idle(std::int32_t(p)) ? 1 : 0);
    }
    w.s(a.lastBucket_);
    w.u(a.late_);
    w.u(a.overflowed_ ? 1 : 0);
    for (const BoundedInterner *names : {&a.currencies_, &a.countries_, &a.cities_, &a.deviceTypes_,
                                         &a.browsers_, &a.operatingSystems_}) {
        writeNames(w, *names);
    }
    writeCounts(w, a.cityCountry_);

    writeBucket(w, *a.allTime_, a.overflowed_);
    std::uint64_t used = 0;
    for (const AnalyticsBucket &b : a.ring_) {
        used += b.number != AnalyticsBucket::kUnused;
    }
    w.u(used);
    for (const AnalyticsBucket &b : a.ring_) {
        if (b.number != AnalyticsBucket::kUnused) {
            writeBucket(w, b, a.overflowed_);
        }
    }
    used = 0;
    for (const auto &s : a.series_) {
        used += s.second >= 0;
    }
    w.u(used);
    for (const auto &s : a.series_) {
        if (s.second >= 0) {
            w.s(s.second);
            for (const auto n : s.byType) {
                w.u(n);
            }
            w.s(s.revenueCents);
        }
    }

    w.u(a.users_.size());
    a.users_.forEach([&w](std::uint64_t hash, const AnalyticsAggregator::UserState &u) {
        w.fixed64(hash);
        w.s(u.seen);
        for (const auto s : u.stage) {
            w.s(s);
        }
        w.u(u.country);
        w.u(u.city);
        w.u(u.reached);
        w.u(u.held);
        w.u(u.score);
        w.u(u.events);
        w.u(u.bucketScore);
        w.u(u.bucketEvents);
    });
    w.u(a.sessions_.size());
    a.sessions_.forEach([&w](std::uint64_t hash, const AnalyticsAggregator::SessionState &s) {
        w.fixed64(hash);
        w.s(s.seen);
    });
}

bool AnalyticsStateCodec::decode(std::string_view in, AnalyticsCheckpoint &meta,
                                 AnalyticsAggregator &a, std::string &error) {
    Reader r(in);
    if (!readHeader(r, meta, error)) {
        return false;
    }
    const auto fail = [&error](const char *what) {
        error = std::string("corrupt checkpoint: ") + what;
        return false;
    };
    const std::uint64_t partitions = r.count();
    if (partitions > 1'000'000) {
        return fail("partition count");
    }
    for (std::uint64_t p = 0; p < partitions && r.ok(); ++p) {
        const std::int64_t latest = r.s();
        const bool idle = r.u() != 0;
        if (latest != PartitionClock::kNone) {
            a.clock_.observe(std::int32_t(p), latest);
            a.clock_.setIdle(std::int32_t(p), idle);
        }
    }
    a.lastBucket_ = r.s();
    a.late_ = r.u();
    a.overflowed_ = r.u() != 0;
    for (BoundedInterner *names : {&a.currencies_, &a.countries_, &a.cities_, &a.deviceTypes_,
                                   &a.browsers_, &a.operatingSystems_}) {
        if (!readNames(r, *names)) {
            return fail("names");
        }
    }
    readCounts(r, a.cityCountry_);

    if (r.s() != AnalyticsBucket::kUnused) {
        return fail("all-time totals");
    }
    readBucketBody(r, *a.allTime_, a.overflowed_);
    const std::uint64_t used = r.count();
    if (used > std::uint64_t(AnalyticsAggregator::kRingBuckets)) {
        return fail("bucket count");
    }
    for (std::uint64_t i = 0; i < used && r.ok(); ++i) {
        const std::int64_t number = r.s();
        AnalyticsBucket &b = a.ring_[static_cast<std::size_t>(
            ((number % AnalyticsAggregator::kRingBuckets) + AnalyticsAggregator::kRingBuckets) %
            AnalyticsAggregator::kRingBuckets)];
        if (b.number != AnalyticsBucket::kUnused || number == AnalyticsBucket::kUnused) {
            return fail("bucket numbers");
        }
        b.reset(number);
        readBucketBody(r, b, a.overflowed_);
    }
    const std::uint64_t seconds = r.count();
    for (std::uint64_t i = 0; i < seconds && r.ok(); ++i) {
        const std::int64_t second = r.s();
        auto &s =
            a.series_[static_cast<std::size_t>(((second % AnalyticsAggregator::kSeriesRingSeconds) +
                                                AnalyticsAggregator::kSeriesRingSeconds) %
                                               AnalyticsAggregator::kSeriesRingSeconds)];
        s.second = second;
        for (auto &n : s.byType) {
            n = std::uint32_t(r.u());
        }
        s.revenueCents = r.s();
    }

    const std::uint64_t users = r.count();
    for (std::uint64_t i = 0; i < users && r.ok(); ++i) {
        bool inserted = false;
        const std::uint64_t hash = r.fixed64();
        AnalyticsAggregator::UserState *u =
            hash == 0 ? nullptr : a.users_.findOrInsert(hash, inserted);
        if (u == nullptr || !inserted) {
            return fail("user table");
        }
        u->seen = std::int32_t(r.s());
        for (auto &s : u->stage) {
            s = std::int32_t(r.s());
        }
        u->country = std::uint16_t(r.u());
        u->city = std::uint16_t(r.u());
        u->reached = std::uint8_t(r.u());
        u->held = std::uint8_t(r.u());
        u->score = std::uint32_t(r.u());
        u->events = std::uint32_t(r.u());
        u->bucketScore = std::uint32_t(r.u());
        u->bucketEvents = std::uint32_t(r.u());
    }
    const std::uint64_t sessions = r.count();
    for (std::uint64_t i = 0; i < sessions && r.ok(); ++i) {
        bool inserted = false;
        const std::uint64_t hash = r.fixed64();
        AnalyticsAggregator::SessionState *s =
            hash == 0 ? nullptr : a.sessions_.findOrInsert(hash, inserted);
        if (s == nullptr || !inserted) {
            return fail("session table");
        }
        s->seen = std::int32_t(r.s());
    }
    if (!r.ok() || !r.atEnd()) {
        return fail(r.ok() ? "trailing bytes" : "truncated");
    }
    return consistent(a) ? true : fail("an id outside its names");
}

} // namespace trackboard
