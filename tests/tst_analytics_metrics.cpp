// Business, geography and device metrics of the analytics engine, per window, with
// hand-computed expectations.
#include "analytics_test_events.h"

#include <QtTest>

using namespace trackboard;
using namespace trackboard::test;

using W = AnalyticsWindow;

namespace {

QStringList products(const std::vector<ProductEntry> &list) {
    QStringList out;
    for (const auto &p : list) {
        out << QStringLiteral("%1:%2/%3/%4")
                   .arg(QString::fromStdString(p.productId))
                   .arg(p.views)
                   .arg(p.unitsSold)
                   .arg(p.revenueCents);
    }
    return out;
}

QStringList geo(const std::vector<GeoEntry> &list) {
    QStringList out;
    for (const auto &g : list) {
        out << QStringLiteral("%1(%2):%3u/%4e/%5c")
                   .arg(QString::fromStdString(g.key), QString::fromStdString(g.country))
                   .arg(g.users)
                   .arg(g.events)
                   .arg(g.revenueCents);
    }
    return out;
}

QStringList shares(const std::vector<ShareEntry> &list) {
    QStringList out;
    for (const auto &e : list) {
        out << QStringLiteral("%1=%2(%3%)")
                   .arg(QString::fromStdString(e.key))
                   .arg(e.count)
                   .arg(e.percent, 0, 'f', 1);
    }
    return out;
}

Event at(Event e, const char *country, const char *city, const char *device, const char *os,
         const char *browser) {
    e.geo.country = country;
    e.geo.city = city;
    e.device = {device, os, browser};
    return e;
}

} // namespace

