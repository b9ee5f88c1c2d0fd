// Journeys, feature usage and trends (#20 sections 3, 4 and 6) on hand-built events, every
// figure computed by hand; merged partitions equal one aggregator over all; checkpoints
// round-trip and refuse truncation.
#include "analytics_state_codec.h"
#include "business_product_events.h"
#include "page_path.h"

#include <QtTest>

using namespace trackboard;
using namespace trackboard::test;

namespace {

template <typename Metric> bool everyTruncationRefused(const Metric &metric) {
    std::string bytes;
    VarintWriter w(bytes);
    metric.encode(w);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        Metric target;
        VarintReader r(std::string_view(bytes).substr(0, n));
        if (target.decode(r) && r.ok()) {
            return false;
        }
    }
    return true;
}

} // namespace

class TstBusinessProduct : public QObject {
    Q_OBJECT

private slots:
    void pagePathDropsQueryAndFragment_data() {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("path");
        QTest::newRow("plain") << "/category/shoes"
                               << "/category/shoes";
        QTest::newRow("utm") << "/?utm_source=newsletter&utm_medium=email"
                             << "/";
        QTest::newRow("fragment") << "/help#faq"
                                  << "/help";
        QTest::newRow("both") << "/search?q=a#top"
                              << "/search";
        QTest::newRow("empty") << ""
                               << "";
    }
    void pagePathDropsQueryAndFragment() {
        QFETCH(QString, page);
        QFETCH(QString, path);
        const std::string text = page.toStdString();
        QCOMPARE(QString::fromStdString(std::string(pagePath(text))), path);
    }

    void journeysCountEntriesExitsTransitionsAndPaths() {
        AnalyticsAggregator a;
        std::int64_t t = kEdgeMs;
        const auto at = [&t](EventType type, const char *user, const char *page) {
            return visit(type, user, std::string("s-") + user, t += 1000, page);
        };
        // s-u1: / -> /category/shoes -> /product/p1 (a product view) -> click there (no move)
        // -> /cart -> /checkout
        a.apply(at(EventType::PageView, "u1", "/"));
        a.apply(at(EventType::PageView, "u1", "/category/shoes"));
        a.apply(at(EventType::ProductView, "u1", "/product/p1"));
        a.apply(at(EventType::Click, "u1", "/product/p1"));
        a.apply(at(EventType::PageView, "u1", "/cart"));
        a.apply(at(EventType::Checkout, "u1", "/checkout"));
        // s-u2 enters on a campaign link (same page "/"), ends on /product/p1
        a.apply(at(EventType::PageView, "u2", "/?utm_source=newsletter&utm_medium=email"));
        a.apply(at(EventType::PageView, "u2", "/category/shoes"));
        a.apply(at(EventType::PageView, "u2", "/product/p1"));
        // s-u3: a click before any page view is no journey yet; a fragment is the same page
        a.apply(at(EventType::Click, "u3", "/help"));
        a.apply(at(EventType::PageView, "u3", "/category/shoes"));
        a.apply(at(EventType::PageView, "u3", "/category/shoes#reviews"));
        a.apply(at(EventType::PageView, "u3", "/"));
        // s-u4: one page and gone
        a.apply(at(EventType::PageView, "u4", "/"));

        const JourneyReport r = a.snapshot(t).business.journeys;
        QCOMPARE(r.sessions, 4u);
        QCOMPARE(r.steps, 7u);
        QCOMPARE(r.entryPages, (std::vector<JourneyPage>{{"/", 3}, {"/category/shoes", 1}}));
        QCOMPARE(r.exitPages,
                 (std::vector<JourneyPage>{{"/", 2}, {"/checkout", 1}, {"/product/p1", 1}}));
        QCOMPARE(r.transitions,
                 (std::vector<JourneyFlow>{
                     flow({"/", "/category/shoes"}, 2), flow({"/category/shoes", "/product/p1"}, 2),
                     flow({"/cart", "/checkout"}, 1), flow({"/category/shoes", "/"}, 1),
                     flow({"/product/p1", "/cart"}, 1)}));
        QCOMPARE(r.paths,
                 (std::vector<JourneyFlow>{flow({"/", "/category/shoes", "/product/p1"}, 2),
                                           flow({"/category/shoes", "/product/p1", "/cart"}, 1),
                                           flow({"/product/p1", "/cart", "/checkout"}, 1)}));
        QCOMPARE(r.untrackedSessionViews, 0u);
        QCOMPARE(r.uncountedTransitions, 0u);
    }

