// The sequential funnel (WindowMetrics::steps): a user counts at a stage when, within the
// window, they did every earlier stage's event before it, in order. Expectations are worked out
// by hand from the events listed in each test.
#include "analytics_state_codec.h"
#include "analytics_test_events.h"

#include <QTest>

using namespace trackboard;
using namespace trackboard::test;
using W = AnalyticsWindow;

namespace {

std::array<std::uint64_t, 5> stepUsers(const AnalyticsSnapshot &s, W window) {
    std::array<std::uint64_t, 5> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = s.window(window).steps[i].users;
    }
    return out;
}

constexpr std::int64_t kMinute = 60'000;

} // namespace

class TestFunnelSteps : public QObject {
    Q_OBJECT
private slots:
    void onlyRunsInOrderCount() {
        AnalyticsAggregator a;
        // u1: the whole run in order.
        a.apply(activity(EventType::PageView, "u1", kEdgeMs));
        a.apply(productEvent(EventType::ProductView, "u1", kEdgeMs + 1'000, "p"));
        a.apply(productEvent(EventType::AddToCart, "u1", kEdgeMs + 2'000, "p"));
        a.apply(activity(EventType::Checkout, "u1", kEdgeMs + 3'000));
        a.apply(purchase("u1", kEdgeMs + 4'000, 5'000));
        // u2: a flash-sale shopper: straight to the cart from a link, then buys; never viewed a
        // product page. In the plain funnel they add to "added to cart" without "viewed".
        a.apply(activity(EventType::PageView, "u2", kEdgeMs + 1'000));
        a.apply(productEvent(EventType::AddToCart, "u2", kEdgeMs + 2'000, "p"));
        a.apply(activity(EventType::Checkout, "u2", kEdgeMs + 3'000));
        a.apply(purchase("u2", kEdgeMs + 4'000, 5'000));
        // u3: viewed a product with no page view before it, then a page view: no run.
        a.apply(productEvent(EventType::ProductView, "u3", kEdgeMs + 1'000, "p"));
        a.apply(activity(EventType::PageView, "u3", kEdgeMs + 2'000));
        const AnalyticsSnapshot s = a.snapshot(0);
        const std::array<std::uint64_t, 5> expected{3, 1, 1, 1, 1};
        QCOMPARE(stepUsers(s, W::Last5Min), expected);
        QCOMPARE(stepUsers(s, W::AllTime), expected);
        // The plain funnel counts users per stage, in any order.
        QCOMPARE(s.window(W::Last5Min).funnel[1].users, 2u); // u1, u3
        QCOMPARE(s.window(W::Last5Min).funnel[2].users, 2u); // u1, u2
        QCOMPARE(s.window(W::Last5Min).steps[1].conversionFromPrevious, 100.0 / 3);
        QCOMPARE(s.window(W::Last5Min).steps[1].dropOff, 2u);
    }

    void theRunMustStartInsideTheWindow() {
        AnalyticsAggregator a;
        // u1 viewed a page 3 minutes before the rest of the run; u2 did all of it in the last
        // minute. "now" is the last event's time.
        a.apply(activity(EventType::PageView, "u1", kEdgeMs));
        a.apply(productEvent(EventType::ProductView, "u1", kEdgeMs + 3 * kMinute, "p"));
        a.apply(productEvent(EventType::AddToCart, "u1", kEdgeMs + 3 * kMinute + 1'000, "p"));
        a.apply(activity(EventType::PageView, "u2", kEdgeMs + 3 * kMinute));
        a.apply(productEvent(EventType::ProductView, "u2", kEdgeMs + 3 * kMinute + 2'000, "p"));
        const AnalyticsSnapshot s = a.snapshot(0);
        QCOMPARE(stepUsers(s, W::Last1Min), (std::array<std::uint64_t, 5>{1, 1, 0, 0, 0}));
        QCOMPARE(stepUsers(s, W::Last5Min), (std::array<std::uint64_t, 5>{2, 2, 1, 0, 0}));
        // A later page view starts a fresh run only when the next stage comes after it.
        a.apply(activity(EventType::PageView, "u1", kEdgeMs + 3 * kMinute + 3'000));
        a.apply(productEvent(EventType::ProductView, "u1", kEdgeMs + 3 * kMinute + 4'000, "p"));
        const AnalyticsSnapshot later = a.snapshot(0);
        // u1's run to "viewed a product" now starts in the last minute; to "added to cart" not.
        QCOMPARE(stepUsers(later, W::Last1Min), (std::array<std::uint64_t, 5>{2, 2, 0, 0, 0}));
        QCOMPARE(stepUsers(later, W::Last5Min), (std::array<std::uint64_t, 5>{2, 2, 1, 0, 0}));
    }

    void neverAboveTheStageBefore() {
        // A flash sale: most shoppers go straight to the cart. The plain funnel then shows more
        // users adding to cart than viewing products; the sequential one never does.
        AnalyticsAggregator a;
        for (int i = 0; i < 200; ++i) {
            const std::string user = "u" + std::to_string(i);
            const std::int64_t t = kEdgeMs + i * 100;
            a.apply(activity(EventType::PageView, user, t));
            if (i % 10 == 0) {
                a.apply(productEvent(EventType::ProductView, user, t + 10, "p"));
            }
            a.apply(productEvent(EventType::AddToCart, user, t + 20, "p"));
        }
        const AnalyticsSnapshot s = a.snapshot(0);
        const WindowMetrics &w = s.window(W::Last5Min);
        QCOMPARE(w.funnel[2].users, 200u);
        QCOMPARE(w.funnel[1].users, 20u);
        QCOMPARE(w.steps[1].users, 20u);
        QCOMPARE(w.steps[2].users, 20u);
        for (std::size_t i = 1; i < w.steps.size(); ++i) {
            QVERIFY(w.steps[i].users <= w.steps[i - 1].users);
            QVERIFY(w.steps[i].conversionFromPrevious <= 100.0);
        }
    }

    void survivesACheckpointAndMerges() {
        // Two partitions' states, each through a checkpoint, merge to one aggregator's figures.
        AnalyticsAggregator one;
        AnalyticsAggregator parts[2];
        for (int i = 0; i < 40; ++i) {
            const std::string user = "u" + std::to_string(i);
            const std::int64_t t = kEdgeMs + i * 500;
            std::vector<Event> events{activity(EventType::PageView, user, t),
                                      productEvent(EventType::ProductView, user, t + 10, "p"),
                                      productEvent(EventType::AddToCart, user, t + 20, "p")};
            if (i % 3 == 0) { // the cart before the product view
                std::swap(events[1], events[2]);
            }
            for (const Event &e : events) {
                one.apply(e);
                parts[i % 2].apply(e);
            }
        }
        AnalyticsAggregator merged;
        for (const AnalyticsAggregator &part : parts) {
            std::string bytes;
            AnalyticsStateCodec::encode({"g", "t", 0, 1, 0, 0}, part, bytes);
            AnalyticsAggregator restored;
            AnalyticsCheckpoint meta;
            std::string error;
            QVERIFY2(AnalyticsStateCodec::decode(bytes, meta, restored, error), error.c_str());
            merged.mergeFrom(restored);
        }
        for (const W window : {W::Last1Min, W::Last5Min, W::AllTime}) {
            QCOMPARE(stepUsers(merged.snapshot(0), window), stepUsers(one.snapshot(0), window));
        }
        // Users whose cart came before their product view (i % 3 == 0) have no run to it.
        QCOMPARE(one.snapshot(0).window(W::AllTime).steps[2].users, 26u);
    }
};

QTEST_GUILESS_MAIN(TestFunnelSteps)
#include "tst_funnel_steps.moc"
