#include "analytics_aggregator.h"
#include "analytics_event_keys.h"
#include "page_path.h"

#include <algorithm>

namespace trackboard {

namespace {

constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::min();
constexpr std::size_t kCartStage = 2;
constexpr std::size_t kPurchaseStage = 4;

std::int64_t floorDiv(std::int64_t value, std::int64_t divisor) {
    return value / divisor - (value % divisor < 0 ? 1 : 0);
}

int funnelStage(EventType type) {
    for (std::size_t i = 0; i < kFunnelStages.size(); ++i) {
        if (kFunnelStages[i] == type) {
            return int(i);
        }
    }
    return -1;
}

// Bucket numbers are 10-second slices of Unix time: ±680 years fit in 32 bits.
std::int32_t narrow(std::int64_t bucket) {
    return std::int32_t(
        std::clamp<std::int64_t>(bucket, kNever + 1, std::numeric_limits<std::int32_t>::max()));
}

} // namespace

AnalyticsAggregator::AnalyticsAggregator()
    : AnalyticsAggregator(Settings{}) {}

AnalyticsAggregator::AnalyticsAggregator(Settings settings)
    : settings_(settings)
    , allTime_(std::make_unique<AnalyticsBucket>(settings.topCapacity, settings.topUserCandidates))
    , business_(std::make_unique<BusinessAnalytics>())
    , users_(settings.maxTrackedUsers)
    , sessions_(settings.maxTrackedSessions) {
    settings_.allowedLatenessMs =
        std::clamp<std::int64_t>(settings_.allowedLatenessMs, 0, 60 * 60'000);
    ring_.reserve(kRingBuckets);
    for (int i = 0; i < kRingBuckets; ++i) {
        ring_.emplace_back(settings_.bucketTopCapacity, settings_.topUserCandidates);
    }
}

AnalyticsAggregator::~AnalyticsAggregator() = default;
AnalyticsAggregator::AnalyticsAggregator(AnalyticsAggregator &&) noexcept = default;
AnalyticsAggregator &AnalyticsAggregator::operator=(AnalyticsAggregator &&) noexcept = default;

AnalyticsBucket *AnalyticsAggregator::liveBucket(std::int64_t number) {
    if (number == kNever) {
        return nullptr;
    }
    AnalyticsBucket &b =
        ring_[static_cast<std::size_t>(((number % kRingBuckets) + kRingBuckets) % kRingBuckets)];
    return b.number == number ? &b : nullptr;
}

void AnalyticsAggregator::advanceTo(std::int64_t bucket) {
    if (lastBucket_ != AnalyticsBucket::kUnused && bucket <= lastBucket_) {
        return;
    }
    std::int64_t first = bucket - kRingBuckets + 1;
    if (lastBucket_ != AnalyticsBucket::kUnused) {
        first = std::max(first, lastBucket_ + 1);
    }
    for (std::int64_t b = first; b <= bucket; ++b) {
        ring_[static_cast<std::size_t>(((b % kRingBuckets) + kRingBuckets) % kRingBuckets)].reset(
            b);
    }
    lastBucket_ = bucket;
    if (nextForgetBucket_ == AnalyticsBucket::kUnused) {
        nextForgetBucket_ = bucket + kBucketsPerMinute;
    } else if (bucket >= nextForgetBucket_) {
        nextForgetBucket_ = bucket + kBucketsPerMinute;
        forgetQuiet();
    }
}

void AnalyticsAggregator::apply(const Event &e, std::int32_t partition) {
    const std::int64_t bucket = narrow(floorDiv(e.timestampMs, kBucketMs));
    // Late only against the event's own partition: others may be far ahead in a backlog.
    const std::int64_t partitionLatest = clock_.observe(partition, e.timestampMs);
    const bool late = partitionLatest != PartitionClock::kNone &&
                      e.timestampMs < partitionLatest - settings_.allowedLatenessMs;
    // The ring follows the newest bucket of any partition, so that a partition read ahead of
    // "now" has its buckets; kAheadBuckets of room keep the 60 minutes behind "now" alive.
    advanceTo(bucket);
    // An on-time event whose bucket was already recycled is in no window either: late.
    AnalyticsBucket *window = late ? nullptr : liveBucket(bucket);
    if (window == nullptr) {
        ++late_;
    }

    EventKeys k;
    k.user = hashText(e.userId);
    k.session = hashText(e.sessionId);
    k.stage = funnelStage(e.type);
    // Campaign links land on "/?utm_source=…": one page, here and in the business metrics.
    k.path = pagePath(e.page);
    k.page = hashText(k.path);
    // Every table this event probes at random, loading together rather than one miss after
    // another.
    if (e.hasProduct) {
        k.product = hashText(e.product.id);
        allTime_->products.prefetch(k.product);
    }
    users_.prefetch(k.user);
    sessions_.prefetch(k.session);
    if (e.type == EventType::PageView) {
        allTime_->pages.prefetch(k.page);
    }
    business_->prefetch(k.session, k.page, k.product);
    if (e.type == EventType::Purchase && e.hasOrder) {
        k.currency = currencies_.id(e.order.currency);
        k.revenueCents = e.order.valueCents;
    }
    bool newUser = false;
    UserState *user = users_.findOrInsert(k.user, newUser);
    internPlaceAndDevice(e, user, k);

    // Before counting, so that the event that first finds a table full is in the sketches.
    if (!overflowed_ &&
        (user == nullptr || (sessions_.full() && sessions_.find(k.session) == nullptr))) {
        startSketches();
    }
    count(*allTime_, e, k);
    if (window != nullptr) {
        count(*window, e, k);
    }
    k.weight = kScoreWeights[static_cast<std::size_t>(e.type)];
    trackUser(user, newUser, k, e.userId, window, narrow(bucket));
    const bool sessionStart = trackSession(k.session, window, narrow(bucket));
    business_->apply(e, BusinessEventContext{bucket, window == nullptr, k.user, k.session,
                                             sessionStart, newUser || user == nullptr, k.path,
                                             k.page, k.product});

    if (window != nullptr) {
        const std::int64_t second = floorDiv(e.timestampMs, 1000);
        SecondBucket &s = series_[static_cast<std::size_t>(
            ((second % kSeriesRingSeconds) + kSeriesRingSeconds) % kSeriesRingSeconds)];
        if (s.second < second) {
            s = SecondBucket{};
            s.second = second;
        }
        if (s.second == second) {
            ++s.byType[static_cast<std::size_t>(e.type)];
            s.revenueCents += k.revenueCents;
        }
    }
}

void AnalyticsAggregator::count(AnalyticsBucket &b, const Event &e, const EventKeys &k) const {
    const auto type = static_cast<std::size_t>(e.type);
    ++b.events;
    ++b.byType[type];
    if (e.type == EventType::Purchase && e.hasOrder) {
        ++b.orders;
        slot(b.revenueByCurrency, k.currency) += k.revenueCents;
    }
    ++slot(b.deviceTypes, k.device);
    ++slot(b.browsers, k.browser);
    ++slot(b.operatingSystems, k.os);
    GeoCounters &country = slot(b.countries, k.country);
    ++country.events;
    country.revenueCents += k.revenueCents;
    GeoCounters &city = slot(b.cities, k.city);
    ++city.events;
    city.revenueCents += k.revenueCents;

    if (e.type == EventType::PageView) {
        b.pages.add(k.path, k.page, 1);
    }
    if (e.hasProduct) {
        ProductStats &p = b.products.add(e.product.id, k.product, 1).payload;
        if (p.name.empty()) {
            p.name = e.product.name;
            p.category = e.product.category;
        }
        if (e.type == EventType::ProductView) {
            ++p.views;
        } else if (e.type == EventType::Purchase) {
            p.unitsSold += std::uint64_t(std::max(e.quantity, 1));
            p.revenueCents += k.revenueCents;
        }
    }

    if (overflowed_) {
        b.usersHll.add(k.user);
        b.sessionsHll.add(k.session);
        if (k.stage >= 0) {
            b.stageHll[std::size_t(k.stage)].add(k.user);
        }
    }
}

// Windows are always suffixes of buckets (newest first), and a user is in a suffix's union
// exactly when their latest sighting is in it: so adding each user to the bucket of their
// latest sighting gives every window the sketch it would have had from the first event.
void AnalyticsAggregator::startSketches() {
    if (overflowed_) {
        return;
    }
    overflowed_ = true;
    stamp_.renew(); // the backfill below reaches buckets no event is counted into
    users_.forEach([this](std::uint64_t hash, const UserState &u) {
        allTime_->usersHll.add(hash);
        if (AnalyticsBucket *b = liveBucket(u.seen)) {
            b->usersHll.add(hash);
        }
        for (std::size_t s = 0; s < kFunnelStages.size(); ++s) {
            if ((u.reached & (1u << s)) != 0) {
                allTime_->stageHll[s].add(hash);
            }
            if (AnalyticsBucket *b = liveBucket(u.stage[s])) {
                b->stageHll[s].add(hash);
            }
        }
    });
    sessions_.forEach([this](std::uint64_t hash, const SessionState &s) {
        allTime_->sessionsHll.add(hash);
        if (AnalyticsBucket *b = liveBucket(s.seen)) {
            b->sessionsHll.add(hash);
        }
    });
}

void AnalyticsAggregator::trackUser(UserState *u, bool inserted, const EventKeys &k,
                                    std::string_view userId, AnalyticsBucket *window,
                                    std::int32_t bucket) {
    if (u == nullptr) {
        return; // the table is full: apply() has started the sketches
    }
    const auto country = static_cast<std::uint16_t>(k.country);
    const auto city = static_cast<std::uint16_t>(k.city);
    if (inserted) {
        u->seen = kNever;
        u->stage.fill(kNever);
        u->run.fill(kNever);
        u->ran = 0;
        u->country = country;
        u->city = city;
        u->reached = 0;
        u->held = 0;
        u->score = u->events = u->bucketScore = u->bucketEvents = 0;
        ++allTime_->users;
        allTimeDistinct_.users.enter(k.user, forgetting_);
        ++slot(allTime_->countries, country).users;
        ++slot(allTime_->cities, city).users;
    }
    if (k.stage >= 0) {
        const auto bit = std::uint8_t(1u << k.stage);
        if ((u->reached & bit) == 0) {
            const bool hadBoth = (u->reached & kCartAndPurchaseBits) == kCartAndPurchaseBits;
            u->reached |= bit;
            ++allTime_->stageUsers[std::size_t(k.stage)];
            allTimeDistinct_.stages[std::size_t(k.stage)].enter(k.user, forgetting_);
            if (!hadBoth && (u->reached & kCartAndPurchaseBits) == kCartAndPurchaseBits) {
                ++allTime_->cartAndPurchase;
                allTimeDistinct_.cartAndPurchase.enter(k.user, forgetting_);
            }
        }
    }
    score(*u, k, userId, window, bucket);
    if (window == nullptr) {
        return; // late: the windows, and where the user is, stay as they were
    }
    if (bucket >= u->seen) {
        // This is the user's latest sighting: they count in this bucket, at this place.
        AnalyticsBucket *old = liveBucket(u->seen);
        if (u->seen != bucket) {
            if (old != nullptr) {
                --old->users;
            }
            ++window->users;
        }
        if (old != nullptr) {
            --slot(old->countries, u->country).users;
            --slot(old->cities, u->city).users;
        }
        ++slot(window->countries, country).users;
        ++slot(window->cities, city).users;
        if (country != u->country) {
            --slot(allTime_->countries, u->country).users;
            ++slot(allTime_->countries, country).users;
        }
        if (city != u->city) {
            --slot(allTime_->cities, u->city).users;
            ++slot(allTime_->cities, city).users;
        }
        u->seen = bucket;
        u->country = country;
        u->city = city;
    }
    if (k.stage > 0) {
        advanceRun(*u, k.stage, bucket);
    }
    if (k.stage < 0 || bucket <= u->stage[std::size_t(k.stage)]) {
        return;
    }
    // "Carted and purchased" lives in the older of the two latest sightings.
    const auto both = [](const UserState &s) {
        return s.stage[kCartStage] == kNever || s.stage[kPurchaseStage] == kNever
                   ? kNever
                   : std::min(s.stage[kCartStage], s.stage[kPurchaseStage]);
    };
    const std::int32_t oldBoth = both(*u);
    std::int32_t &stage = u->stage[std::size_t(k.stage)];
    if (AnalyticsBucket *old = liveBucket(stage)) {
        --old->stageUsers[std::size_t(k.stage)];
    }
    ++window->stageUsers[std::size_t(k.stage)];
    stage = bucket;
    const std::int32_t newBoth = both(*u);
    if (newBoth != oldBoth) {
        if (AnalyticsBucket *old = liveBucket(oldBoth)) {
            --old->cartAndPurchase;
        }
        if (AnalyticsBucket *now = liveBucket(newBoth)) {
            ++now->cartAndPurchase;
        }
    }
}

void AnalyticsAggregator::score(UserState &u, const EventKeys &k, std::string_view userId,
                                AnalyticsBucket *window, std::int32_t bucket) {
    u.score += k.weight;
    ++u.events;
    bool held = (u.held & kHeldAllTime) != 0;
    if (const auto out = allTime_->topUsers.offer(k.user, userId, u.score, u.events, held)) {
        if (UserState *evicted = users_.find(out)) {
            evicted->held &= std::uint8_t(~kHeldAllTime);
        }
    }
    u.held = held ? u.held | kHeldAllTime : u.held;
    if (window == nullptr) {
        return;
    }
    std::uint64_t out = 0;
    if (bucket < u.seen) {
        out = window->topUsers.addOutOfOrder(k.user, userId, k.weight);
    } else {
        if (bucket != u.seen) { // the user's first event in this bucket
            u.bucketScore = u.bucketEvents = 0;
            u.held &= std::uint8_t(~kHeldInBucket);
        }
        u.bucketScore += k.weight;
        ++u.bucketEvents;
        held = (u.held & kHeldInBucket) != 0;
        out = window->topUsers.offer(k.user, userId, u.bucketScore, u.bucketEvents, held);
        u.held = held ? u.held | kHeldInBucket : u.held;
    }
    if (out != 0) {
        if (UserState *evicted = users_.find(out); evicted != nullptr && evicted->seen == bucket) {
            evicted->held &= std::uint8_t(~kHeldInBucket);
        }
    }
}

bool AnalyticsAggregator::trackSession(std::uint64_t hash, AnalyticsBucket *window,
                                       std::int32_t bucket) {
    bool inserted = false;
    SessionState *s = sessions_.findOrInsert(hash, inserted);
    if (s == nullptr) {
        startSketches();
        return true;
    }
    if (inserted) {
        s->seen = kNever;
        ++allTime_->sessions;
        allTimeDistinct_.sessions.enter(hash, forgetting_);
    }
    if (window == nullptr || bucket <= s->seen) {
        return inserted;
    }
    if (AnalyticsBucket *old = liveBucket(s->seen)) {
        --old->sessions;
    }
    ++window->sessions;
    s->seen = bucket;
    return inserted;
}

} // namespace trackboard