    void journeyTablesAreBounded() {
        JourneyMetrics::Limits limits;
        limits.pages = 3;
        limits.sessions = 2;
        limits.transitions = 2;
        limits.paths = 1;
        JourneyMetrics m(limits);
        std::int64_t t = kEdgeMs;
        for (const char *page : {"/a", "/b", "/c", "/d", "/e"}) { // /d and /e: "(other)"
            const Event e = visit(EventType::PageView, "u1", "s1", t += 1000, page);
            m.apply(e, contextOf(e));
        }
        for (const char *session : {"s2", "s3"}) { // s3: past the session cap
            const Event e = visit(EventType::PageView, "u2", session, t += 1000, "/a");
            m.apply(e, contextOf(e));
        }
        JourneyReport r;
        m.fill(r, t);
        QCOMPARE(r.sessions, 2u);
        QCOMPARE(r.untrackedSessionViews, 1u);
        QCOMPARE(r.otherPageEvents, 2u);
        // moves /a->/b, /b->/c, /c->(other); /d->/e is (other)->(other): no move
        QCOMPARE(r.steps, 3u);
        QCOMPARE(r.uncountedTransitions, 1u);
        QCOMPARE(r.transitions,
                 (std::vector<JourneyFlow>{flow({"/a", "/b"}, 1), flow({"/b", "/c"}, 1)}));
        QCOMPARE(r.uncountedPaths, 1u);
        QCOMPARE(r.paths, (std::vector<JourneyFlow>{flow({"/a", "/b", "/c"}, 1)}));
        QCOMPARE(r.exitPages, (std::vector<JourneyPage>{{"(other)", 1}, {"/a", 1}}));
    }

    void featuresCountClicksUsersAndUsePerVisitor() {
        AnalyticsAggregator a;
        std::int64_t t = kEdgeMs;
        for (int i = 0; i < 3; ++i) {
            a.apply(click("u1", t += 1000, "size-guide"));
        }
        a.apply(click("u1", t += 1000, "reviews-tab"));
        a.apply(click("u2", t += 1000, "size-guide"));
        a.apply(click("u3", t += 1000, "live-chat"));
        a.apply(click("u4", t += 1000, ""));                     // no element: counted apart
        a.apply(activity(EventType::PageView, "u5", t += 1000)); // a visitor who clicks nothing
        const FeatureReport r = a.snapshot(t).business.features;
        QCOMPARE(r.visitors, 5u);
        QCOMPARE(r.clicks, 6u);
        QCOMPARE(r.unnamedClicks, 1u);
        QCOMPARE(r.elements, std::size_t{3});
        QCOMPARE(r.top.size(), std::size_t{3});
        QCOMPARE(r.top[0], (FeatureUsage{"size-guide", 4, 2, 0.8, 0.4}));
        QCOMPARE(r.top[1], (FeatureUsage{"live-chat", 1, 1, 0.2, 0.2}));
        QCOMPARE(r.top[2], (FeatureUsage{"reviews-tab", 1, 1, 0.2, 0.2}));
    }

