// AnalyticsAggregator and AnalyticsSnapshot on hand-built events with known answers.
#include "analytics_aggregator.h"

#include <QtTest>

#include <memory>
#include <string>

using namespace trackboard;

namespace {

constexpr std::int64_t kSecond = 1'709'294'400;                      // 2024-03-01T12:00:00Z
constexpr std::int64_t kNowMs = kSecond * 1000 + 500;                // half-way through that second
constexpr int kWindow = AnalyticsAggregator::kSnapshotSeriesSeconds; // 300

Event makeEvent(EventType type, std::string user, std::string page = "/",
                std::int64_t timestampMs = kNowMs) {
    Event e;
    e.eventId = "e-" + user + "-" + std::to_string(timestampMs);
    e.type = type;
    e.timestampMs = timestampMs;
    e.userId = std::move(user);
    e.sessionId = "s-" + e.userId;
    e.page = std::move(page);
    return e;
}

Event makePurchase(std::string user, std::int64_t cents, std::string currency = "USD",
                   std::int64_t timestampMs = kNowMs) {
    Event e =
        makeEvent(EventType::Purchase, std::move(user), "/checkout/confirmation", timestampMs);
    e.hasProduct = true;
    e.product = {"p-1", "Lamp", "home", cents};
    e.quantity = 1;
    e.hasOrder = true;
    e.order = {"ord-" + e.userId + std::to_string(cents), cents, std::move(currency)};
    return e;
}

std::uint64_t byType(const AnalyticsSnapshot &s, EventType type) {
    return s.eventsByType[static_cast<std::size_t>(type)];
}

std::uint32_t at(const AnalyticsSnapshot &s, int slot, EventType type) {
    return s.eventsPerSecond[static_cast<std::size_t>(slot)][static_cast<std::size_t>(type)];
}

std::uint64_t seriesTotal(const AnalyticsSnapshot &s) {
    std::uint64_t total = 0;
    for (const auto &second : s.eventsPerSecond) {
        for (const auto count : second) {
            total += count;
        }
    }
    return total;
}

QByteArrayList pageKeys(const AnalyticsSnapshot &s) {
    QByteArrayList keys;
    for (const auto &entry : s.topPages) {
        keys << QByteArray::fromStdString(entry.key) + '=' + QByteArray::number(entry.count);
    }
    return keys;
}

} // namespace

class TestAnalytics : public QObject {
    Q_OBJECT

private slots:
    void emptySnapshotIsAllZeros() {
        const AnalyticsAggregator aggregator;
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(s.takenAtMs, kNowMs);
        QCOMPARE(s.events, 0u);
        for (const auto count : s.eventsByType) {
            QCOMPARE(count, 0u);
        }
        for (const auto users : s.funnelUsers) {
            QCOMPARE(users, 0u);
        }
        QCOMPARE(s.orders, 0u);
        QVERIFY(s.revenue.empty());
        QVERIFY(s.topPages.empty());
        QCOMPARE(s.totalRevenueCents(), 0);
        QCOMPARE(s.averageOrderValueCents(), 0);
        QCOMPARE(s.conversionRate(), 0.0);
        QCOMPARE(s.seriesEndSecond, kSecond);
        QCOMPARE(s.eventsPerSecond.size(), std::size_t(kWindow));
        QCOMPARE(s.revenueCentsPerSecond.size(), std::size_t(kWindow));
        QCOMPARE(seriesTotal(s), 0u);
        for (const auto cents : s.revenueCentsPerSecond) {
            QCOMPARE(cents, 0);
        }
    }

