#pragma once

#include "analytics_bucket.h"
#include "analytics_snapshot.h"
#include "bounded_interner.h"
#include "business_analytics.h"
#include "city_place.h"
#include "distinct_count.h"
#include "flat_hash_table.h"
#include "partition_clock.h"
#include "state_stamp.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace trackboard {

struct EventKeys;
struct WindowTotals;
struct InternerMaps;

// Folds decoded events into every metric of the demo guide, for all time and for sliding
// event-time windows of the last 1, 5, 15 and 60 minutes (docs/analytics.md). Event time is
// kept per Kafka partition (PartitionClock): lateness is judged against the event's own
// partition, and the windows end at the minimum over the active partitions. Single-threaded:
// the analytics worker owns one and calls snapshot() on its own thread between batches.
// apply() is O(1) and allocates nothing once its strings have been seen; snapshot() is
// O(buckets x bucket summary capacity), independent of the number of users.
class AnalyticsAggregator {
public:
    struct Settings {
        std::int64_t allowedLatenessMs = 30'000; // clamped to [0, 60 min]
        std::size_t maxTrackedUsers = 750'000;   // exact distinct counts up to here
        std::size_t maxTrackedSessions = 750'000;
        std::size_t topCapacity = 10'000;    // all-time Space-Saving counters per kind
        std::size_t bucketTopCapacity = 128; // per 10-second bucket
        std::size_t topUserCandidates = 64;  // highest scores kept per bucket and all time
        // For the analytics worker: on start, re-read each partition from (now - 60 min -
        // allowed lateness) so a restart does not empty the windows. Off with --from-beginning.
        bool rebuildWindowsOnStart = true;
    };

    static constexpr std::int64_t kBucketMs = 10'000;
    static constexpr int kBucketsPerMinute = 6;
    static constexpr int kWindowBuckets = 60 * kBucketsPerMinute;
    // Buckets ahead of "now" that partitions read ahead of the slowest may fill. The consumer
    // applies no event more than kMaxPartitionLeadMs ahead of "now" (PartitionFlow); the rest
    // is margin. Past it the oldest buckets would be recycled, which only the slowest
    // partition's oldest events could miss (counted late).
    static constexpr int kAheadBuckets = 15 * kBucketsPerMinute;
    static constexpr std::int64_t kMaxPartitionLeadMs = 10 * 60'000;
    static constexpr int kRingBuckets = kWindowBuckets + 12 + kAheadBuckets; // 12: late events
    static constexpr int kSeriesSeconds = 15 * 60;
    static constexpr int kSeriesRingSeconds = kSeriesSeconds + kAheadBuckets * 10;
    static constexpr int kSnapshotSeriesSeconds = kSeriesSeconds;
    static constexpr std::size_t kTopPages = 10;
    static constexpr std::size_t kTopUsers = 10;
    static constexpr std::size_t kTopProducts = 10;
    static constexpr std::size_t kTopCities = 200; // the world map draws each of them
    // Documented activity-score weights, by EventType.
    static constexpr std::array<std::uint32_t, kEventTypeCount> kScoreWeights = {1, 2,  2, 1, 5, 2,
                                                                                 8, 10, 5, 1, 1, 1};

    AnalyticsAggregator();
    explicit AnalyticsAggregator(Settings settings);
    ~AnalyticsAggregator();
    AnalyticsAggregator(AnalyticsAggregator &&) noexcept;
    AnalyticsAggregator &operator=(AnalyticsAggregator &&) noexcept;

