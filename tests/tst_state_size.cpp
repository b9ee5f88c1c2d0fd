// Memory that reaches a plateau (docs/reliability.md, "Memory"): the flat hash table forgets
// keys without breaking the lookups of those it keeps, and the analytics aggregator forgets the
// users and sessions that fell out of its longest window while the windows stay as they were.
#include "analytics_test_events.h"
#include "flat_hash_table.h"

#include <QtTest>

#include <random>
#include <unordered_map>

using namespace trackboard;
using namespace trackboard::test;

class TestStateSize : public QObject {
    Q_OBJECT

private slots:
    // Linear probing: a key sits after every key of its run. Keys whose home is slot 62 of 64
    // wrap round to slots 0-2; erasing from the middle of that run must leave the rest findable.
    void eraseKeepsWrappedRunsFindable() {
        FlatHashTable<int> table(1000);
        bool inserted = false;
        std::vector<std::uint64_t> keys;
        for (std::uint64_t k = 1; k <= 5; ++k) {
            keys.push_back(62 + 64 * k); // home slot 62: slots 62, 63, 0, 1, 2
            *table.findOrInsert(keys.back(), inserted) = int(k);
        }
        *table.findOrInsert(64 * 7, inserted) = 7; // home slot 0, pushed to slot 3
        QCOMPARE(table.capacity(), std::size_t(64));
        const std::size_t erased = table.eraseIf(
            [&](std::uint64_t hash, const int &) { return hash == keys[1] || hash == keys[2]; });
        QCOMPARE(erased, std::size_t(2));
        QCOMPARE(table.size(), std::size_t(4));
        QCOMPARE(table.find(keys[1]), nullptr);
        QCOMPARE(table.find(keys[2]), nullptr);
        QCOMPARE(*table.find(keys[0]), 1);
        QCOMPARE(*table.find(keys[3]), 4);
        QCOMPARE(*table.find(keys[4]), 5);
        QCOMPARE(*table.find(64 * 7), 7);
        QCOMPARE(table.capacity(), std::size_t(64)); // forgetting never reallocates
    }

    // Against std::unordered_map: each round adds 3,000 random keys and forgets those older
    // than the round before, as a table that forgets as many keys as it gains. Every kept key
    // stays findable with its value, and the array stops growing.
    void eraseMatchesAReferenceMap() {
        FlatHashTable<int> table(1'000'000);
        std::unordered_map<std::uint64_t, int> reference;
        std::mt19937_64 rng(19);
        std::size_t capacityAtRound5 = 0;
        for (int round = 0; round < 40; ++round) {
            for (int i = 0; i < 3000; ++i) {
                const std::uint64_t key = rng() | 1; // never 0: 0 marks an empty slot
                bool inserted = false;
                *table.findOrInsert(key, inserted) = round;
                reference[key] = round;
            }
            const int oldestKept = round - 1;
            const std::size_t erased = table.eraseIf(
                [oldestKept](std::uint64_t, const int &addedIn) { return addedIn < oldestKept; });
            std::size_t expected = 0;
            for (auto it = reference.begin(); it != reference.end();) {
                if (it->second < oldestKept) {
                    it = reference.erase(it);
                    ++expected;
                } else {
                    ++it;
                }
            }
            QCOMPARE(erased, expected);
            QCOMPARE(table.size(), reference.size());
            QVERIFY(table.size() <= 6000);
            for (const auto &[key, addedIn] : reference) {
                const int *value = table.find(key);
                QVERIFY(value != nullptr);
                QCOMPARE(*value, addedIn);
            }
            if (round == 5) {
                capacityAtRound5 = table.capacity();
            }
        }
        // 6,000 keys at most before the erasure, 9,000 at the peak: 16,384 slots from round 2 on.
        QCOMPARE(capacityAtRound5, std::size_t(16384));
        QCOMPARE(table.capacity(), capacityAtRound5);
        std::size_t visited = 0;
        table.forEach([&](std::uint64_t hash, const int &) {
            QVERIFY(reference.count(hash) == 1);
            ++visited;
        });
        QCOMPARE(visited, reference.size());
    }