class TestAnalyticsMetrics : public QObject {
    Q_OBJECT

private slots:
    void revenuePerCurrencyPerWindow() {
        AnalyticsAggregator aggregator(withLateness(60 * 60'000));
        aggregator.apply(purchase("u1", kEdgeMs, 1000, "USD"));
        aggregator.apply(purchase("u2", kEdgeMs, 250, "EUR"));
        aggregator.apply(purchase("u3", kEdgeMs - 600'000, 4000, "USD")); // 10 minutes earlier
        aggregator.apply(purchase("u4", kEdgeMs - 600'000, 1, "CHF"));
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        const WindowMetrics &minute = win(s, W::Last1Min);
        QCOMPARE(minute.orders, 2u);
        QVERIFY((minute.revenue == std::vector<CurrencyAmount>{{"EUR", 250}, {"USD", 1000}}));
        QCOMPARE(minute.averageOrderValueCents, 625);
        const WindowMetrics &quarter = win(s, W::Last15Min);
        QCOMPARE(quarter.orders, 4u);
        QVERIFY((quarter.revenue ==
                 std::vector<CurrencyAmount>{{"CHF", 1}, {"EUR", 250}, {"USD", 5000}}));
        QCOMPARE(quarter.averageOrderValueCents, 1312); // 5251 / 4, truncated
        QVERIFY(win(s, W::AllTime).revenue == quarter.revenue);
        QVERIFY(s.revenue == quarter.revenue);
    }

    void productsByViewsUnitsAndRevenueWithTies() {
        AnalyticsAggregator aggregator;
        for (const char *id : {"p-b", "p-a", "p-b", "p-c", "p-a"}) {
            aggregator.apply(productEvent(EventType::ProductView, "u", kEdgeMs, id));
        }
        aggregator.apply(productEvent(EventType::AddToCart, "u", kEdgeMs, "p-d"));
        aggregator.apply(purchase("u", kEdgeMs, 3000, "USD", "p-c", 3));
        aggregator.apply(purchase("u", kEdgeMs, 3000, "USD", "p-a", 1));
        aggregator.apply(purchase("v", kEdgeMs, 900, "USD", "p-d", 3));
        const AnalyticsSnapshot snapshot = aggregator.snapshot(0);
        const WindowMetrics &w = win(snapshot, W::Last1Min);
        // Views: a and b tie at 2, a first by id; c has 1; d was never viewed.
        QCOMPARE(products(w.topProductsByViews),
                 (QStringList{"p-a:2/1/3000", "p-b:2/0/0", "p-c:1/3/3000"}));
        QCOMPARE(products(w.topProductsByUnits),
                 (QStringList{"p-c:1/3/3000", "p-d:0/3/900", "p-a:2/1/3000"}));
        QCOMPARE(products(w.topProductsByRevenue),
                 (QStringList{"p-a:2/1/3000", "p-c:1/3/3000", "p-d:0/3/900"}));
        QCOMPARE(w.topProductsByViews[0].name, std::string("Name of p-a"));
        QCOMPARE(w.topProductsByViews[0].category, std::string("tools"));
        QVERIFY(w.topExact);
    }

    void topPagesPerWindowWithTies() {
        AnalyticsAggregator aggregator(withLateness(60 * 60'000));
        for (const char *page : {"/old", "/old", "/old"}) {
            aggregator.apply(activity(EventType::PageView, "u", kEdgeMs - 600'000, page));
        }
        // A campaign link and a fragment are the page they land on.
        for (const char *page :
             {"/b", "/a?utm_source=newsletter&utm_medium=email", "/b", "/a#reviews", "/c"}) {
            aggregator.apply(activity(EventType::PageView, "u", kEdgeMs, page));
        }
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        const auto keys = [](const WindowMetrics &w) {
            QStringList out;
            for (const auto &p : w.topPages) {
                out << QStringLiteral("%1=%2").arg(QString::fromStdString(p.key)).arg(p.count);
            }
            return out;
        };
        QCOMPARE(keys(win(s, W::Last1Min)), (QStringList{"/a=2", "/b=2", "/c=1"}));
        QCOMPARE(keys(win(s, W::Last15Min)), (QStringList{"/old=3", "/a=2", "/b=2", "/c=1"}));
    }

    void geographyCountsUsersWhereTheyWereLastSeen() {
        AnalyticsAggregator aggregator;
        aggregator.apply(at(activity(EventType::PageView, "u1", kEdgeMs - 60'000), "DE", "Berlin",
                            "mobile", "Android", "Chrome"));
        aggregator.apply(
            at(purchase("u1", kEdgeMs, 1200), "FR", "Paris", "mobile", "Android", "Chrome"));
        aggregator.apply(at(activity(EventType::Click, "u2", kEdgeMs), "FR", "Lyon", "desktop",
                            "Windows", "Edge"));
        aggregator.apply(at(activity(EventType::Click, "u3", kEdgeMs), "DE", "Berlin", "desktop",
                            "macOS", "Safari"));
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        const WindowMetrics &all = win(s, W::AllTime);
        // u1 moved from Berlin to Paris: one user, counted where last seen; events stay put.
        QCOMPARE(geo(all.countries), (QStringList{"DE(DE):1u/2e/0c", "FR(FR):2u/2e/1200c"}));
        QCOMPARE(geo(all.cities), (QStringList{"Berlin(DE):1u/2e/0c", "Lyon(FR):1u/1e/0c",
                                               "Paris(FR):1u/1e/1200c"}));
        // The 1-minute window (buckets B-5..B) no longer holds the Berlin page view.
        const WindowMetrics &minute = win(s, W::Last1Min);
        QCOMPARE(geo(minute.countries), (QStringList{"FR(FR):2u/2e/1200c", "DE(DE):1u/1e/0c"}));
        QCOMPARE(shares(all.deviceTypes), (QStringList{"desktop=2(50.0%)", "mobile=2(50.0%)"}));
        QCOMPARE(shares(all.browsers),
                 (QStringList{"Chrome=2(50.0%)", "Edge=1(25.0%)", "Safari=1(25.0%)"}));
        QCOMPARE(shares(all.operatingSystems),
                 (QStringList{"Android=2(50.0%)", "Windows=1(25.0%)", "macOS=1(25.0%)"}));
        QCOMPARE(shares(minute.deviceTypes), (QStringList{"desktop=2(66.7%)", "mobile=1(33.3%)"}));
    }

    void eventTypeDistribution() {
        AnalyticsAggregator aggregator;
        for (int i = 0; i < 3; ++i) {
            aggregator.apply(activity(EventType::PageView, "u", kEdgeMs));
        }
        aggregator.apply(activity(EventType::Search, "u", kEdgeMs));
        aggregator.apply(activity(EventType::Click, "u", kEdgeMs));
        aggregator.apply(activity(EventType::Click, "u", kEdgeMs - 600'000)); // late: all time only
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        QCOMPARE(shares(win(s, W::Last1Min).eventTypes),
                 (QStringList{"page_view=3(60.0%)", "click=1(20.0%)", "search=1(20.0%)"}));
        QCOMPARE(shares(win(s, W::AllTime).eventTypes),
                 (QStringList{"page_view=3(50.0%)", "click=2(33.3%)", "search=1(16.7%)"}));
    }

    void hostileCardinalityStaysBounded() {
        // More browsers than the interner keeps: the rest share "(other)", nothing is lost.
        AnalyticsAggregator aggregator;
        for (int i = 0; i < 100; ++i) {
            Event e = activity(EventType::Click, "u", kEdgeMs);
            e.device.browser = "browser-" + std::to_string(i);
            aggregator.apply(e);
        }
        const AnalyticsSnapshot snapshot = aggregator.snapshot(0);
        const WindowMetrics &w = win(snapshot, W::AllTime);
        std::uint64_t total = 0;
        for (const auto &b : w.browsers) {
            total += b.count;
        }
        QCOMPARE(total, 100u);
        QCOMPARE(w.browsers.size(), 65u); // 64 named + "(other)"
        QCOMPARE(w.browsers.front().key, std::string("(other)"));
        QCOMPARE(w.browsers.front().count, 36u);
    }
};

QTEST_APPLESS_MAIN(TestAnalyticsMetrics)
#include "tst_analytics_metrics.moc"
