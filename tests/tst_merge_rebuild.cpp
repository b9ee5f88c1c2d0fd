// The global view's merged aggregator is kept from snapshot to snapshot and rebuilt from the
// partitions' states, reusing the summaries of buckets no partition has counted into since
// (AnalyticsAggregator::rebuildFrom). Whatever happens between rebuilds, its snapshot must be
// exactly that of a new aggregator merging the same states: events in new and old buckets,
// late events, a state restored from a checkpoint, a partition taken away and given back,
// the sketches starting, and the ring moving on by more than its length.
#include "analytics_global_view.h"
#include "analytics_test_events.h"
#include "simulator.h"
#include "text_hash.h"

#include <QtTest>

#include <random>
#include <vector>

using namespace trackboard;

namespace {

constexpr std::int32_t kPartitions = 4;
constexpr std::int64_t kStartMs = 1'709'294'400'000;

// Simulated traffic from `startMs` at `eventsPerSecond` of event time, one in 30 events up to
// 50 s out of order: some land in earlier buckets, some are late.
class Traffic {
public:
    Traffic(std::uint64_t seed, std::int64_t startMs, int eventsPerSecond)
        : sim_(config(seed))
        , rng_(seed)
        , nowMs_(startMs)
        , stepMs_(1000 / eventsPerSecond) {
        sim_.setTargetSessions(300);
    }

    // The next `count` events into `parts`, each on the partition its user hashes to.
    void feed(std::vector<AnalyticsAggregator> &parts, int count) {
        Event e;
        for (int i = 0; i < count; ++i) {
            nowMs_ += stepMs_;
            std::int64_t t = nowMs_;
            if (rng_() % 30 == 0) {
                t -= std::int64_t(rng_() % 50'000);
            }
            sim_.next(t, e);
            const auto p = std::int32_t(hashText(e.userId) % parts.size());
            parts[std::size_t(p)].apply(e, p);
        }
    }
    void skip(std::int64_t ms) { nowMs_ += ms; }
    std::int64_t nowMs() const { return nowMs_; }

private:
    static SimulatorConfig config(std::uint64_t seed) {
        SimulatorConfig c;
        c.seed = seed;
        c.eventIdSeed = seed;
        return c;
    }

    Simulator sim_;
    std::mt19937_64 rng_;
    std::int64_t nowMs_;
    std::int64_t stepMs_;
};

std::vector<AnalyticsAggregator> makeParts(const AnalyticsAggregator::Settings &settings) {
    std::vector<AnalyticsAggregator> parts;
    for (int p = 0; p < kPartitions; ++p) {
        parts.emplace_back(settings);
    }
    return parts;
}

std::vector<const AnalyticsAggregator *> pointers(const std::vector<AnalyticsAggregator> &parts,
                                                  int leaveOut = -1) {
    std::vector<const AnalyticsAggregator *> out;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        if (int(p) != leaveOut) {
            out.push_back(&parts[p]);
        }
    }
    return out;
}

// The rebuilt aggregator's snapshot against a new one merging the same parts.
void compareWithNewMerge(AnalyticsAggregator &kept,
                         const std::vector<const AnalyticsAggregator *> &parts,
                         const AnalyticsAggregator::Settings &settings, std::int64_t nowMs) {
    kept.rebuildFrom(parts);
    AnalyticsAggregator fresh(settings);
    for (const AnalyticsAggregator *part : parts) {
        fresh.mergeFrom(*part);
    }
    const AnalyticsSnapshot got = kept.snapshot(nowMs);
    const AnalyticsSnapshot want = fresh.snapshot(nowMs);
    QVERIFY(want.events > 0 || parts.empty());
    QCOMPARE(got.events, want.events);
    QCOMPARE(got.late, want.late);
    QCOMPARE(got.watermarkMs, want.watermarkMs);
    for (std::size_t w = 0; w < kAnalyticsWindowCount; ++w) {
        QVERIFY2(got.windows[w] == want.windows[w], qPrintable(QStringLiteral("window %1").arg(w)));
    }
    QVERIFY(got.eventsPerSecond == want.eventsPerSecond);
    QVERIFY(got.eventsPerBucket == want.eventsPerBucket);
    QVERIFY(got.revenueCentsPerBucket == want.revenueCentsPerBucket);
    QVERIFY(got.business == want.business);
}

} // namespace

class TestMergeRebuild : public QObject {
    Q_OBJECT

private slots:
    void rebuildEqualsNewMergeAsTrafficGoesOn() {
        const AnalyticsAggregator::Settings settings;
        auto parts = makeParts(settings);
        Traffic traffic(11, kStartMs, 50);
        AnalyticsAggregator kept(settings);
        for (int round = 0; round < 40; ++round) {
            traffic.feed(parts, 400); // 8 s of event time: the newest one or two buckets
            compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
            if (QTest::currentTestFailed()) {
                QFAIL(qPrintable(QStringLiteral("round %1").arg(round)));
            }
        }
        // Nothing new: everything is reused, and the figures stay the same.
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
    }

