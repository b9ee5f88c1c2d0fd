// The bounded memory of recent event_ids that refuses an event sent twice under new offsets.
// Its set is a flat table with backward-shift deletion, so the checks below churn it hard enough
// for probe runs to wrap around the table's end and for deletions to shift members back.
#include "recent_event_ids.h"

#include <QtTest>

#include <deque>
#include <random>
#include <string>
#include <unordered_set>

using namespace trackboard;

class TestRecentEventIds : public QObject {
    Q_OBJECT

private slots:
    void refusesARepeat() {
        RecentEventIds ids(10);
        QVERIFY(!ids.seenBefore("e-1"));
        QVERIFY(!ids.seenBefore("e-2"));
        QVERIFY(ids.seenBefore("e-1"));
        QVERIFY(ids.seenBefore("e-2"));
        QCOMPARE(ids.size(), std::size_t(2));
    }

    void forgetsTheOldestOnceFull() {
        RecentEventIds ids(3);
        for (const char *id : {"a", "b", "c", "d"}) {
            QVERIFY(!ids.seenBefore(id));
        }
        QCOMPARE(ids.size(), std::size_t(3));
        QVERIFY(ids.seenBefore("d"));
        QVERIFY(ids.seenBefore("b"));
        // "a" was the oldest: it is new again, and remembering it forgets "b".
        QVERIFY(!ids.seenBefore("a"));
        QVERIFY(!ids.seenBefore("b"));
        QVERIFY(!ids.seenBefore("c")); // "c" went when "b" came back
    }

    // The answer of a plain model (a FIFO of the last `capacity` new ids and their set) for
    // 120,000 draws from 5,000 ids into 1,000 places: most draws evict, many repeat.
    // The same draws answered through the worker's other way in: the id hashed beforehand (by
    // the decode helper), with the next draw's slots prefetched before each answer.
    void agreesWithAPlainModelUnderChurn_data() {
        QTest::addColumn<bool>("hashedAhead");
        QTest::newRow("id") << false;
        QTest::newRow("hashed ahead, prefetched") << true;
    }

    void agreesWithAPlainModelUnderChurn() {
        QFETCH(bool, hashedAhead);
        constexpr std::size_t kCapacity = 1000;
        RecentEventIds ids(kCapacity);
        std::deque<std::string> order;
        std::unordered_set<std::string> members;
        std::mt19937_64 random(7);
        std::uniform_int_distribution<int> pick(0, 4999);
        std::size_t repeats = 0;
        std::string id = "evt-" + std::to_string(pick(random));
        for (int draw = 0; draw < 120'000; ++draw) {
            const std::string nextId = "evt-" + std::to_string(pick(random));
            const bool expected = members.contains(id);
            if (!expected) {
                if (order.size() == kCapacity) {
                    members.erase(order.front());
                    order.pop_front();
                }
                order.push_back(id);
                members.insert(id);
            }
            repeats += expected ? 1 : 0;
            if (hashedAhead) {
                ids.prefetch(RecentEventIds::idHash(nextId));
                QCOMPARE(ids.seenBeforeHashed(RecentEventIds::idHash(id)), expected);
            } else {
                QCOMPARE(ids.seenBefore(id), expected);
            }
            id = nextId;
        }
        QCOMPARE(ids.size(), kCapacity);
        // Both answers occur often, so a table that always said one of them would fail above.
        QVERIFY(repeats > 10'000 && repeats < 110'000);
    }
};

QTEST_APPLESS_MAIN(TestRecentEventIds)
#include "tst_recent_event_ids.moc"