    void eventsByType() {
        AnalyticsAggregator aggregator;
        for (int i = 0; i < 3; ++i) {
            aggregator.apply(makeEvent(EventType::PageView, "u1"));
        }
        aggregator.apply(makeEvent(EventType::Click, "u1"));
        aggregator.apply(makeEvent(EventType::Click, "u2"));
        aggregator.apply(makeEvent(EventType::Search, "u2", "/search?q=lamp"));
        aggregator.apply(makeEvent(EventType::LoginFailed, "u3", "/login"));
        aggregator.apply(makeEvent(EventType::Logout, "u3"));
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(s.events, 8u);
        QCOMPARE(byType(s, EventType::PageView), 3u);
        QCOMPARE(byType(s, EventType::Click), 2u);
        QCOMPARE(byType(s, EventType::Search), 1u);
        QCOMPARE(byType(s, EventType::LoginFailed), 1u);
        QCOMPARE(byType(s, EventType::Logout), 1u);
        QCOMPARE(byType(s, EventType::Login), 0u);
        QCOMPARE(byType(s, EventType::Purchase), 0u);
        QCOMPARE(s.orders, 0u);
    }

    void funnelCountsDistinctUsers() {
        AnalyticsAggregator aggregator;
        for (const char *user : {"u1", "u1", "u2", "u3", "u3", "u3"}) {
            aggregator.apply(makeEvent(EventType::PageView, user));
        }
        for (const char *user : {"u1", "u2", "u2"}) {
            aggregator.apply(makeEvent(EventType::ProductView, user));
        }
        aggregator.apply(makeEvent(EventType::AddToCart, "u1"));
        aggregator.apply(makeEvent(EventType::AddToCart, "u1"));
        aggregator.apply(makeEvent(EventType::Checkout, "u1"));
        aggregator.apply(makePurchase("u1", 1000));
        aggregator.apply(makePurchase("u1", 2000));
        // Clicks and searches are not funnel stages.
        aggregator.apply(makeEvent(EventType::Click, "u4"));
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(s.funnelUsers[0], 3u); // page_view: u1, u2, u3
        QCOMPARE(s.funnelUsers[1], 2u); // product_view: u1, u2
        QCOMPARE(s.funnelUsers[2], 1u); // add_to_cart
        QCOMPARE(s.funnelUsers[3], 1u); // checkout
        QCOMPARE(s.funnelUsers[4], 1u); // purchase: one user, two orders
        QCOMPARE(s.orders, 2u);
        QCOMPARE(s.conversionRate(), 1.0 / 3.0);
    }

    void conversionRate_data() {
        QTest::addColumn<int>("viewers");
        QTest::addColumn<int>("purchasers");
        QTest::addColumn<double>("expected");
        QTest::newRow("nobody") << 0 << 0 << 0.0;
        QTest::newRow("buyers but no viewers") << 0 << 2 << 0.0;
        QTest::newRow("no buyers") << 5 << 0 << 0.0;
        QTest::newRow("one in four") << 4 << 1 << 0.25;
        QTest::newRow("all") << 3 << 3 << 1.0;
    }

    void conversionRate() {
        QFETCH(int, viewers);
        QFETCH(int, purchasers);
        QFETCH(double, expected);
        AnalyticsAggregator aggregator;
        for (int i = 0; i < viewers; ++i) {
            aggregator.apply(makeEvent(EventType::PageView, "viewer-" + std::to_string(i)));
        }
        for (int i = 0; i < purchasers; ++i) {
            aggregator.apply(makePurchase("viewer-" + std::to_string(i), 100));
        }
        QCOMPARE(aggregator.snapshot(kNowMs).conversionRate(), expected);
    }

    void revenueByCurrency() {
        AnalyticsAggregator aggregator;
        aggregator.apply(makePurchase("u1", 1999, "USD"));
        aggregator.apply(makePurchase("u2", 500, "USD"));
        aggregator.apply(makePurchase("u3", 1250, "EUR"));
        aggregator.apply(makePurchase("u4", 1, "CHF"));
        // A purchase without an order (the decoder refuses these) is an event, not an order.
        Event orderless = makePurchase("u5", 7777);
        orderless.hasOrder = false;
        aggregator.apply(orderless);
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(byType(s, EventType::Purchase), 5u);
        QCOMPARE(s.orders, 4u);
        const std::vector<CurrencyAmount> expected = {{"CHF", 1}, {"EUR", 1250}, {"USD", 2499}};
        QVERIFY(s.revenue == expected);
        QCOMPARE(s.revenueCents("USD"), 2499);
        QCOMPARE(s.revenueCents("EUR"), 1250);
        QCOMPARE(s.revenueCents("GBP"), 0);
        QCOMPARE(s.totalRevenueCents(), 3750);
        QCOMPARE(s.averageOrderValueCents(), 937); // 3750 / 4 = 937.5, truncated
    }