    void restoredTakenAwayAndGivenBackPartitions() {
        const AnalyticsAggregator::Settings settings;
        auto parts = makeParts(settings);
        Traffic traffic(12, kStartMs, 50);
        AnalyticsAggregator kept(settings);
        traffic.feed(parts, 6'000);
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());

        // A partition's state replaced wholesale at the same address, as a restore does:
        // same bucket numbers, same or fewer events, other contents.
        Traffic otherTraffic(99, kStartMs, 50);
        std::vector<AnalyticsAggregator> otherParts = makeParts(settings);
        otherTraffic.feed(otherParts, 6'000);
        parts[1] = std::move(otherParts[1]);
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());

        compareWithNewMerge(kept, pointers(parts, 2), settings, traffic.nowMs());
        traffic.feed(parts, 1'000);
        compareWithNewMerge(kept, pointers(parts, 2), settings, traffic.nowMs());
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
        compareWithNewMerge(kept, {}, settings, traffic.nowMs());
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
    }

    // Without the partition that led, the ring ends earlier, and buckets the kept ring had
    // recycled for the leader's sake come back into the 60-minute window.
    void thePartitionFarAheadTakenAway() {
        const AnalyticsAggregator::Settings settings;
        auto parts = makeParts(settings);
        Traffic traffic(15, kStartMs, 5);
        traffic.feed(parts, 5 * 3'900); // 65 minutes
        const std::int64_t ahead = traffic.nowMs() + 20 * 60'000;
        parts[3].apply(test::activity(EventType::PageView, "leader", ahead, "/ahead"), 3);
        AnalyticsAggregator kept(settings);
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
        compareWithNewMerge(kept, pointers(parts, 3), settings, traffic.nowMs());
    }

    void sketchesStartingAndTheRingMovingOn() {
        AnalyticsAggregator::Settings settings;
        settings.maxTrackedUsers = 60; // the sketches start part-way through
        settings.maxTrackedSessions = 60;
        auto parts = makeParts(settings);
        Traffic traffic(13, kStartMs, 50);
        AnalyticsAggregator kept(settings);
        for (int round = 0; round < 6; ++round) {
            traffic.feed(parts, 500);
            compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
        }
        // Past the ring's length: every bucket is new.
        traffic.skip(std::int64_t(AnalyticsAggregator::kRingBuckets) *
                     AnalyticsAggregator::kBucketMs);
        traffic.feed(parts, 500);
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
    }

    // The cache knows a bucket by its slot, its number, and each part's stamp and count of
    // events in it: these two change one of them at a time.
    void aNewBucketInTheSameSlotWithTheSameCountIsMergedAgain() {
        const AnalyticsAggregator::Settings settings;
        std::vector<AnalyticsAggregator> parts = makeParts(settings);
        parts[0].apply(test::activity(EventType::PageView, "u1", test::kEdgeMs, "/first"), 0);
        AnalyticsAggregator kept(settings);
        compareWithNewMerge(kept, pointers(parts), settings, test::kEdgeMs);
        const std::int64_t later = test::kEdgeMs + std::int64_t(AnalyticsAggregator::kRingBuckets) *
                                                       AnalyticsAggregator::kBucketMs;
        parts[0].apply(test::activity(EventType::PageView, "u2", later, "/second"), 0);
        compareWithNewMerge(kept, pointers(parts), settings, later);
        QCOMPARE(kept.snapshot(later).window(AnalyticsWindow::Last1Min).topPages.at(0).key,
                 std::string("/second"));
    }

    void aStateReplacedWithTheSameCountsIsMergedAgain() {
        const AnalyticsAggregator::Settings settings;
        std::vector<AnalyticsAggregator> parts = makeParts(settings);
        std::vector<AnalyticsAggregator> renamed = makeParts(settings);
        for (int i = 0; i < 50; ++i) {
            const std::int64_t t = test::kEdgeMs + i * 700;
            const std::string user = "u" + std::to_string(i % 7);
            parts[0].apply(test::activity(EventType::PageView, user, t, "/a"), 0);
            renamed[0].apply(test::activity(EventType::PageView, user, t, "/b"), 0);
        }
        const std::int64_t now = test::kEdgeMs + 50 * 700;
        AnalyticsAggregator kept(settings);
        compareWithNewMerge(kept, pointers(parts), settings, now);
        parts[0] = std::move(renamed[0]); // same buckets, same counts, other pages
        compareWithNewMerge(kept, pointers(parts), settings, now);
        QCOMPARE(kept.snapshot(now).window(AnalyticsWindow::Last1Min).topPages.at(0).key,
                 std::string("/b"));
    }

    void aMergeIntoTheKeptAggregatorIsNotReusedByARebuild() {
        const AnalyticsAggregator::Settings settings;
        auto parts = makeParts(settings);
        Traffic traffic(14, kStartMs, 50);
        AnalyticsAggregator kept(settings);
        traffic.feed(parts, 3'000);
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
        kept.mergeFrom(parts[0]); // adds to every bucket's summaries
        compareWithNewMerge(kept, pointers(parts), settings, traffic.nowMs());
    }
};

QTEST_APPLESS_MAIN(TestMergeRebuild)
#include "tst_merge_rebuild.moc"
