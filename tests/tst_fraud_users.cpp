// The fraud detector's user table: every user is found again, with its own activity, through
// growth, sweeps that remove users anywhere in the index's runs, and shrinking.
#include "fraud_detector_users.h"

#include <QtTest>

#include <random>
#include <string>
#include <unordered_map>

using namespace trackboard;

namespace {

// Compares the table with a reference map from id to the mark kept in the user's partition.
void expectSame(const FraudDetectorUsers &users, const std::unordered_map<std::string, int> &ref,
                int idSpace) {
    QCOMPARE(users.size(), ref.size());
    for (int n = 0; n < idSpace; ++n) {
        const std::string id = "user-" + std::to_string(n);
        const UserActivity *found = users.find(id);
        const auto it = ref.find(id);
        if (it == ref.end()) {
            QVERIFY2(found == nullptr, id.c_str());
        } else {
            QVERIFY2(found != nullptr, id.c_str());
            QCOMPARE(found->partition, it->second);
        }
    }
}

} // namespace

class TestFraudUsers : public QObject {
    Q_OBJECT

private slots:
    void matchesAMap_data() {
        QTest::addColumn<int>("idSpace");
        QTest::addColumn<int>("rounds");
        // 40 of 64 slots: runs wrap around the index's end, and sweeps shift slots across it.
        QTest::newRow("one small index") << 40 << 200;
        // Grows through several doublings and chunks, shrinks back after the large sweeps.
        QTest::newRow("growing and shrinking") << 5000 << 30;
    }
    void matchesAMap() {
        QFETCH(int, idSpace);
        QFETCH(int, rounds);
        std::mt19937 random(42);
        FraudDetectorUsers users;
        std::unordered_map<std::string, int> ref;
        for (int round = 0; round < rounds; ++round) {
            // Some users come (or come back) and get a mark...
            const int arrivals = int(random() % std::uint32_t(idSpace));
            for (int k = 0; k < arrivals; ++k) {
                const std::string id = "user-" + std::to_string(random() % std::uint32_t(idSpace));
                const int mark = int(random() % 1000);
                UserActivity &activity = users.findOrInsert(id);
                if (ref.find(id) == ref.end()) {
                    // A new user, or one swept before, starts from nothing.
                    QCOMPARE(activity.partition, 0);
                    QVERIFY(activity.visits.empty());
                }
                activity.partition = mark;
                ref[id] = mark;
            }
            expectSame(users, ref, idSpace);
            // ...then a sweep removes those whose mark falls in a random share of the range.
            const int below = round % 7 == 6 ? 1000 : int(random() % 1000);
            const std::size_t erased = users.eraseIf(
                [&](std::string_view, const UserActivity &a) { return a.partition < below; });
            const std::size_t expectedErased =
                std::erase_if(ref, [&](const auto &entry) { return entry.second < below; });
            QCOMPARE(erased, expectedErased);
            expectSame(users, ref, idSpace);
        }
    }

    // The predicate sees each user's own id and activity.
    void sweepSeesIdAndActivity() {
        FraudDetectorUsers users;
        for (int n = 0; n < 600; ++n) {
            users.findOrInsert("user-" + std::to_string(n)).partition = n;
        }
        std::size_t mismatched = 0;
        const std::size_t erased = users.eraseIf([&](std::string_view id, const UserActivity &a) {
            mismatched += id != "user-" + std::to_string(a.partition) ? 1 : 0;
            return a.partition % 2 == 1;
        });
        QCOMPARE(mismatched, std::size_t(0));
        QCOMPARE(erased, std::size_t(300));
        QCOMPARE(users.size(), std::size_t(300));
        QVERIFY(users.find("user-598") != nullptr);
        QVERIFY(users.find("user-599") == nullptr);
        QVERIFY(users.find("") == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestFraudUsers)
#include "tst_fraud_users.moc"
