// The bounded-memory structures behind the analytics engine: HyperLogLog, Space-Saving,
// exact top scores, and the switch from exact distinct counts to HyperLogLog past the bound.
#include "analytics_test_events.h"
#include "hyperloglog.h"
#include "space_saving.h"
#include "text_hash.h"
#include "top_scores.h"

#include <QtTest>

#include <map>
#include <random>

using namespace trackboard;
using namespace trackboard::test;

namespace {

double relativeError(double estimate, double truth) {
    return std::abs(estimate - truth) / truth;
}

std::string userName(int i) {
    return "user-" + std::to_string(i);
}

} // namespace

class TestAnalyticsSketches : public QObject {
    Q_OBJECT

private slots:
    void hyperLogLogWithinTwoPercent_data() {
        QTest::addColumn<int>("distinct");
        QTest::newRow("1k") << 1'000;
        QTest::newRow("50k") << 50'000;
        QTest::newRow("1M") << 1'000'000;
    }

    void hyperLogLogWithinTwoPercent() {
        QFETCH(int, distinct);
        HyperLogLog hll;
        QCOMPARE(hll.estimate(), 0.0);
        for (int i = 0; i < distinct; ++i) {
            hll.add(hashText(userName(i)));
            hll.add(hashText(userName(i))); // repeats change nothing
        }
        const double error = relativeError(hll.estimate(), distinct);
        QVERIFY2(error < 0.02, qPrintable(QString::number(hll.estimate())));
    }

    void hyperLogLogMergeIsTheUnion() {
        HyperLogLog a;
        HyperLogLog b;
        for (int i = 0; i < 300'000; ++i) {
            a.add(hashText(userName(i)));
        }
        for (int i = 200'000; i < 500'000; ++i) {
            b.add(hashText(userName(i)));
        }
        a.merge(b);
        QVERIFY(relativeError(a.estimate(), 500'000) < 0.02);
        a.clear();
        QCOMPARE(a.estimate(), 0.0);
    }

    void spaceSavingIsExactUnderCapacity() {
        SpaceSaving<int> summary(64);
        std::map<std::string, std::uint64_t> truth;
        std::mt19937 rng(7);
        for (int i = 0; i < 20'000; ++i) {
            const std::string key = "/page/" + std::to_string(rng() % 64);
            const std::uint64_t weight = 1 + rng() % 3;
            summary.add(key, hashText(key), weight);
            truth[key] += weight;
        }
        QVERIFY(summary.exact());
        QCOMPARE(summary.size(), truth.size());
        for (const auto &entry : summary) {
            QCOMPARE(entry.count, truth[entry.key]);
            QCOMPARE(entry.error, 0u);
        }
    }

    void spaceSavingKeepsHeavyKeysPastCapacity() {
        SpaceSaving<int> summary(16);
        std::uint64_t total = 0;
        for (int i = 0; i < 10'000; ++i) {
            const std::string key = i % 4 == 0 ? "/heavy" : "/rare/" + std::to_string(i);
            summary.add(key, hashText(key), 1);
            ++total;
        }
        QVERIFY(!summary.exact());
        QCOMPARE(summary.size(), 16u);
        bool found = false;
        for (const auto &entry : summary) {
            if (entry.key == "/heavy") {
                found = true;
                // Over-estimates by at most its error, never under-estimates.
                QVERIFY(entry.count >= 2500 && entry.count - entry.error <= 2500);
            }
            QVERIFY(entry.count <= total);
        }
        QVERIFY(found);
    }

    void topScoresIsExact() {
        TopScores top(5);
        std::map<std::string, std::uint64_t> score;
        std::map<std::string, bool> held;
        std::mt19937 rng(11);
        for (int i = 0; i < 5'000; ++i) {
            const std::string user = userName(int(rng() % 40));
            score[user] += 1 + rng() % 10;
            bool h = held[user];
            const auto out = top.offer(hashText(user), user, score[user], 0, h);
            held[user] = h;
            if (out != 0) {
                for (auto &[name, flag] : held) {
                    if (hashText(name) == out) {
                        flag = false;
                    }
                }
            }
        }
        std::vector<std::pair<std::uint64_t, std::string>> truth;
        for (const auto &[user, s] : score) {
            truth.emplace_back(s, user);
        }
        std::sort(truth.begin(), truth.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        std::vector<std::pair<std::uint64_t, std::string>> got;
        for (const auto &e : top.entries()) {
            got.emplace_back(e.score, e.key);
        }
        std::sort(got.begin(), got.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        truth.resize(5);
        QVERIFY(got == truth);
    }

    void distinctCountsSwitchToHyperLogLogPastTheBound() {
        AnalyticsAggregator::Settings settings;
        settings.maxTrackedUsers = 1'000;
        settings.maxTrackedSessions = 1'000;
        AnalyticsAggregator aggregator(settings);
        for (int i = 0; i < 900; ++i) {
            aggregator.apply(activity(EventType::PageView, userName(i), kEdgeMs));
        }
        AnalyticsSnapshot s = aggregator.snapshot(0);
        QVERIFY(s.window(AnalyticsWindow::AllTime).distinctExact);
        QCOMPARE(s.window(AnalyticsWindow::AllTime).activeUsers, 900u);

        for (int i = 900; i < 20'000; ++i) {
            aggregator.apply(activity(EventType::PageView, userName(i), kEdgeMs));
        }
        s = aggregator.snapshot(0);
        for (std::size_t w = 0; w < kAnalyticsWindowCount; ++w) {
            const WindowMetrics &m = s.windows[w];
            QVERIFY(!m.distinctExact);
            QVERIFY2(relativeError(double(m.activeUsers), 20'000) < 0.02,
                     qPrintable(QString::number(m.activeUsers)));
            QVERIFY(relativeError(double(m.activeSessions), 20'000) < 0.02);
            QVERIFY(relativeError(double(m.funnel[0].users), 20'000) < 0.02);
            QCOMPARE(m.events, 20'000u); // counts stay exact
        }
    }

    void snapshotCostDoesNotGrowWithUsers() {
        // Only the structure is checked here (timings live in bench/): a snapshot lists at most
        // the documented top-N, however many keys went through.
        AnalyticsAggregator aggregator;
        for (int i = 0; i < 50'000; ++i) {
            aggregator.apply(activity(EventType::PageView, userName(i), kEdgeMs + i,
                                      "/page/" + std::to_string(i)));
        }
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        for (const auto &w : s.windows) {
            QVERIFY(w.topPages.size() <= AnalyticsAggregator::kTopPages);
            QVERIFY(w.topUsers.size() <= AnalyticsAggregator::kTopUsers);
        }
        QVERIFY(!s.window(AnalyticsWindow::AllTime).topExact);
        QCOMPARE(s.window(AnalyticsWindow::AllTime).activeUsers, 50'000u);
    }
};

QTEST_APPLESS_MAIN(TestAnalyticsSketches)
#include "tst_analytics_sketches.moc"
