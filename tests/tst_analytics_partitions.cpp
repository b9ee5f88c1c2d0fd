// Event time per partition (issue 21): lateness against the event's own partition, windows that
// start from the minimum over active partitions, idle partitions, and a partition read far ahead
// of the others as a consumer does with a backlog.
#include "analytics_test_events.h"

#include <QtTest>

#include <vector>

using namespace trackboard;
using namespace trackboard::test;

using W = AnalyticsWindow;

namespace {

constexpr std::int64_t kMinute = 60'000;

struct Sent {
    std::int32_t partition;
    std::int64_t timeMs;
};

// The documented boundary (docs/analytics.md): the window "last N minutes" holds every on-time
// event whose bucket is at or after the bucket of "now" minus 6N - 1, including buckets ahead
// of "now".
std::uint64_t inWindow(const std::vector<Sent> &sent, std::int64_t nowMs, int minutes) {
    const std::int64_t first = nowMs / AnalyticsAggregator::kBucketMs - minutes * 6 + 1;
    std::uint64_t n = 0;
    for (const Sent &e : sent) {
        n += e.timeMs / AnalyticsAggregator::kBucketMs >= first ? 1 : 0;
    }
    return n;
}

void send(AnalyticsAggregator &a, std::vector<Sent> &sent, std::int32_t partition,
          std::int64_t timeMs) {
    a.apply(activity(EventType::PageView, "user-" + std::to_string(partition), timeMs), partition);
    sent.push_back({partition, timeMs});
}

void checkWindows(const AnalyticsAggregator &a, const std::vector<Sent> &sent,
                  std::int64_t expectedNowMs) {
    const AnalyticsSnapshot s = a.snapshot(0);
    QCOMPARE(s.watermarkMs, expectedNowMs);
    QCOMPARE(s.seriesEndSecond, expectedNowMs / 1000);
    for (const W w : {W::Last1Min, W::Last5Min, W::Last15Min, W::Last60Min}) {
        const int minutes = kAnalyticsWindowMinutes[std::size_t(w)];
        QCOMPARE(win(s, w).events, inWindow(sent, expectedNowMs, minutes));
    }
    QCOMPARE(win(s, W::AllTime).events, std::uint64_t(sent.size()));
}

} // namespace