    // 30 quiet users visit at 12:00; "busy" visits every minute until 13:01:10. The
    // 60-minute window of 13:01:10 starts at 12:01:20 (360 buckets), and a late event may be 30 s
    // older still: from 12:00:50 on, nobody reads the quiet users' 12:00 bucket, so the sweep at
    // the next minute of event time forgets them. The windows and all-time counts stay.
    void forgetsUsersAfterTheLongestWindow() {
        AnalyticsAggregator::Settings settings = withLateness(30'000);
        settings.topUserCandidates = 10; // the all-time top users are kept: at most 10
        AnalyticsAggregator a(settings);
        // quiet-i views i + 1 pages, so the all-time top 10 holds quiet-21 to quiet-29.
        for (int i = 0; i < 30; ++i) {
            for (int view = 0; view <= i; ++view) {
                a.apply(activity(EventType::PageView, "quiet-" + std::to_string(i),
                                 kEdgeMs + i * 100 + view));
            }
        }
        const auto busyAt = [&](std::int64_t ms) {
            a.apply(activity(EventType::Click, "busy", ms));
        };
        for (int minute = 0; minute <= 60; ++minute) {
            busyAt(kEdgeMs + minute * 60'000 + 5'000);
        }
        // 13:00:05: the quiet users' bucket is still inside the late margin of the window.
        QCOMPARE(a.trackedUsers(), std::size_t(31));
        QCOMPARE(a.trackedSessions(), std::size_t(31));
        QCOMPARE(a.forgotten(), std::uint64_t(0));
        QCOMPARE(a.business().campaigns().trackedSessions(), std::size_t(31));
        busyAt(kEdgeMs + 61 * 60'000 + 10'000); // 13:01:10, a minute on: the sweep runs
        // "busy" and quiet-21 to quiet-29 are the all-time top 10, and stay.
        QCOMPARE(a.trackedUsers(), std::size_t(10));
        QCOMPARE(a.trackedSessions(), std::size_t(1));
        QCOMPARE(a.forgotten(), std::uint64_t(21 + 30));
        // The campaigns forget the acquisition of the sessions the analytics forgot.
        QCOMPARE(a.business().campaigns().trackedSessions(), std::size_t(1));

        const AnalyticsSnapshot s = a.snapshot(kEdgeMs + 61 * 60'000 + 10'000);
        QCOMPARE(win(s, AnalyticsWindow::Last60Min).activeUsers, 1u);
        QCOMPARE(win(s, AnalyticsWindow::AllTime).activeUsers, 31u);
        QCOMPARE(s.funnelUsers[0], 30u); // page views: the quiet users only
        QCOMPARE(win(s, AnalyticsWindow::AllTime).events, 465u + 62u); // 1 + 2 + ... + 30 views

        // A forgotten user who comes back is in the windows again, and counted once all time:
        // since the sweep forgot someone, the all-time distinct counts are HyperLogLog
        // estimates (of 31 users: exact at this size), and say so.
        QVERIFY(!win(s, AnalyticsWindow::AllTime).distinctExact);
        a.apply(activity(EventType::PageView, "quiet-0", kEdgeMs + 61 * 60'000 + 20'000));
        const AnalyticsSnapshot back = a.snapshot(kEdgeMs + 61 * 60'000 + 20'000);
        QCOMPARE(win(back, AnalyticsWindow::Last60Min).activeUsers, 2u);
        QCOMPARE(win(back, AnalyticsWindow::Last1Min).activeUsers, 2u);
        QCOMPARE(win(back, AnalyticsWindow::AllTime).activeUsers, 31u);
        QVERIFY(win(back, AnalyticsWindow::Last60Min).distinctExact); // the windows stay exact
        QCOMPARE(a.business().campaigns().trackedSessions(), std::size_t(2));
    }
};

QTEST_APPLESS_MAIN(TestStateSize)
#include "tst_state_size.moc"
