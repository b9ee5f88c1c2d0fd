#include "analytics_aggregator.h"

#include <algorithm>
#include <limits>

namespace trackboard {

// For each interned kind: the other aggregator's id -> this one's id.
struct InternerMaps {
    std::vector<std::uint32_t> currencies, countries, cities, devices, browsers, systems;
};

namespace {

std::vector<std::uint32_t> mapNames(BoundedInterner &into, const BoundedInterner &from) {
    std::vector<std::uint32_t> map(from.size());
    for (std::size_t id = 0; id < from.size(); ++id) {
        map[id] = id == 0 ? BoundedInterner::kOther : into.id(from.name(std::uint32_t(id)));
    }
    return map;
}

template <typename T>
void addCounts(std::vector<T> &into, const std::vector<T> &from,
               const std::vector<std::uint32_t> &map) {
    for (std::size_t id = 0; id < from.size(); ++id) {
        slot(into, id < map.size() ? map[id] : 0) += from[id];
    }
}

void addGeo(std::vector<GeoCounters> &into, const std::vector<GeoCounters> &from,
            const std::vector<std::uint32_t> &map) {
    for (std::size_t id = 0; id < from.size(); ++id) {
        GeoCounters &g = slot(into, id < map.size() ? map[id] : 0);
        g.users += from[id].users;
        g.events += from[id].events;
        g.revenueCents += from[id].revenueCents;
    }
}

// Space-Saving summaries merge by adding counts key by key (Agarwal et al., "Mergeable
// Summaries", 2012): a merged count over-estimates by at most the sum of the inputs' errors,
// which each entry carries in `error`; any eviction on the way makes the summary inexact.
template <typename P> void mergeSummary(SpaceSaving<P> &into, const SpaceSaving<P> &from) {
    into.addEvictions(from.evictions());
    for (const auto &e : from) {
        auto &merged = into.add(e.key, e.hash, e.count);
        merged.error += e.error;
        if constexpr (std::is_same_v<P, ProductStats>) {
            if (merged.payload.name.empty()) {
                merged.payload.name = e.payload.name;
                merged.payload.category = e.payload.category;
            }
            merged.payload.views += e.payload.views;
            merged.payload.unitsSold += e.payload.unitsSold;
            merged.payload.revenueCents += e.payload.revenueCents;
        }
    }
}

// Users are disjoint across partitions, so the top K of the union is within the union of
// each input's top K: offering them all is exact.
void mergeScores(TopScores &into, const TopScores &from) {
    into.addEvictions(from.evictions());
    for (const auto &e : from.entries()) {
        bool held = false;
        into.offer(e.hash, e.key, e.score, e.events, held);
    }
}

void mergeSummaries(AnalyticsBucket &into, const AnalyticsBucket &from) {
    for (std::size_t s = 0; s < into.stageHll.size(); ++s) {
        into.stageHll[s].merge(from.stageHll[s]);
    }
    into.usersHll.merge(from.usersHll);
    into.sessionsHll.merge(from.sessionsHll);
    mergeSummary(into.pages, from.pages);
    mergeSummary(into.products, from.products);
    mergeScores(into.topUsers, from.topUsers);
}

} // namespace

void AnalyticsAggregator::mergeCounters(AnalyticsBucket &into, const AnalyticsBucket &from,
                                        const InternerMaps &ids) const {
    into.events += from.events;
    for (std::size_t t = 0; t < into.byType.size(); ++t) {
        into.byType[t] += from.byType[t];
    }
    into.orders += from.orders;
    addCounts(into.revenueByCurrency, from.revenueByCurrency, ids.currencies);
    addCounts(into.deviceTypes, from.deviceTypes, ids.devices);
    addCounts(into.browsers, from.browsers, ids.browsers);
    addCounts(into.operatingSystems, from.operatingSystems, ids.systems);
    addGeo(into.countries, from.countries, ids.countries);
    addGeo(into.cities, from.cities, ids.cities);
    into.users += from.users;
    into.sessions += from.sessions;
    for (std::size_t s = 0; s < into.stageUsers.size(); ++s) {
        into.stageUsers[s] += from.stageUsers[s];
        into.stepUsers[s] += from.stepUsers[s];
    }
    into.cartAndPurchase += from.cartAndPurchase;
}

void AnalyticsAggregator::mergeBucket(AnalyticsBucket &into, const AnalyticsBucket &from,
                                      const InternerMaps &ids) const {
    mergeCounters(into, from, ids);
    mergeSummaries(into, from);
}

InternerMaps AnalyticsAggregator::mergeAllButRing(const AnalyticsAggregator &other) {
    business_->mergeFrom(*other.business_);
    InternerMaps ids;
    ids.currencies = mapNames(currencies_, other.currencies_);
    ids.countries = mapNames(countries_, other.countries_);
    ids.cities = mapNames(cities_, other.cities_);
    ids.devices = mapNames(deviceTypes_, other.deviceTypes_);
    ids.browsers = mapNames(browsers_, other.browsers_);
    ids.systems = mapNames(operatingSystems_, other.operatingSystems_);
    for (std::size_t city = 0; city < other.cityCountry_.size() && city < ids.cities.size();
         ++city) {
        const std::uint32_t country = other.cityCountry_[city];
        slot(cityCountry_, ids.cities[city]) =
            country < ids.countries.size() ? ids.countries[country] : 0;
        if (ids.cities[city] != BoundedInterner::kOther && city < other.cityPlaces_.size()) {
            slot(cityPlaces_, ids.cities[city]).take(other.cityPlaces_[city]);
        }
    }

    for (std::size_t p = 0; p < other.clock_.partitions(); ++p) {
        const auto partition = std::int32_t(p);
        if (const std::int64_t latest = other.clock_.latestMs(partition);
            latest != PartitionClock::kNone) {
            clock_.observe(partition, latest);
            clock_.setIdle(partition, other.clock_.idle(partition));
        }
    }
    late_ += other.late_;
    if (other.overflowed_) {
        overflowed_ = true; // the merged distinct counts come from the sketches
    }
    forgetting_ = forgetting_ || other.forgetting_;
    allTimeDistinct_.users.mergeFrom(other.allTimeDistinct_.users);
    allTimeDistinct_.sessions.mergeFrom(other.allTimeDistinct_.sessions);
    allTimeDistinct_.cartAndPurchase.mergeFrom(other.allTimeDistinct_.cartAndPurchase);
    for (std::size_t s = 0; s < kFunnelStages.size(); ++s) {
        allTimeDistinct_.stages[s].mergeFrom(other.allTimeDistinct_.stages[s]);
    }
    mergeBucket(*allTime_, *other.allTime_, ids);

    for (const SecondBucket &s : other.series_) {
        if (s.second < 0) {
            continue;
        }
        SecondBucket &into = series_[static_cast<std::size_t>(
            ((s.second % kSeriesRingSeconds) + kSeriesRingSeconds) % kSeriesRingSeconds)];
        if (into.second < s.second) {
            into = SecondBucket{};
            into.second = s.second;
        }
        if (into.second == s.second) {
            for (std::size_t t = 0; t < into.byType.size(); ++t) {
                into.byType[t] += s.byType[t];
            }
            into.revenueCents += s.revenueCents;
        }
    }
    return ids;
}

void AnalyticsAggregator::mergeFrom(const AnalyticsAggregator &other) {
    const InternerMaps ids = mergeAllButRing(other);
    if (other.lastBucket_ != AnalyticsBucket::kUnused) {
        advanceTo(other.lastBucket_);
        for (const AnalyticsBucket &b : other.ring_) {
            if (b.number == AnalyticsBucket::kUnused) {
                continue;
            }
            if (AnalyticsBucket *into = liveBucket(b.number)) {
                mergeBucket(*into, b, ids);
            }
        }
    }
    mergedInputs_.clear(); // merged summaries no longer match any rebuild's inputs
}

void AnalyticsAggregator::rebuildFrom(const std::vector<const AnalyticsAggregator *> &parts) {
    // Everything but the ring starts again as in a new aggregator. The interners keep their
    // names: ids stay as they were, and a name no part uses any more only takes an id.
    clock_ = PartitionClock{};
    late_ = 0;
    overflowed_ = false;
    forgetting_ = false;
    allTimeDistinct_ = AllTimeDistinct{};
    allTime_->reset(AnalyticsBucket::kUnused);
    business_ = std::make_unique<BusinessAnalytics>();
    series_.fill(SecondBucket{});
    cityCountry_.assign(1, 0);
    cityPlaces_.clear();
    std::vector<InternerMaps> ids;
    ids.reserve(parts.size());
    for (const AnalyticsAggregator *part : parts) {
        ids.push_back(mergeAllButRing(*part));
    }
    rebuildRing(parts, ids);
}

void AnalyticsAggregator::rebuildRing(const std::vector<const AnalyticsAggregator *> &parts,
                                      const std::vector<InternerMaps> &ids) {
    std::int64_t newest = AnalyticsBucket::kUnused;
    for (const AnalyticsAggregator *part : parts) {
        newest = std::max(newest, part->lastBucket_);
    }
    if (newest == AnalyticsBucket::kUnused || newest < lastBucket_) {
        // No part has a bucket, or the parts end before this ring does (one was taken away):
        // back to a new aggregator's ring, as a merge into a new one would start from.
        for (AnalyticsBucket &b : ring_) {
            b.reset(AnalyticsBucket::kUnused);
        }
        lastBucket_ = AnalyticsBucket::kUnused;
        mergedInputs_.clear();
        if (newest == AnalyticsBucket::kUnused) {
            return;
        }
    }
    advanceTo(newest);
    // Other parts, or a part's state replaced: no slot's summaries can be reused.
    std::vector<std::uint64_t> stamps;
    stamps.reserve(parts.size());
    for (const AnalyticsAggregator *part : parts) {
        stamps.push_back(part->stamp_.value());
    }
    if (stamps != mergedStamps_) {
        mergedInputs_.clear();
        mergedStamps_ = std::move(stamps);
    }
    // A part's bucket of the same number sits in the same slot of its ring as here.
    constexpr std::uint64_t kAbsent = std::numeric_limits<std::uint64_t>::max();
    mergedInputs_.resize(ring_.size());
    std::vector<std::uint64_t> inputs;
    for (std::size_t i = 0; i < ring_.size(); ++i) {
        AnalyticsBucket &into = ring_[i];
        inputs.assign(1, static_cast<std::uint64_t>(into.number));
        for (const AnalyticsAggregator *part : parts) {
            const AnalyticsBucket &from = part->ring_[i];
            inputs.push_back(from.number == into.number ? from.events : kAbsent);
        }
        // The counters always add again: a user moving on changes earlier buckets' counts.
        const bool summariesHeld = mergedInputs_[i] == inputs;
        into.resetCounters();
        if (!summariesHeld) {
            into.resetSummaries();
        }
        for (std::size_t p = 0; p < parts.size(); ++p) {
            const AnalyticsBucket &from = parts[p]->ring_[i];
            if (from.number != into.number) {
                continue;
            }
            mergeCounters(into, from, ids[p]);
            if (!summariesHeld) {
                mergeSummaries(into, from);
            }
        }
        if (!summariesHeld) {
            mergedInputs_[i].swap(inputs);
        }
    }
}

} // namespace trackboard