    // `partition`: the Kafka partition the event came from (0 when there is only one).
    void apply(const Event &event, std::int32_t partition = 0);
    // From the consumer: the partition is caught up and quiet (or has data again).
    void setPartitionIdle(std::int32_t partition, bool idle) { clock_.setIdle(partition, idle); }
    // From the consumer: it holds back the partition's next event, at eventMs + 1 or later, so
    // the partition's time may move to eventMs without an event.
    void notePartitionTime(std::int32_t partition, std::int64_t eventMs) {
        clock_.observe(partition, eventMs);
    }
    AnalyticsSnapshot snapshot(std::int64_t nowMs) const;
    // Adds another aggregator's windows, totals, series and clock into this one, bucket by
    // aligned bucket: for a merged view over partitions (docs/scaling.md). Counts, revenue and
    // distinct users add exactly because a user's events all live in one partition; sketches
    // merge by register maximum, top-N summaries by Space-Saving's merge (counts may then
    // over-estimate by the inputs' errors, and topExact says so). Users and sessions are not
    // merged: a merged aggregator is for snapshot() only, never for apply().
    void mergeFrom(const AnalyticsAggregator &other);
    // For a merged aggregator kept from one snapshot to the next (AnalyticsGlobalView): makes
    // it what a new aggregator's mergeFrom() of each of `parts` in turn would be, but keeps
    // the sketches and top-N summaries of each ring bucket into which no part has counted an
    // event since the last rebuild. Only the newest buckets take events, so a rebuild merges
    // their summaries rather than the whole hour's (docs/performance.md).
    void rebuildFrom(const std::vector<const AnalyticsAggregator *> &parts);

    std::uint64_t late() const { return late_; }
    // Where the windows end: PartitionClock::nowMs(), or kNone before the first event.
    std::int64_t eventNowMs() const { return clock_.nowMs(); }
    const PartitionClock &clock() const { return clock_; }
    const Settings &settings() const { return settings_; }
    // Users and sessions held for the windows (see forgetQuiet()), and the bytes their tables
    // take: docs/memory.md's formula reads them.
    std::size_t trackedUsers() const { return users_.size(); }
    std::size_t trackedSessions() const { return sessions_.size(); }
    std::size_t tableBytes() const {
        return users_.capacity() * users_.slotBytes() +
               sessions_.capacity() * sessions_.slotBytes();
    }
    // Users and sessions forgotten so far because they fell out of the longest window.
    std::uint64_t forgotten() const { return forgotten_; }
    std::size_t businessTableBytes() const;
    // The business metrics (campaigns, experiments, journeys, ...): fed by apply(), merged by
    // mergeFrom(), shown in snapshot().business and written into checkpoints.
    BusinessAnalytics &business() { return *business_; }

private:
    friend class AnalyticsStateCodec; // checkpoints: writes and restores every member below
    // A user's bucket of something they have not done (the same as kNever in the source).
    static constexpr std::int32_t kNeverBucket = std::numeric_limits<std::int32_t>::min();
    struct UserState {
        std::int32_t seen;
        std::array<std::int32_t, kFunnelStages.size()> stage;
        // run[k - 1]: the latest bucket that starts an in-order run from a page view to stage k
        // (the sequential funnel); kNever while there is none.
        std::array<std::int32_t, kFunnelStages.size() - 1> run;
        std::uint16_t country;
        std::uint16_t city;
        std::uint8_t reached; // all-time: bit per funnel stage
        std::uint8_t ran;     // all-time: bit per stage of the sequential funnel reached
        std::uint8_t held;    // kHeldAllTime, kHeldInBucket: in that TopScores set
        // Interned ids of the user's latest device type, browser and OS, so that the next
        // event skips the interners when they repeat (0: none; not in checkpoints).
        std::uint8_t device;
        std::uint8_t browser;
        std::uint8_t os;
        std::uint32_t score; // all time
        std::uint32_t events;
        std::uint32_t bucketScore; // in bucket `seen`
        std::uint32_t bucketEvents;
    };
    static constexpr std::uint8_t kHeldAllTime = 1;
    static constexpr std::uint8_t kHeldInBucket = 2;
    // UserState::reached's bits of the cart and purchase stages: abandoned carts' "both".
    static constexpr std::uint8_t kCartAndPurchaseBits = (1u << 2) | (1u << 4);
    struct SessionState {
        std::int32_t seen;
    };
    struct SecondBucket {
        std::int64_t second = -1;
        std::array<std::uint32_t, kEventTypeCount> byType{};
        std::int64_t revenueCents = 0;
    };