    void averageOrderValue_data() {
        QTest::addColumn<QList<qint64>>("orders");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("none") << QList<qint64>{} << qint64(0);
        QTest::newRow("one") << QList<qint64>{99999} << qint64(99999);
        QTest::newRow("exact") << QList<qint64>{1000, 3000} << qint64(2000);
        QTest::newRow("truncates") << QList<qint64>{100, 100, 101} << qint64(100);
    }

    void averageOrderValue() {
        QFETCH(QList<qint64>, orders);
        QFETCH(qint64, expected);
        AnalyticsAggregator aggregator;
        for (const qint64 cents : orders) {
            aggregator.apply(makePurchase("u", cents));
        }
        QCOMPARE(qint64(aggregator.snapshot(kNowMs).averageOrderValueCents()), expected);
    }

    void topPagesOrderAndTies() {
        AnalyticsAggregator aggregator;
        const auto views = [&](const char *page, int count) {
            for (int i = 0; i < count; ++i) {
                aggregator.apply(makeEvent(EventType::PageView, "u" + std::to_string(i), page));
            }
        };
        views("/c", 3);
        views("/b", 5);
        views("/a", 3);
        views("/", 1);
        // Only page views count: clicks and product views on a page do not.
        for (int i = 0; i < 10; ++i) {
            aggregator.apply(makeEvent(EventType::Click, "u", "/z"));
            aggregator.apply(makeEvent(EventType::ProductView, "u", "/a"));
        }
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(pageKeys(s), (QByteArrayList{"/b=5", "/a=3", "/c=3", "/=1"}));
    }

    void topPagesKeepsTen() {
        AnalyticsAggregator aggregator;
        // page-00 .. page-11 with 12, 11, ... 1 views; then four pages tied at 1 view.
        for (int p = 0; p < 12; ++p) {
            for (int i = 0; i < 12 - p; ++i) {
                aggregator.apply(makeEvent(EventType::PageView, "u", "/page-" + std::to_string(p)));
            }
        }
        AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(s.topPages.size(), AnalyticsAggregator::kTopPages);
        QCOMPARE(pageKeys(s),
                 (QByteArrayList{"/page-0=12", "/page-1=11", "/page-2=10", "/page-3=9", "/page-4=8",
                                 "/page-5=7", "/page-6=6", "/page-7=5", "/page-8=4", "/page-9=3"}));

        AnalyticsAggregator tied;
        for (const char *page :
             {"/k", "/d", "/a", "/j", "/b", "/l", "/c", "/i", "/e", "/h", "/f", "/g"}) {
            tied.apply(makeEvent(EventType::PageView, "u", page));
        }
        s = tied.snapshot(kNowMs);
        QCOMPARE(pageKeys(s), (QByteArrayList{"/a=1", "/b=1", "/c=1", "/d=1", "/e=1", "/f=1",
                                              "/g=1", "/h=1", "/i=1", "/j=1"}));
    }