    // Element ids past the visitor's 64-bit mask go to the pair table; past the name cap, to
    // "(other)"; past the visitor cap, clicks still count but users do not.
    void featureUsersBeyondTheMaskAndTheCaps() {
        FeatureMetrics::Limits limits;
        limits.elements = 70;
        limits.visitors = 2;
        FeatureMetrics m(limits);
        std::int64_t t = kEdgeMs;
        const auto apply = [&m](const Event &e) { m.apply(e, contextOf(e)); };
        for (int i = 1; i <= 72; ++i) { // element-70 is id 70, the last own id; 71, 72: other
            apply(click("u1", t += 1000, "element-" + std::to_string(i)));
        }
        apply(click("u1", t += 1000, "element-70"));
        apply(click("u2", t += 1000, "element-70"));
        apply(click("u3", t += 1000, "element-70")); // u3: past the visitor cap
        FeatureReport r;
        m.fill(r, t);
        QCOMPARE(r.visitors, 2u);
        QCOMPARE(r.untrackedUserEvents, 1u);
        QCOMPARE(r.elements, std::size_t{70});
        QCOMPARE(r.otherElementClicks, 2u);
        QCOMPARE(r.clicks, 75u);
        QCOMPARE(r.top[0].element, std::string("element-70"));
        QCOMPARE(r.top[0].clicks, 4u);
        QCOMPARE(r.top[0].users, 2u);
        QCOMPARE(r.top[1].element, std::string("(other)"));
        QCOMPARE(r.top[1].clicks, 2u);
        QCOMPARE(r.top[1].users, 1u);
    }