    AnalyticsBucket *liveBucket(std::int64_t number);
    void advanceTo(std::int64_t bucket);
    // Once a minute of event time: forgets the users and sessions last seen before every
    // window (60 minutes plus the allowed lateness), so that the tables hold the users of the
    // longest window rather than every user ever seen. One who comes back counts again in the
    // all-time distinct counts, as a session after a long pause is a new session.
    void forgetQuiet();
    void count(AnalyticsBucket &b, const Event &e, const EventKeys &k) const;
    void advanceRun(UserState &u, int stage, std::int32_t bucket);
    // Fills the event's place and device ids in `k`, starting from the ones `u` saw last.
    void internPlaceAndDevice(const Event &e, UserState *u, EventKeys &k);
    void trackUser(UserState *u, bool inserted, const EventKeys &k, std::string_view userId,
                   AnalyticsBucket *window, std::int32_t bucket);
    void score(UserState &u, const EventKeys &k, std::string_view userId, AnalyticsBucket *window,
               std::int32_t bucket);
    // True when the session is new, or unknown because the table is full.
    bool trackSession(std::uint64_t hash, AnalyticsBucket *window, std::int32_t bucket);
    void fillWindow(WindowMetrics &w, const WindowTotals &t) const;
    void startSketches();
    void mergeBucket(AnalyticsBucket &into, const AnalyticsBucket &from,
                     const InternerMaps &ids) const;
    void mergeCounters(AnalyticsBucket &into, const AnalyticsBucket &from,
                       const InternerMaps &ids) const;
    // Everything but the ring: interners, clock, totals, series and the business metrics.
    InternerMaps mergeAllButRing(const AnalyticsAggregator &other);
    // rebuildFrom()'s ring: `parts` and their interner maps, in the same order.
    void rebuildRing(const std::vector<const AnalyticsAggregator *> &parts,
                     const std::vector<InternerMaps> &ids);

    Settings settings_;
    PartitionClock clock_;
    std::int64_t lastBucket_ = AnalyticsBucket::kUnused;
    std::uint64_t late_ = 0;
    std::int64_t nextForgetBucket_ = AnalyticsBucket::kUnused;
    std::uint64_t forgotten_ = 0;
    std::vector<std::uint64_t> forgottenSessions_; // reused by forgetQuiet()
    std::vector<std::uint64_t> forgottenUsers_;    // likewise
    // The all-time distinct counts across forgetting: exact until forgetQuiet() first forgets,
    // then also sketched (DistinctCount), fed only where a user or session enters its table.
    struct AllTimeDistinct {
        DistinctCount users, sessions, cartAndPurchase;
        std::array<DistinctCount, kFunnelStages.size()> stages;
        bool estimated() const;
    };
    AllTimeDistinct allTimeDistinct_;
    bool forgetting_ = false; // forgetQuiet() has forgotten a user or session
    // At the first forgetting: every user and session the tables hold, into the sketches.
    void seedAllTimeDistinct();
    // A user or session could not be tracked exactly. Only from then on are the HyperLogLog
    // sketches fed (startSketches() backfills them from the tables), so that while counts are
    // exact no bucket holds 8 x 16 KiB of registers: per-partition state stays small.
    bool overflowed_ = false;
    std::unique_ptr<AnalyticsBucket> allTime_;
    std::unique_ptr<BusinessAnalytics> business_;
    std::vector<AnalyticsBucket> ring_;
    std::array<SecondBucket, kSeriesRingSeconds> series_{};
    FlatHashTable<UserState> users_;
    FlatHashTable<SessionState> sessions_;
    BoundedInterner currencies_{256};
    BoundedInterner countries_{256};
    BoundedInterner cities_{2048};
    std::vector<std::uint32_t> cityCountry_{0}; // city id -> country id
    std::vector<CityPlace> cityPlaces_; // city id -> where the map draws it; grows on first use
    BoundedInterner deviceTypes_{64};
    BoundedInterner browsers_{64};
    BoundedInterner operatingSystems_{64};
    std::string cityKey_; // reused buffer: "country/city"
    // Renewed whenever the ring's summaries may change other than by an event counted into
    // their bucket (a restore, the sketches' backfill): rebuildFrom()'s cache reads it.
    StateStamp stamp_;
    // rebuildFrom()'s cache: the parts' stamps at the last rebuild, and by ring slot the
    // bucket's number and the events each part had counted into it when the slot's summaries
    // were last merged (empty: not merged).
    std::vector<std::uint64_t> mergedStamps_;
    std::vector<std::vector<std::uint64_t>> mergedInputs_;
};

} // namespace trackboard