class TestAnalyticsPartitions : public QObject {
    Q_OBJECT

private slots:
    // librdkafka hands a backlog over partition by partition: all of partition 0's 20 minutes,
    // then partition 1's. In order within each partition, so nothing is late, even with no
    // allowed lateness; "now" is the slower partition's latest event time.
    void partitionReadFarAhead_data() {
        QTest::addColumn<qint64>("lateness");
        QTest::newRow("30 s") << qint64(30'000);
        QTest::newRow("none") << qint64(0);
    }

    void partitionReadFarAhead() {
        QFETCH(qint64, lateness);
        AnalyticsAggregator a(withLateness(lateness));
        std::vector<Sent> sent;
        const std::int64_t t0 = kEdgeMs;
        for (std::int64_t t = t0; t < t0 + 20 * kMinute; t += 7'000) {
            send(a, sent, 0, t);
        }
        const std::int64_t end0 = sent.back().timeMs;
        checkWindows(a, sent, end0); // only partition 0 seen so far
        for (std::int64_t t = t0 + 3'000; t < t0 + 6 * kMinute; t += 5'000) {
            send(a, sent, 1, t);
        }
        QCOMPARE(a.late(), 0u);
        // "now" fell back to partition 1, 14 minutes behind: partition 0's buckets ahead of it
        // are on time and in every window, its older ones in the windows that reach them.
        checkWindows(a, sent, sent.back().timeMs);
        QVERIFY(win(a.snapshot(0), W::Last1Min).events > 12 + 1); // more than partition 1's
        for (std::int64_t t = t0 + 6 * kMinute; t < t0 + 25 * kMinute; t += 5'000) {
            send(a, sent, 1, t);
        }
        QCOMPARE(a.late(), 0u);
        checkWindows(a, sent, end0); // partition 1 passed partition 0: the minimum is 0's again
        QCOMPARE(win(a.snapshot(0), W::Last60Min).events, std::uint64_t(sent.size()));
    }

    // A partition that is caught up and quiet does not hold the others back; with its next
    // event it is active again, and that event, in order in its own partition, is not late
    // however far the others have gone.
    void idlePartitionAndOneThatComesBack() {
        AnalyticsAggregator a; // 30 s allowed lateness
        std::vector<Sent> sent;
        const std::int64_t t0 = kEdgeMs;
        send(a, sent, 1, t0);
        for (std::int64_t t = t0; t <= t0 + 10 * kMinute; t += 10'000) {
            send(a, sent, 0, t);
        }
        checkWindows(a, sent, t0); // partition 1 holds "now" back
        a.setPartitionIdle(1, true);
        checkWindows(a, sent, t0 + 10 * kMinute);
        QCOMPARE(win(a.snapshot(0), W::Last1Min).events, 6u);

        send(a, sent, 1, t0 + 30'000); // back, 9.5 minutes behind partition 0
        QCOMPARE(a.late(), 0u);
        QVERIFY(!a.clock().idle(1));
        checkWindows(a, sent, t0 + 30'000);
        // Every partition idle: everything read is complete, so "now" is the newest event.
        a.setPartitionIdle(0, true);
        a.setPartitionIdle(1, true);
        checkWindows(a, sent, t0 + 10 * kMinute);
    }

    // Lateness is judged in the event's own partition: an event older than its partition's
    // latest minus the allowed lateness is late, even when the other partitions are behind it.
    void trulyLateEventInItsOwnPartition() {
        AnalyticsAggregator a; // 30 s
        const std::int64_t t0 = kEdgeMs + 10 * kMinute;
        a.apply(activity(EventType::Click, "slow", t0 - 5 * kMinute), 0);
        a.apply(activity(EventType::Click, "fast", t0), 1);
        a.apply(activity(EventType::Click, "fast", t0 - 29'999), 1); // within the 30 s
        QCOMPARE(a.late(), 0u);
        a.apply(activity(EventType::Click, "fast", t0 - 30'001), 1);
        QCOMPARE(a.late(), 1u);
        // Older still, but in order for partition 0: on time.
        a.apply(activity(EventType::Click, "slow", t0 - 4 * kMinute), 0);
        QCOMPARE(a.late(), 1u);
        const AnalyticsSnapshot s = a.snapshot(0);
        QCOMPARE(s.watermarkMs, t0 - 4 * kMinute);
        QCOMPARE(win(s, W::Last60Min).events, 4u);
        QCOMPARE(win(s, W::AllTime).events, 5u);
    }

    // Memory stays bounded when a partition runs further ahead than the ring has room for (the
    // consumer pauses it long before): the slowest partition's oldest buckets are recycled, and
    // its events there count as late rather than landing in a bucket of another time.
    void ringRecyclesBeyondItsRoomAhead() {
        AnalyticsAggregator a(withLateness(0));
        const std::int64_t t0 = kEdgeMs;
        a.apply(activity(EventType::Click, "slow", t0), 0);
        a.apply(activity(EventType::Click, "fast", t0 + 10 * kMinute), 1);
        a.apply(activity(EventType::Click, "slow", t0 + 1), 0);
        QCOMPARE(a.late(), 0u); // 10 minutes ahead: within the room
        const std::int64_t beyond =
            std::int64_t(AnalyticsAggregator::kRingBuckets) * AnalyticsAggregator::kBucketMs;
        a.apply(activity(EventType::Click, "fast", t0 + beyond), 1);
        a.apply(activity(EventType::Click, "slow", t0 + 2), 0);
        QCOMPARE(a.late(), 1u);
        const AnalyticsSnapshot s = a.snapshot(0);
        QCOMPARE(s.watermarkMs, t0 + 2);
        QCOMPARE(win(s, W::Last60Min).events, 2u); // the two buckets still in the ring
        QCOMPARE(win(s, W::AllTime).events, 5u);
    }
};

QTEST_APPLESS_MAIN(TestAnalyticsPartitions)
#include "tst_analytics_partitions.moc"