    void seriesBuckets() {
        // Lateness of an hour, so events 15 minutes behind the watermark still count.
        AnalyticsAggregator::Settings settings;
        settings.allowedLatenessMs = 60 * 60'000;
        AnalyticsAggregator aggregator(settings);
        const std::int64_t start = kSecond * 1000; // first millisecond of the last slot
        aggregator.apply(makeEvent(EventType::PageView, "u1", "/", start));
        aggregator.apply(makeEvent(EventType::PageView, "u2", "/", start + 999));
        aggregator.apply(makeEvent(EventType::Click, "u1", "/", start - 1)); // previous second
        aggregator.apply(makePurchase("u3", 1000, "USD", start - (kWindow - 1) * 1000));   // oldest
        aggregator.apply(makeEvent(EventType::Search, "u4", "/", start - kWindow * 1000)); // gone
        aggregator.apply(makeEvent(EventType::Click, "u6", "/", start - 42'000));
        // 15 minutes older than `start`: the same ring slot, but a stale second must not count.
        aggregator.apply(makeEvent(EventType::Logout, "u7", "/", start - 900'000));

        // The series ends at the watermark (the latest event time), whatever the wall clock.
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs + 3'600'000);
        QCOMPARE(s.seriesEndSecond, kSecond);
        QCOMPARE(at(s, kWindow - 1, EventType::PageView), 2u);
        QCOMPARE(at(s, kWindow - 2, EventType::Click), 1u);
        QCOMPARE(at(s, kWindow - 1 - 42, EventType::Click), 1u);
        QCOMPARE(at(s, 0, EventType::Purchase), 1u);
        QCOMPARE(s.revenueCentsPerSecond[0], 1000);
        QCOMPARE(at(s, kWindow - 1, EventType::Logout), 0u);
        QCOMPARE(seriesTotal(s), 5u); // the search and the logout are outside
        std::int64_t revenue = 0;
        for (const auto cents : s.revenueCentsPerSecond) {
            revenue += cents;
        }
        QCOMPARE(revenue, 1000);
        // Totals still count every event, whatever its time.
        QCOMPARE(s.events, 7u);

        // An event ten seconds later moves the watermark: everything shifts ten slots left and
        // the purchase drops out.
        aggregator.apply(makeEvent(EventType::Login, "u5", "/", start + 10'000));
        const AnalyticsSnapshot later = aggregator.snapshot(kNowMs);
        QCOMPARE(later.seriesEndSecond, kSecond + 10);
        QCOMPARE(at(later, kWindow - 11, EventType::PageView), 2u);
        QCOMPARE(at(later, kWindow - 1, EventType::Login), 1u);
        QCOMPARE(at(later, kWindow - 12, EventType::Click), 1u);
        QCOMPARE(seriesTotal(later), 5u);
        QCOMPARE(later.revenueCentsPerSecond[0], 0);
    }

    void seriesOutOfOrderAndReuse() {
        AnalyticsAggregator aggregator;
        const std::int64_t start = kSecond * 1000;
        aggregator.apply(makeEvent(EventType::Logout, "u", "/", start - 900'000)); // old first
        aggregator.apply(makeEvent(EventType::PageView, "u", "/", start));         // reuses slot
        aggregator.apply(makeEvent(EventType::PageView, "u", "/", start - 5'000)); // late arrival
        const AnalyticsSnapshot s = aggregator.snapshot(kNowMs);
        QCOMPARE(at(s, kWindow - 1, EventType::PageView), 1u);
        QCOMPARE(at(s, kWindow - 1, EventType::Logout), 0u);
        QCOMPARE(at(s, kWindow - 6, EventType::PageView), 1u);
        QCOMPARE(seriesTotal(s), 2u);
    }

    void seriesAroundEpoch() {
        // Seconds are floored, so -1 ms belongs to second -1, not second 0.
        AnalyticsAggregator aggregator;
        aggregator.apply(makeEvent(EventType::Click, "u", "/", -1));
        aggregator.apply(makeEvent(EventType::Click, "u", "/", 0));
        const AnalyticsSnapshot s = aggregator.snapshot(999);
        QCOMPARE(s.seriesEndSecond, 0);
        QCOMPARE(at(s, kWindow - 1, EventType::Click), 1u);
        QCOMPARE(at(s, kWindow - 2, EventType::Click), 1u);
        // With no event yet, the series ends at the time the snapshot is taken.
        QCOMPARE(AnalyticsAggregator().snapshot(-1).seriesEndSecond, -1);
    }
};

QTEST_APPLESS_MAIN(TestAnalytics)
#include "tst_analytics.moc"
