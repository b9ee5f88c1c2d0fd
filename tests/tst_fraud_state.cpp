// What the fraud detector remembers per user: bounded for any input, and small for the
// ordinary visitor, without changing what the rules see.
#include "fraud_detector.h"
#include "fraud_script.h"

#include <QtTest>

#include <algorithm>
#include <iterator>

using namespace trackboard;
using namespace trackboard::testing;

namespace {

void record(UserActivity &activity, const QString &line, const FraudThresholds &t = {}) {
    const Event e = script(line).at(0);
    activity.record(e, t);
    activity.finish(e);
}

struct Sent {
    Event event;
    std::int32_t partition;
};

// The alerts, in a form that does not depend on the order they were raised in.
std::vector<std::string> alertKeys(const std::vector<Sent> &order) {
    FraudDetector detector;
    std::vector<Alert> alerts;
    for (const Sent &s : order) {
        detector.apply(s.event, s.partition, s.event.timestampMs, alerts);
    }
    std::vector<std::string> keys;
    for (const Alert &a : alerts) {
        keys.push_back(a.userId + " " + std::string(a.rule) + " " +
                       std::to_string(a.eventTimeMs - kT0) + " " + std::to_string(int(a.severity)) +
                       " " + ids(a).toStdString());
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

class TestFraudState : public QObject {
    Q_OBJECT

private slots:
    // Same events, same alerts, read live or as a backlog (issue 21). User u (partition 1)
    // makes 50 requests in 50 s; user v (partition 0) browses for 45 minutes. A consumer reading
    // the backlog may hand over u's first 25, then all of partition 0, then u's last 25: a
    // clock for the whole consumer would be 45 minutes on and forget u as idle in between.
    void sameAlertsLiveOrAsABacklog() {
        std::vector<Sent> u, v;
        for (int i = 0; i < 50; ++i) {
            u.push_back({script(QString::number(i * 1000)).at(0), 1});
        }
        for (int i = 0; i <= 90; ++i) {
            Event e = script(QString::number(i * 30'000) + u" ip2 Paris"_qs).at(0);
            e.userId = "v";
            v.push_back({e, 0});
        }
        std::vector<Sent> live;
        std::merge(
            u.begin(), u.end(), v.begin(), v.end(), std::back_inserter(live),
            [](const Sent &a, const Sent &b) { return a.event.timestampMs < b.event.timestampMs; });
        std::vector<Sent> backlog(u.begin(), u.begin() + 25);
        backlog.insert(backlog.end(), v.begin(), v.end());
        backlog.insert(backlog.end(), u.begin() + 25, u.end());

        const auto expected = alertKeys(live);
        QVERIFY(std::any_of(expected.begin(), expected.end(),
                            [](const std::string &k) { return k.starts_with("u HIGH_VELOCITY"); }));
        QCOMPARE(alertKeys(backlog), expected);
    }

    void stateStaysBounded() {
        UserActivity activity;
        const FraudThresholds t;
        for (int i = 0; i < 2'000; ++i) { // a bot hopping addresses, places and cards
            const QString kind = i % 3 == 0 ? u"$1"_qs : i % 3 == 1 ? u"login_failed"_qs : u""_qs;
            const auto place = QString::fromStdString(std::next(kPlaces.begin(), i % 8)->first);
            record(activity, u"%1 %2 ip%3 %4"_qs.arg(i * 10).arg(kind).arg(i % 250).arg(place), t);
        }
        QCOMPARE(activity.recentEventMs.size(), std::size_t(t.velocityMaxEvents) + 1);
        QCOMPARE(activity.visits.size(), kVisitHistoryCap);
        QCOMPARE(activity.marks.size(), kCitedHistoryCap);
        QCOMPARE(activity.purchases.size(), kCitedHistoryCap);
        QCOMPARE(activity.loginFailures.size(), kCitedHistoryCap);
        QVERIFY(activity.visits.capacity() <= kVisitHistoryCap);
        QVERIFY(activity.marks.capacity() <= kCitedHistoryCap);
        QVERIFY(activity.recentEventMs.capacity() <= 128);
        // Two hours on, every window but the 24 h spending baseline has passed; where the user
        // was last stays.
        activity.record(script(u"2h"_qs).at(0), t);
        QCOMPARE(activity.recentEventMs.size(), 1u);
        QCOMPARE(activity.visits.size(), 2u);
        QCOMPARE(activity.purchases.size(), kCitedHistoryCap);
        QCOMPARE(activity.loginFailures.size(), 0u);
        QVERIFY(activity.marks.size() <= 2u);
    }

    // One address, one place, an event every 8 s for 30 min. The visits kept: one per 10 min
    // (the shortest window over them: 0, 600 and 1,200 s), the last one before the 60 s
    // lateness allowance, and the 8 inside it. Without the compaction all 64 would be kept.
    void steadyVisitorKeepsAFewVisits() {
        UserActivity activity;
        for (int i = 0; i <= 225; ++i) {
            record(activity, QString::number(i * 8'000));
        }
        QCOMPARE(activity.visits.size(), 12u);
        QVERIFY(activity.visits.capacity() <= 16);
        QCOMPARE(activity.visits[1].timeMs, kT0 + 600'000);
        QCOMPARE(activity.visits[3].timeMs, kT0 + 1'736'000);
    }

    // The removed entries of ip1's run (0 to 300 s) are never what puts it in a window: its last
    // entry stays because the next is another address. 4 addresses in (295 s, 895 s]; 3 in
    // (300 s, 900 s].
    void distinctCountsSurviveCompaction_data() {
        QTest::addColumn<int>("lastAt");
        QTest::addColumn<int>("alerts");
        QTest::newRow("ip1 still in the window") << 895 << 1;
        QTest::newRow("ip1 just out of it") << 900 << 0;
    }
    void distinctCountsSurviveCompaction() {
        QFETCH(int, lastAt);
        QFETCH(int, alerts);
        QStringList events;
        for (int s = 0; s <= 840; s += 10) {
            events << u"%1s ip%2"_qs.arg(s).arg(s <= 300 ? 1 : 2);
        }
        events << u"845s ip3"_qs << u"%1s ip4"_qs.arg(lastAt);
        Feed feed(events.join(u';'));
        const auto found = feed.of("MULTIPLE_IPS");
        QCOMPARE(int(found.size()), alerts);
        if (alerts > 0) {
            QCOMPARE(evidence(found.at(0), "ips"), u"4"_qs);
        }
    }

    // A late event within the allowance sees its real neighbour, 5 s before it, not the start
    // of the run. (That neighbour's id was never kept: it changed nothing when it came.)
    void lateEventSeesItsRealNeighbour() {
        QStringList events;
        for (int s = 0; s <= 1'200; s += 10) {
            events << u"%1s"_qs.arg(s);
        }
        events << u"1175s Tokyo"_qs;
        Feed feed(events.join(u';'));
        const auto travel = feed.of("IMPOSSIBLE_TRAVEL");
        QCOMPARE(travel.size(), 1u);
        QCOMPARE(evidence(travel.at(0), "from_city"), u"London"_qs);
        QCOMPARE(evidence(travel.at(0), "to_city"), u"Tokyo"_qs);
        QCOMPARE(evidence(travel.at(0), "minutes"), u"0.1"_qs); // 5 s; the run began at 0
        QCOMPARE(ids(travel.at(0)), u"page_view@1175000"_qs);
    }

    // A burst grows the histories; once it has passed they give half the room back (a quarter
    // full is the sign, so that a history near a boundary does not reallocate back and forth).
    void roomComesBackAfterABurst() {
        UserActivity activity;
        for (int i = 0; i < 100; ++i) {
            record(activity, u"%1 ip%2"_qs.arg(i * 200).arg(i % 2));
        }
        QCOMPARE(activity.visits.capacity(), kVisitHistoryCap);
        QCOMPARE(activity.recentEventMs.capacity(), 64u);
        for (int i = 0; i < 300; ++i) {
            record(activity, u"%1"_qs.arg(20'000 + i * 8'000));
        }
        QCOMPARE(activity.visits.capacity(), 32u);
        QCOMPARE(activity.recentEventMs.capacity(), 32u);
    }

    // Earlier purchases are cited only by CARD_TESTING, and only small ones: the others keep no
    // event id.
    void onlySmallPurchasesKeepTheirIds() {
        UserActivity activity;
        record(activity, u"0 $50"_qs);
        record(activity, u"1s $4.99"_qs);
        QCOMPARE(activity.purchases.size(), 2u);
        QCOMPARE(activity.purchases[0].eventId, std::string());
        QCOMPARE(activity.purchases[1].eventId, std::string("purchase@1000"));
    }
};

QTEST_APPLESS_MAIN(TestFraudState)
#include "tst_fraud_state.moc"
