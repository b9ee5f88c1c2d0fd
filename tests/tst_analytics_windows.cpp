// Event-time windows: boundaries, lateness, distinct counts, funnel and cart abandonment per
// window, with hand-computed expectations.
#include "analytics_test_events.h"

#include <QtTest>

using namespace trackboard;
using namespace trackboard::test;

using W = AnalyticsWindow;
Q_DECLARE_METATYPE(trackboard::AnalyticsWindow)

class TestAnalyticsWindows : public QObject {
    Q_OBJECT

private slots:
    void emptyAggregatorHasEmptyWindows() {
        const AnalyticsSnapshot s = AnalyticsAggregator().snapshot(kEdgeMs);
        for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
            const WindowMetrics &w = s.windows[i];
            QCOMPARE(w.minutes, kAnalyticsWindowMinutes[i]);
            QCOMPARE(w.events, 0u);
            QCOMPARE(w.activeUsers, 0u);
            QVERIFY(w.topPages.empty());
            QVERIFY(w.countries.empty());
            QCOMPARE(w.funnel[0].users, 0u);
            QCOMPARE(w.funnel[0].conversionFromPrevious, 0.0);
            QCOMPARE(w.cartAbandonmentPercent, 0.0);
        }
        QCOMPARE(s.late, 0u);
    }

    // Windows are whole 10-second buckets ending with the watermark's bucket: 6, 30, 90 and
    // 360 of them. One event a millisecond either side of each edge.
    void windowBoundaries_data() {
        QTest::addColumn<qint64>("age");
        QTest::addColumn<int>("shortest"); // index of the shortest window holding it
        QTest::newRow("watermark") << qint64(0) << 0;
        QTest::newRow("previous bucket") << qint64(1) << 0;
        QTest::newRow("1m first bucket") << qint64(50'000) << 0;
        QTest::newRow("1m just outside") << qint64(50'001) << 1;
        QTest::newRow("5m first bucket") << qint64(290'000) << 1;
        QTest::newRow("5m just outside") << qint64(290'001) << 2;
        QTest::newRow("15m first bucket") << qint64(890'000) << 2;
        QTest::newRow("15m just outside") << qint64(890'001) << 3;
        QTest::newRow("60m first bucket") << qint64(3'590'000) << 3;
        QTest::newRow("60m just outside") << qint64(3'590'001) << 4;
    }

    void windowBoundaries() {
        QFETCH(qint64, age);
        QFETCH(int, shortest);
        AnalyticsAggregator aggregator(withLateness(60 * 60'000));
        aggregator.apply(activity(EventType::Click, "watermark", kEdgeMs));
        aggregator.apply(activity(EventType::PageView, "probe", kEdgeMs - age, "/probe"));
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        QCOMPARE(s.late, 0u);
        for (int i = 0; i < int(kAnalyticsWindowCount); ++i) {
            const WindowMetrics &w = s.windows[std::size_t(i)];
            const std::uint64_t expected = i >= shortest ? 1 : 0;
            QCOMPARE(w.eventsByType[std::size_t(EventType::PageView)], expected);
            QCOMPARE(w.topPages.size(), std::size_t(expected));
            QCOMPARE(w.activeUsers, 1 + expected);
        }
    }

    void lateness_data() {
        QTest::addColumn<qint64>("allowedMs");
        QTest::addColumn<qint64>("age");
        QTest::addColumn<bool>("late");
        QTest::newRow("in order") << qint64(30'000) << qint64(0) << false;
        QTest::newRow("a bit late") << qint64(30'000) << qint64(12'000) << false;
        QTest::newRow("exactly the allowed lateness") << qint64(30'000) << qint64(30'000) << false;
        QTest::newRow("one ms more") << qint64(30'000) << qint64(30'001) << true;
        QTest::newRow("no lateness allowed") << qint64(0) << qint64(1) << true;
        QTest::newRow("ten minutes allowed") << qint64(600'000) << qint64(599'999) << false;
    }

    void lateness() {
        QFETCH(qint64, allowedMs);
        QFETCH(qint64, age);
        QFETCH(bool, late);
        AnalyticsAggregator aggregator(withLateness(allowedMs));
        aggregator.apply(activity(EventType::Click, "a", kEdgeMs + 5'000));
        aggregator.apply(purchase("b", kEdgeMs + 5'000 - age, 700, "EUR"));
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        QCOMPARE(s.late, late ? 1u : 0u);
        QCOMPARE(aggregator.late(), s.late);
        // All time counts late events; the windows leave them out.
        QCOMPARE(win(s, W::AllTime).orders, 1u);
        QCOMPARE(win(s, W::AllTime).activeUsers, 2u);
        QCOMPARE(s.orders, 1u);
        QCOMPARE(s.revenueCents("EUR"), 700);
        QCOMPARE(win(s, W::Last60Min).orders, late ? 0u : 1u);
        QCOMPARE(win(s, W::Last60Min).activeUsers, late ? 1u : 2u);
        QCOMPARE(win(s, W::Last60Min).funnel[4].users, late ? 0u : 1u);
        std::int64_t seriesRevenue = 0;
        for (const auto cents : s.revenueCentsPerSecond) {
            seriesRevenue += cents;
        }
        QCOMPARE(seriesRevenue, late ? 0 : 700);
    }

    void lateEventLandsInItsOwnBucket() {
        AnalyticsAggregator aggregator;
        aggregator.apply(activity(EventType::Click, "a", kEdgeMs));
        aggregator.apply(activity(EventType::PageView, "b", kEdgeMs - 15'000)); // 2 buckets back
        aggregator.apply(activity(EventType::Click, "a", kEdgeMs + 50'000));    // 5 buckets on
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        // The 1-minute window is now buckets B..B+5: the page view (bucket B-2) has left it.
        QCOMPARE(win(s, W::Last1Min).events, 2u);
        QCOMPARE(win(s, W::Last1Min).activeUsers, 1u);
        QCOMPARE(win(s, W::Last5Min).events, 3u);
        QCOMPARE(win(s, W::Last5Min).activeUsers, 2u);
        QCOMPARE(s.late, 0u);
    }

    void windowsEmptyAfterAQuietHour() {
        AnalyticsAggregator aggregator;
        aggregator.apply(purchase("old", kEdgeMs, 100));
        aggregator.apply(activity(EventType::Click, "new", kEdgeMs + 2 * 3'600'000));
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        for (W w : {W::Last1Min, W::Last5Min, W::Last15Min, W::Last60Min}) {
            QCOMPARE(win(s, w).events, 1u);
            QCOMPARE(win(s, w).orders, 0u);
            QVERIFY(win(s, w).revenue.empty());
            QCOMPARE(win(s, w).activeUsers, 1u);
            QCOMPARE(win(s, w).funnel[4].users, 0u);
        }
        QCOMPARE(win(s, W::AllTime).events, 2u);
        QCOMPARE(win(s, W::AllTime).activeUsers, 2u);
        QCOMPARE(s.watermarkMs, kEdgeMs + 2 * 3'600'000);
    }

    void distinctUsersAndSessionsPerWindow() {
        AnalyticsAggregator aggregator;
        const std::int64_t twoMinutesAgo = kEdgeMs - 120'000;
        aggregator.apply(activity(EventType::PageView, "u1", twoMinutesAgo)); // 120 s: too old
        aggregator.apply(activity(EventType::PageView, "u2", twoMinutesAgo));
        aggregator.apply(activity(EventType::PageView, "u1", twoMinutesAgo + 1));
        aggregator.apply(activity(EventType::PageView, "u1", kEdgeMs));
        Event otherSession = activity(EventType::Click, "u1", kEdgeMs);
        otherSession.sessionId = "s-u1-second-visit";
        aggregator.apply(otherSession);
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        QCOMPARE(win(s, W::Last1Min).activeUsers, 1u);    // u1
        QCOMPARE(win(s, W::Last1Min).activeSessions, 2u); // both of u1's visits
        QCOMPARE(win(s, W::Last5Min).activeUsers, 2u);
        QCOMPARE(win(s, W::Last5Min).activeSessions, 3u);
        QCOMPARE(win(s, W::AllTime).activeUsers, 2u);
        QCOMPARE(win(s, W::AllTime).activeSessions, 3u);
        QVERIFY(win(s, W::AllTime).distinctExact);
    }

    void funnelAndCartAbandonmentPerWindow() {
        AnalyticsAggregator aggregator;
        const std::int64_t before = kEdgeMs - 120'000;
        aggregator.apply(activity(EventType::PageView, "u1", before));
        aggregator.apply(productEvent(EventType::ProductView, "u1", before, "p-1"));
        aggregator.apply(productEvent(EventType::AddToCart, "u1", before, "p-1"));
        aggregator.apply(productEvent(EventType::AddToCart, "u3", before, "p-2"));
        aggregator.apply(purchase("u3", before, 500));
        aggregator.apply(productEvent(EventType::AddToCart, "u2", kEdgeMs, "p-2"));
        aggregator.apply(purchase("u1", kEdgeMs, 1500));
        const AnalyticsSnapshot s = aggregator.snapshot(0);

        const WindowMetrics &minute = win(s, W::Last1Min);
        QCOMPARE(minute.funnel[0].users, 0u);
        QCOMPARE(minute.funnel[2].users, 1u); // u2's cart; u1's is older
        QCOMPARE(minute.funnel[4].users, 1u); // u1
        QCOMPARE(minute.cartUsers, 1u);
        QCOMPARE(minute.abandonedCarts, 1u); // u2 carted and did not buy in this minute
        QCOMPARE(minute.cartAbandonmentPercent, 100.0);

        for (W w : {W::Last5Min, W::AllTime}) {
            const WindowMetrics &m = win(s, w);
            QCOMPARE(m.funnel[0].users, 1u);
            QCOMPARE(m.funnel[1].users, 1u);
            QCOMPARE(m.funnel[2].users, 3u);
            QCOMPARE(m.funnel[3].users, 0u);
            QCOMPARE(m.funnel[4].users, 2u);
            QCOMPARE(m.funnel[0].conversionFromPrevious, 100.0);
            QCOMPARE(m.funnel[1].conversionFromPrevious, 100.0);
            QCOMPARE(m.funnel[1].conversionOverall, 100.0);
            QCOMPARE(m.funnel[3].dropOff, 3u);
            QCOMPARE(m.funnel[4].dropOff, 0u); // more buyers than checkouts: no negative drop
            QCOMPARE(m.funnel[4].conversionOverall, 200.0);
            QCOMPARE(m.cartUsers, 3u);
            QCOMPARE(m.abandonedCarts, 1u); // u2
            QCOMPARE(m.cartAbandonmentPercent, 100.0 / 3.0);
            QCOMPARE(m.orders, 2u);
            QCOMPARE(m.averageOrderValueCents, 1000);
        }
    }

    void topUsersByScoreWithTies() {
        AnalyticsAggregator aggregator(withLateness(60 * 60'000));
        aggregator.apply(activity(EventType::PageView, "u-d", kEdgeMs));           // 1
        aggregator.apply(activity(EventType::Click, "u-d", kEdgeMs));              // 1
        aggregator.apply(activity(EventType::PageView, "u-a", kEdgeMs));           // 1
        aggregator.apply(activity(EventType::PageView, "u-a", kEdgeMs));           // 1
        aggregator.apply(productEvent(EventType::AddToCart, "u-b", kEdgeMs, "p")); // 5
        aggregator.apply(purchase("u-c", kEdgeMs - 120'000, 100));                 // 10
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        const auto ids = [](const WindowMetrics &w) {
            QStringList out;
            for (const auto &u : w.topUsers) {
                out << QStringLiteral("%1=%2/%3")
                           .arg(QString::fromStdString(u.userId))
                           .arg(u.score)
                           .arg(u.events);
            }
            return out;
        };
        QCOMPARE(ids(win(s, W::AllTime)),
                 (QStringList{"u-c=10/1", "u-b=5/1", "u-a=2/2", "u-d=2/2"}));
        QCOMPARE(ids(win(s, W::Last1Min)), (QStringList{"u-b=5/1", "u-a=2/2", "u-d=2/2"}));
        QCOMPARE(ids(win(s, W::Last5Min)), ids(win(s, W::AllTime)));
    }

    void everyMetricIsPresentInEveryWindow_data() {
        QTest::addColumn<AnalyticsWindow>("window");
        QTest::newRow("1m") << W::Last1Min;
        QTest::newRow("5m") << W::Last5Min;
        QTest::newRow("15m") << W::Last15Min;
        QTest::newRow("60m") << W::Last60Min;
        QTest::newRow("all") << W::AllTime;
    }

    void everyMetricIsPresentInEveryWindow() {
        QFETCH(AnalyticsWindow, window);
        AnalyticsAggregator aggregator;
        aggregator.apply(activity(EventType::PageView, "u1", kEdgeMs, "/home"));
        aggregator.apply(purchase("u1", kEdgeMs, 1999, "USD", "p-9", 2));
        const AnalyticsSnapshot snapshot = aggregator.snapshot(0);
        const WindowMetrics &w = win(snapshot, window);
        QCOMPARE(w.events, 2u);
        QCOMPARE(w.eventTypes.size(), 2u);
        QCOMPARE(w.eventTypes[0].percent, 50.0);
        QCOMPARE(w.topPages.size(), 1u);
        QCOMPARE(w.topUsers.size(), 1u);
        QCOMPARE(w.topUsers[0].score, 11u);
        QCOMPARE(w.activeUsers, 1u);
        QCOMPARE(w.activeSessions, 1u);
        QCOMPARE(w.funnel[4].users, 1u);
        QCOMPARE(w.orders, 1u);
        QCOMPARE(w.revenue.size(), 1u);
        QCOMPARE(w.topProductsByUnits.size(), 1u);
        QCOMPARE(w.topProductsByUnits[0].unitsSold, 2u);
        QCOMPARE(w.topProductsByRevenue[0].revenueCents, 1999);
        QCOMPARE(w.countries.size(), 1u);
        QCOMPARE(w.countries[0].revenueCents, 1999);
        QCOMPARE(w.cities.size(), 1u);
        QCOMPARE(w.deviceTypes.size(), 1u);
        QCOMPARE(w.browsers[0].percent, 100.0);
        QCOMPARE(w.operatingSystems[0].count, 2u);
    }
};

QTEST_APPLESS_MAIN(TestAnalyticsWindows)
#include "tst_analytics_windows.moc"
