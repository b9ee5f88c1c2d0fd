#include "analytics_state_codec.h"
#include "analytics_state_fields.h"

namespace trackboard {

using namespace state_fields;

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
    std::uint64_t version = 0;
    return readHeader(r, meta, version, error);
}

void AnalyticsStateCodec::encode(const AnalyticsCheckpoint &meta, const AnalyticsAggregator &a,
                                 std::string &out, std::uint32_t version) {
    out.clear();
    Writer w(out);
    w.str(kMagic);
    w.u(version);
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
    // Version 6: a funnel bucket as how far it lies behind the one the user was last seen in,
    // plus one, 0 for never. Mostly one byte where a bucket number takes four, and never five:
    // users were 38 % of a checkpoint of 800,000 simulated users, and these were half of that.
    const auto bucket = [&w, version](std::int32_t seen, std::int32_t b) {
        if (version < 6) {
            w.s(b);
        } else if (b == AnalyticsAggregator::kNeverBucket) {
            w.u(0);
        } else {
            w.u(1 + zigzag(std::int64_t(seen) - b));
        }
    };
    a.users_.forEach([&w, &bucket](std::uint64_t hash, const AnalyticsAggregator::UserState &u) {
        w.fixed64(hash);
        w.s(u.seen);
        for (const auto s : u.stage) {
            bucket(u.seen, s);
        }
        for (const auto s : u.run) {
            bucket(u.seen, s);
        }
        w.u(u.ran);
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
    a.business_->encode(w);
    writePlaces(w, a.cityPlaces_);
    w.u(a.forgetting_ ? 1 : 0);
    const AnalyticsAggregator::AllTimeDistinct &d = a.allTimeDistinct_;
    for (const DistinctCount *c : {&d.users, &d.sessions, &d.cartAndPurchase}) {
        c->encodeForgetting(w);
    }
    for (const DistinctCount &c : d.stages) {
        c.encodeForgetting(w);
    }
}

bool AnalyticsStateCodec::decode(std::string_view in, AnalyticsCheckpoint &meta,
                                 AnalyticsAggregator &a, std::string &error) {
    Reader r(in);
    std::uint64_t version = 0;
    if (!readHeader(r, meta, version, error)) {
        return false;
    }
    const auto fail = [&error](const char *what) {
        error = std::string("corrupt checkpoint: ") + what;
        return false;
    };
    a.stamp_.renew(); // whatever is read below replaces the state a merged view may cache
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
    readBucketBody(r, *a.allTime_, a.overflowed_, version);
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
        readBucketBody(r, b, a.overflowed_, version);
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

    const auto bucket = [&r, version](std::int32_t seen) {
        if (version < 6) {
            return std::int32_t(r.s());
        }
        const std::uint64_t v = r.u();
        if (v == 0) {
            return AnalyticsAggregator::kNeverBucket;
        }
        // Unsigned, so that a damaged value wraps instead of overflowing; any int32 it ends
        // on is only a bucket number (the consistency checks are about names, not buckets).
        return std::int32_t(std::uint32_t(std::uint64_t(std::int64_t(seen)) - unzigzag(v - 1)));
    };
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
            s = bucket(u->seen);
        }
        u->run.fill(AnalyticsAggregator::kNeverBucket);
        u->ran = 0;
        if (version >= 2) {
            for (auto &s : u->run) {
                s = bucket(u->seen);
            }
            u->ran = std::uint8_t(r.u());
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
    if (version >= 3 && r.ok() && !a.business_->decode(r, error, version < 5)) {
        return false;
    }
    if (version >= 4 && !readPlaces(r, a.cityPlaces_, a.cities_.size())) {
        return fail("city places");
    }
    // The exact counters are the all-time totals': the distinct counts continue from them.
    AnalyticsAggregator::AllTimeDistinct &d = a.allTimeDistinct_;
    d.users.setEntered(std::uint64_t(std::max<std::int64_t>(0, a.allTime_->users)));
    d.sessions.setEntered(std::uint64_t(std::max<std::int64_t>(0, a.allTime_->sessions)));
    d.cartAndPurchase.setEntered(
        std::uint64_t(std::max<std::int64_t>(0, a.allTime_->cartAndPurchase)));
    for (std::size_t s = 0; s < d.stages.size(); ++s) {
        d.stages[s].setEntered(std::uint64_t(std::max<std::int64_t>(0, a.allTime_->stageUsers[s])));
    }
    if (version >= 5 && r.ok()) {
        const std::uint64_t forgetting = r.u();
        bool valid = forgetting <= 1;
        a.forgetting_ = forgetting == 1;
        for (DistinctCount *c : {&d.users, &d.sessions, &d.cartAndPurchase}) {
            valid = valid && c->decodeForgetting(r);
        }
        for (DistinctCount &c : d.stages) {
            valid = valid && c.decodeForgetting(r);
        }
        if (!valid) {
            return fail("all-time distinct counts");
        }
    }
    if (!r.ok() || !r.atEnd()) {
        return fail(r.ok() ? "trailing bytes" : "truncated");
    }
    return consistent(a) ? true : fail("an id outside its names");
}

} // namespace trackboard
