// All-time distinct counts across forgetting (docs/memory.md): exact until the
// first sweep forgets anyone, then HyperLogLog estimates that count a returning user once; the
// business tables forget with the analytics, so that they stop growing; checkpoints carry the
// sketches and still read what earlier builds wrote.
#include "analytics_state_codec.h"
#include "analytics_test_events.h"
#include "distinct_count.h"
#include "segment_metrics.h"

#include <QtTest>

#include <cstdlib>

using namespace trackboard;
using namespace trackboard::test;

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

// `users` (at most 30,000) users view a page in the first 30 s; "busy" clicks every minute up to
// 13:01:10, when the sweep forgets the others (quiet for longer than the 60-minute window and 30 s
// lateness).
void visitThenForget(AnalyticsAggregator &a, int users, const std::string &prefix,
                     std::int64_t startMs) {
    for (int i = 0; i < users; ++i) {
        a.apply(activity(EventType::PageView, prefix + std::to_string(i), startMs + i));
    }
    for (int minute = 0; minute <= 61; ++minute) {
        a.apply(activity(EventType::Click, "busy", startMs + minute * kMinuteMs + 10'000));
    }
}

bool within(std::uint64_t figure, std::uint64_t truth, double share) {
    return std::abs(double(figure) - double(truth)) <= share * double(truth);
}

std::string encode(const AnalyticsAggregator &a) {
    std::string bytes;
    AnalyticsStateCodec::encode({"g", "user-activities", 0, 1, 2, 3}, a, bytes);
    return bytes;
}

} // namespace

class TestDistinctForgetting : public QObject {
    Q_OBJECT

private slots:
    // Keys 1-5 enter; the owner starts forgetting (seeds all five) and forgets 1 and 2, which
    // come back: 7 entries, 2 forgotten, 5 held, 5 distinct. The sketch of 5 keys reads 5.
    void distinctCountIsExactUntilItForgets() {
        DistinctCount c;
        for (std::uint64_t k = 1; k <= 5; ++k) {
            c.enter(mixHash(k), false);
        }
        QCOMPARE(c.value(), std::uint64_t(5));
        QVERIFY(!c.estimated());
        for (std::uint64_t k = 1; k <= 5; ++k) {
            c.seed(mixHash(k));
        }
        QCOMPARE(c.value(), std::uint64_t(5)); // seeded, nothing forgotten: still exact
        QVERIFY(!c.estimated());
        c.forget();
        c.forget();
        c.enter(mixHash(1), true);
        c.enter(mixHash(2), true);
        QCOMPARE(c.entered(), std::uint64_t(7));
        QVERIFY(c.estimated());
        QCOMPARE(c.value(), std::uint64_t(5));
        // Another partition's exact 3 adds: partitions hold different users.
        DistinctCount other;
        for (std::uint64_t k = 10; k < 13; ++k) {
            other.enter(mixHash(k), false);
        }
        DistinctCount merged;
        merged.mergeFrom(c);
        merged.mergeFrom(other);
        QCOMPARE(merged.value(), std::uint64_t(8));
        QVERIFY(merged.estimated());
    }

    // 200,000 users in the first 30 s, and "busy"; all but the 64 all-time top candidates are
    // forgotten at 13:01:10 (the window and lateness reach back to 12:00:40),
    // and half of them come back at 13:02. Without the sketch the all-time users would read
    // 300,001; the truth is 200,001, and the estimate must be within 2 % (2.5 standard errors).
    void aReturningUserCountsOnce() {
        AnalyticsAggregator a(withLateness(30'000));
        constexpr int kUsers = 200'000;
        for (int i = 0; i < kUsers; ++i) {
            a.apply(activity(EventType::PageView, "u" + std::to_string(i), kEdgeMs + i % 30'000));
        }
        for (int minute = 0; minute <= 60; ++minute) {
            a.apply(activity(EventType::Click, "busy", kEdgeMs + minute * kMinuteMs + 10'000));
        }
        // Before the first forgetting: exact, and said to be.
        AnalyticsSnapshot s = a.snapshot(kEdgeMs + 60 * kMinuteMs + 10'000);
        QCOMPARE(win(s, AnalyticsWindow::AllTime).activeUsers, std::uint64_t(kUsers + 1));
        QVERIFY(win(s, AnalyticsWindow::AllTime).distinctExact);
        QCOMPARE(s.business.features.visitors, std::uint64_t(kUsers + 1));
        QVERIFY(!s.business.features.visitorsEstimated);
        QCOMPARE(s.business.campaigns.channels.at(0).visitors, std::uint64_t(kUsers + 1));
        QVERIFY(!s.business.campaigns.channels.at(0).estimated);

        a.apply(activity(EventType::Click, "busy", kEdgeMs + 61 * kMinuteMs + 10'000));
        QVERIFY(a.trackedUsers() <= 64 + 1);
        QVERIFY(a.forgotten() >= std::uint64_t(kUsers - 64));
        for (int i = 0; i < kUsers / 2; ++i) {
            a.apply(activity(EventType::PageView, "u" + std::to_string(i),
                             kEdgeMs + 62 * kMinuteMs + i % 1000));
        }
        s = a.snapshot(kEdgeMs + 63 * kMinuteMs);
        const WindowMetrics &all = win(s, AnalyticsWindow::AllTime);
        QVERIFY(!all.distinctExact);
        QVERIFY2(within(all.activeUsers, kUsers + 1, 0.02),
                 std::to_string(all.activeUsers).c_str());
        // Page viewers: the 200,000 ("busy" only clicks).
        QVERIFY2(within(s.funnelUsers[0], kUsers, 0.02), std::to_string(s.funnelUsers[0]).c_str());
        // The windows stay exact: the last hour holds the 100,000 back and "busy".
        QCOMPARE(win(s, AnalyticsWindow::Last60Min).activeUsers, std::uint64_t(kUsers / 2 + 1));
        // The business counts the same way.
        QVERIFY(s.business.features.visitorsEstimated);
        QVERIFY2(within(s.business.features.visitors, kUsers + 1, 0.02),
                 std::to_string(s.business.features.visitors).c_str());
        const CampaignRow &direct = s.business.campaigns.channels.at(0);
        QVERIFY(direct.estimated);
        QVERIFY2(within(direct.visitors, kUsers + 1, 0.02),
                 std::to_string(direct.visitors).c_str());
        const AudienceGroup &newUsers = s.business.segments.visitorTypes.at(0);
        QVERIFY(newUsers.estimated);
        QVERIFY2(within(newUsers.users, kUsers + 1, 0.02), std::to_string(newUsers.users).c_str());
    }

    // Each hour a new cohort of 5,000 users visits, and the last is forgotten: once as many are
    // forgotten as arrive, the business tables keep their size (they no longer double).
    void businessTablesStopGrowing() {
        AnalyticsAggregator a(withLateness(30'000));
        std::size_t bytesAfterCohort2 = 0;
        for (int cohort = 0; cohort < 6; ++cohort) {
            visitThenForget(a, 5000, "c" + std::to_string(cohort) + "-",
                            kEdgeMs + cohort * 62 * kMinuteMs);
            QVERIFY(a.trackedUsers() <= 64 + 1);
            if (cohort == 2) {
                bytesAfterCohort2 = a.businessTableBytes();
            }
        }
        QVERIFY(bytesAfterCohort2 > 0);
        QCOMPARE(a.businessTableBytes(), bytesAfterCohort2);
        const AnalyticsSnapshot s = a.snapshot(kEdgeMs + 6 * 62 * kMinuteMs);
        // 30,001 distinct users in all, the sketch's estimate within 2 %.
        QVERIFY(within(win(s, AnalyticsWindow::AllTime).activeUsers, 30'001, 0.02));
        QVERIFY(within(s.business.features.visitors, 30'001, 0.02));
    }

    // A checkpoint after forgetting restores the sketches: the same figures, still estimates,
    // and a user back afterwards is still counted once.
    void checkpointsCarryTheSketches() {
        AnalyticsAggregator a(withLateness(30'000));
        visitThenForget(a, 3000, "u", kEdgeMs);
        const std::string bytes = encode(a);
        AnalyticsAggregator restored(withLateness(30'000));
        AnalyticsCheckpoint meta;
        std::string error;
        QVERIFY2(AnalyticsStateCodec::decode(bytes, meta, restored, error), error.c_str());
        const std::int64_t at = kEdgeMs + 62 * kMinuteMs;
        for (AnalyticsAggregator *x : {&a, &restored}) {
            for (int i = 0; i < 1000; ++i) {
                x->apply(activity(EventType::PageView, "u" + std::to_string(i), at + i));
            }
        }
        const AnalyticsSnapshot before = a.snapshot(at + kMinuteMs);
        const AnalyticsSnapshot after = restored.snapshot(at + kMinuteMs);
        QVERIFY(!win(after, AnalyticsWindow::AllTime).distinctExact);
        QCOMPARE(win(after, AnalyticsWindow::AllTime).activeUsers,
                 win(before, AnalyticsWindow::AllTime).activeUsers);
        QVERIFY(within(win(after, AnalyticsWindow::AllTime).activeUsers, 3001, 0.02));
        QVERIFY(after.business == before.business);
        QVERIFY(after.business.features.visitorsEstimated);
    }

    // What the build before forgetting wrote: version 4 (version 5's layout before its last
    // section, which version 6 changed only in the users' funnel buckets), no section for the
    // all-time distinct counts (17 zero bytes here: the flag, then 8 counts x (forgotten 0, no
    // sketch)), and business blobs without theirs. It decodes, exact.
    void checkpointsWithoutSketchesStillRead() {
        AnalyticsAggregator a;
        a.apply(activity(EventType::PageView, "u", kEdgeMs), 0);
        a.apply(activity(EventType::PageView, "v", kEdgeMs + 1), 0);
        std::string v4;
        AnalyticsStateCodec::encode({"g", "user-activities", 0, 1, 2, 3}, a, v4, 5);
        QCOMPARE(int(v4[5]), 5);
        QCOMPARE(v4.substr(v4.size() - 17), std::string(17, '\0'));
        v4.resize(v4.size() - 17);
        v4[5] = 4;
        AnalyticsAggregator restored;
        AnalyticsCheckpoint meta;
        std::string error;
        QVERIFY2(AnalyticsStateCodec::decode(v4, meta, restored, error), error.c_str());
        restored.apply(activity(EventType::PageView, "w", kEdgeMs + 2), 0);
        const AnalyticsSnapshot s = restored.snapshot(kEdgeMs + 3);
        QCOMPARE(win(s, AnalyticsWindow::AllTime).activeUsers, std::uint64_t(3));
        QVERIFY(win(s, AnalyticsWindow::AllTime).distinctExact);

        // A segments blob as written before: its end (the flag, 12 counts x 2 zeros) cut off.
        SegmentMetrics segments;
        BusinessEventContext context{};
        context.userHash = mixHash(7);
        context.sessionHash = mixHash(8);
        context.sessionStart = true;
        segments.apply(activity(EventType::PageView, "u", kEdgeMs), context);
        std::string blob;
        VarintWriter w(blob);
        segments.encode(w);
        QCOMPARE(blob.substr(blob.size() - 25), std::string(25, '\0'));
        blob.resize(blob.size() - 25);
        SegmentMetrics back;
        VarintReader r(blob);
        QVERIFY(back.decode(r, true));
        QVERIFY(r.atEnd());
        VarintReader strict(blob); // in a version 5 checkpoint the section is required
        QVERIFY(!SegmentMetrics().decode(strict));
        SegmentReport want, got;
        segments.fill(want, 0);
        back.fill(got, 0);
        QVERIFY(got == want);
        QCOMPARE(got.visitorTypes.at(0).users, std::uint64_t(1));
        QVERIFY(!got.visitorTypes.at(0).estimated);
    }
};

QTEST_APPLESS_MAIN(TestDistinctForgetting)
#include "tst_distinct_forgetting.moc"