    // The flash sale's shape: an hour of quiet views of p-sale, then 200 shoppers view, add,
    // check out and buy it within three minutes. A steady product and a small new one do not
    // trend.
    void flashSaleProductTrends() {
        TrendMetrics m;
        const auto apply = [&m](const Event &e) { m.apply(e, contextOf(e)); };
        for (std::int64_t minute = 0; minute < 60; ++minute) {
            const std::int64_t t = kEdgeMs + minute * kMinute;
            if (minute < 55) {
                apply(productStep(EventType::ProductView, "quiet", t, "p-sale"));
            }
            for (int i = 0; i < 10; ++i) {
                apply(productStep(EventType::ProductView, "steady", t + i, "p-steady"));
            }
            if (minute >= 57) {
                for (int i = 0; i < 5; ++i) {
                    apply(productStep(EventType::AddToCart, "few", t + i, "p-few"));
                }
            }
        }
        for (int shopper = 0; shopper < 200; ++shopper) {
            const std::string user = "shopper" + std::to_string(shopper);
            const std::int64_t t = kEdgeMs + (56 + shopper % 2) * kMinute + shopper;
            apply(productStep(EventType::ProductView, user, t, "p-sale"));
            apply(productStep(EventType::AddToCart, user, t + 10, "p-sale"));
            const std::int64_t later = kEdgeMs + 58 * kMinute + shopper;
            apply(productStep(EventType::Checkout, user, later, "p-sale"));
            apply(productStep(EventType::Purchase, user, later + 10, "p-sale"));
        }
        TrendReport r;
        m.fill(r, kEdgeMs + 59 * kMinute + 30'000);
        QCOMPARE(r.minutesObserved, 60);
        // products: last 5 minutes (55..59) 800; the 55 minutes before, 55 events, are 5 per
        // 5 minutes: 160x. The steady product's 50 against 550 / 11 is 1x.
        QCOMPARE(r.products.size(), std::size_t{1});
        QCOMPARE(r.products[0].id, std::string("p-sale"));
        QCOMPARE(r.products[0].name, std::string("Item p-sale"));
        QCOMPARE(r.products[0].lastFiveMinutes, 800u);
        QCOMPARE(r.products[0].lastHour, 855u);
        QCOMPARE(r.products[0].ratio, 800.0 / (55.0 * 5 / 55));
        QCOMPARE(r.products[0].rise, 795.0);
        // pages count views only: 200 of the sale against the same 5 per 5 minutes: 40x
        QCOMPARE(r.pages.size(), std::size_t{1});
        QCOMPARE(r.pages[0].name, std::string("/product/p-sale"));
        QCOMPARE(r.pages[0].id, std::string());
        QCOMPARE(r.pages[0].lastFiveMinutes, 200u);
        QCOMPARE(r.pages[0].lastHour, 255u);
        QCOMPARE(r.pages[0].ratio, 200.0 / (55.0 * 5 / 55));
        // Five minutes on, the rush is history: nothing rises (and the oldest minutes recycled)
        TrendReport later;
        m.fill(later, kEdgeMs + 64 * kMinute);
        QVERIFY(later.products.empty());
        QVERIFY(later.pages.empty());
    }

    // The baseline is the minutes seen before the last five: 15 minutes in, 40 events in
    // minutes 0-9 are 20 per 5 minutes; 35 in the last five is 1.75x, not enough; 10 more make
    // 45, 2.25x.
    void trendNeedsVolumeAndRatioOverTheMinutesObserved() {
        TrendMetrics m;
        const auto apply = [&m](int count, std::int64_t minute) {
            for (int i = 0; i < count; ++i) {
                const Event e =
                    visit(EventType::PageView, "u", "s", kEdgeMs + minute * kMinute + i, "/deal");
                m.apply(e, contextOf(e));
            }
        };
        for (std::int64_t minute = 0; minute < 10; ++minute) {
            apply(4, minute);
        }
        for (std::int64_t minute = 10; minute < 15; ++minute) {
            apply(7, minute);
        }
        const std::int64_t now = kEdgeMs + 14 * kMinute + 59'000;
        TrendReport r;
        m.fill(r, now);
        QCOMPARE(r.minutesObserved, 15);
        QVERIFY(r.pages.empty());
        apply(10, 14);
        m.fill(r, now);
        QCOMPARE(r.pages.size(), std::size_t{1});
        QCOMPARE(r.pages[0].lastFiveMinutes, 45u);
        QCOMPARE(r.pages[0].lastHour, 85u);
        QCOMPARE(r.pages[0].ratio, 45.0 / (40.0 * 5 / 10));
        QCOMPARE(r.pages[0].rise, 25.0);
        // In the first minutes nothing can rise against itself, however busy.
        TrendMetrics fresh;
        for (int i = 0; i < 500; ++i) {
            const Event e = visit(EventType::PageView, "u", "s", kEdgeMs + i, "/new");
            fresh.apply(e, contextOf(e));
        }
        fresh.fill(r, kEdgeMs + 1000);
        QCOMPARE(r.minutesObserved, 1);
        QVERIFY(r.pages.empty());
        // An event over an hour older than its page's newest minute is in no window: counted.
        const Event old = visit(EventType::PageView, "u", "s", kEdgeMs - 61 * kMinute, "/deal");
        m.apply(old, contextOf(old));
        m.fill(r, now);
        QCOMPARE(r.tooOldEvents, 1u);
    }

    // A product without a name is listed under its id: 40 in the last 5 minutes against 10
    // in the 10 minutes before (5 per 5 minutes) is 8x. A product new in the last five
    // minutes counts as having had 1 per 5 minutes: 30 is 30x.
    void unnamedProductTrendsUnderItsId() {
        TrendMetrics m;
        const auto apply = [&m](std::int64_t minute, const char *product) {
            Event e = productStep(EventType::AddToCart, "u", kEdgeMs + minute * kMinute, product);
            e.product.name.clear();
            m.apply(e, contextOf(e));
        };
        for (std::int64_t minute = 0; minute < 10; ++minute) {
            apply(minute, "p-x");
        }
        for (int i = 0; i < 40; ++i) {
            apply(14, "p-x");
        }
        for (int i = 0; i < 30; ++i) {
            apply(13, "p-new");
        }
        TrendReport r;
        m.fill(r, kEdgeMs + 14 * kMinute);
        // Ordered by the rise: p-x 40 - 5 = 35 before p-new 30 - 1 = 29, whatever the ratios
        QCOMPARE(r.products.size(), std::size_t{2});
        QCOMPARE(r.products[0].name, std::string("p-x"));
        QCOMPARE(r.products[0].id, std::string("p-x"));
        QCOMPARE(r.products[0].ratio, 40.0 / (10.0 * 5 / 10));
        QCOMPARE(r.products[0].rise, 35.0);
        QCOMPARE(r.products[1].name, std::string("p-new"));
        QCOMPARE(r.products[1].ratio, 30.0);
        QCOMPARE(r.products[1].rise, 29.0);
    }

    // Users split over 3 partitions, merged, give exactly one aggregator's figures.
    void mergedPartitionsEqualOneAggregator() {
        const std::vector<Event> events = mixedTraffic(7);
        AnalyticsAggregator whole;
        std::vector<AnalyticsAggregator> parts(3);
        for (const Event &e : events) {
            const std::int32_t p = partitionOf(e, 3);
            whole.apply(e, p);
            parts[static_cast<std::size_t>(p)].apply(e, p);
        }
        AnalyticsAggregator merged;
        for (const AnalyticsAggregator &p : parts) {
            merged.mergeFrom(p);
        }
        const std::int64_t now = events.back().timestampMs;
        const BusinessSnapshot want = whole.snapshot(now).business;
        const BusinessSnapshot got = merged.snapshot(now).business;
        QVERIFY(!want.journeys.paths.empty());
        QVERIFY(!want.features.top.empty());
        QCOMPARE(want.trends.products.size(), std::size_t{1});
        QCOMPARE(want.trends.products[0].id, std::string("p-rush"));
        QCOMPARE(got.journeys, want.journeys);
        QCOMPARE(got.features, want.features);
        QCOMPARE(got.trends, want.trends);
    }

    // A restored partition shows the same figures and goes on counting as if never stopped:
    // per-session pages, per-visitor masks and minute rings all come back.
    void checkpointRoundTripsAndRefusesTruncation() {
        const std::vector<Event> events = mixedTraffic(11);
        const std::size_t half = events.size() / 2;
        AnalyticsAggregator original;
        for (std::size_t i = 0; i < half; ++i) {
            original.apply(events[i]);
        }
        std::string bytes;
        AnalyticsStateCodec::encode({"g", "user-activities", 0, 10, 20, 30}, original, bytes);
        AnalyticsAggregator restored;
        AnalyticsCheckpoint meta;
        std::string error;
        QVERIFY2(AnalyticsStateCodec::decode(bytes, meta, restored, error), error.c_str());
        std::int64_t now = events[half - 1].timestampMs;
        QCOMPARE(restored.snapshot(now).business, original.snapshot(now).business);
        for (std::size_t i = half; i < events.size(); ++i) {
            original.apply(events[i]);
            restored.apply(events[i]);
        }
        now = events.back().timestampMs;
        const BusinessSnapshot want = original.snapshot(now).business;
        QVERIFY(want.journeys.steps > 0);
        QCOMPARE(restored.snapshot(now).business, want);

        for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 16) {
            AnalyticsAggregator target;
            QVERIFY(!AnalyticsStateCodec::decode(std::string_view(bytes).substr(0, n), meta, target,
                                                 error));
        }
    }

    void eachMetricRefusesEveryTruncation() {
        JourneyMetrics journeys;
        FeatureMetrics features;
        TrendMetrics trends;
        for (const Event &e : mixedTraffic(3)) {
            journeys.apply(e, contextOf(e));
            features.apply(e, contextOf(e));
            trends.apply(e, contextOf(e));
        }
        QVERIFY(everyTruncationRefused(journeys));
        QVERIFY(everyTruncationRefused(features));
        QVERIFY(everyTruncationRefused(trends));
    }
};

QTEST_GUILESS_MAIN(TstBusinessProduct)
#include "tst_business_product.moc"
