// Alert ids from partition, offset and rule, and the deduplicator that drops repeats: an event
// processed again after a hand-over yields the same id, so readers show each alert once.
#include "alert_deduplicator.h"
#include "fraud_detector.h"
#include "fraud_script.h"

#include <QtTest>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace trackboard;
using namespace trackboard::testing;

namespace {

Alert withId(const std::string &id) {
    Alert a;
    a.alertId = id;
    return a;
}

std::vector<std::string> idsOf(const std::vector<Alert> &alerts) {
    std::vector<std::string> ids;
    for (const Alert &a : alerts) {
        ids.push_back(a.alertId);
    }
    return ids;
}

// A brute-force burst, a take-over login, then a bot's 50 requests in 50 s, from one user.
std::vector<Event> attack() {
    QStringList lines;
    for (int i = 0; i < 6; ++i) {
        lines << QStringLiteral("%1s ip9 login_failed").arg(i * 10);
    }
    lines << QStringLiteral("60s ip7 login");
    for (int i = 0; i < 50; ++i) {
        lines << QStringLiteral("%1s ip7 click").arg(70 + i);
    }
    return script(lines.join(u';'));
}

constexpr std::int32_t kPartition = 3;

// Applies events [from, to) at their offsets; those before `loudFrom` are replayed (warm-up).
void feed(FraudDetector &d, const std::vector<Event> &events, std::size_t from, std::size_t to,
          std::size_t loudFrom, std::vector<Alert> &out) {
    for (std::size_t i = from; i < to; ++i) {
        if (i < loudFrom) {
            d.replay(events[i], kPartition, std::int64_t(i));
        } else {
            d.apply(events[i], kPartition, std::int64_t(i), events[i].timestampMs, out);
        }
    }
}

} // namespace

class TestAlertDeduplicator : public QObject {
    Q_OBJECT

private slots:
    void idNamesPartitionOffsetAndRule() {
        FraudDetector detector;
        std::vector<Alert> alerts;
        const auto events = attack();
        feed(detector, events, 0, events.size(), 0, alerts);
        QVERIFY(!alerts.empty());
        for (const Alert &a : alerts) {
            QVERIFY2(QString::fromStdString(a.alertId).contains(
                         QRegularExpression(QStringLiteral("^alert-3-\\d+-[A-Z_]+$"))),
                     a.alertId.c_str());
            QVERIFY(a.alertId.ends_with("-" + a.rule));
        }
        // The fifth failed login (offset 4) is the burst.
        QCOMPARE(QString::fromStdString(alerts.front().alertId),
                 QStringLiteral("alert-3-4-BRUTE_FORCE_LOGIN"));
        // Without offsets, a detector counts the partition's events itself: the same ids for a
        // partition read from its start.
        FraudDetector counting;
        std::vector<Alert> counted;
        for (const Event &e : events) {
            counting.apply(e, kPartition, e.timestampMs, counted);
        }
        QCOMPARE(idsOf(counted), idsOf(alerts));
    }

    void firstSeenThenRepeat() {
        AlertDeduplicator dedup;
        QVERIFY(dedup.firstSeen("alert-0-1-HIGH_VELOCITY"));
        QVERIFY(!dedup.firstSeen("alert-0-1-HIGH_VELOCITY"));
        QVERIFY(dedup.firstSeen("alert-0-1-MULTIPLE_IPS")); // same event, another rule
        QCOMPARE(dedup.repeats(), 1u);
        QCOMPARE(dedup.remembered(), 2u);
    }

    void dropRepeatsKeepsOrder() {
        AlertDeduplicator dedup;
        std::vector<Alert> first{withId("a"), withId("b")};
        QCOMPARE(dedup.dropRepeats(first), 0u);
        std::vector<Alert> second{withId("c"), withId("a"), withId("d"), withId("c")};
        QCOMPARE(dedup.dropRepeats(second), 2u);
        QCOMPARE(idsOf(second), (std::vector<std::string>{"c", "d"}));
    }

    void memoryIsBounded() {
        AlertDeduplicator dedup(3);
        for (const char *id : {"a", "b", "c", "d"}) {
            QVERIFY(dedup.firstSeen(id));
        }
        QCOMPARE(dedup.remembered(), 3u);
        QVERIFY(!dedup.firstSeen("d"));
        QVERIFY(!dedup.firstSeen("b"));
        QVERIFY(dedup.firstSeen("a")); // the oldest was forgotten
        QCOMPARE(dedup.remembered(), 3u);
        for (int i = 0; i < 100'000; ++i) {
            dedup.firstSeen(std::to_string(i));
        }
        QCOMPARE(dedup.remembered(), 3u);
    }

    // Worker A dies after raising every alert but having committed only past the first. B
    // warms up on the events before the committed offset (quiet), then processes the rest,
    // raising A's later alerts again. Deduplicated, the two equal one worker that never died.
    void handOverShowsEachAlertOnce() {
        const auto events = attack();
        FraudDetector whole;
        std::vector<Alert> expected;
        feed(whole, events, 0, events.size(), 0, expected);
        QVERIFY2(expected.size() >= 3, "the attack must raise several alerts");
        const auto offsetOf = [](const Alert &a) {
            return std::size_t(std::stoul(a.alertId.substr(std::string("alert-3-").size())));
        };
        const std::size_t committed = offsetOf(expected.front()) + 1;
        const std::size_t killedAt = offsetOf(expected.back()) + 1;

        std::vector<Alert> seen;
        FraudDetector a;
        feed(a, events, 0, killedAt, 0, seen);
        FraudDetector b;
        feed(b, events, 0, events.size(), committed, seen);
        QVERIFY(seen.size() > expected.size());

        // The warm-up raised and counted nothing; what B raised after it, it counts.
        QCOMPARE(b.snapshot(kT0).alertsTotal, expected.size() - 1);
        QCOMPARE(b.snapshot(kT0).events, events.size() - committed);

        AlertDeduplicator dedup;
        QCOMPARE(dedup.dropRepeats(seen), expected.size() - 1);
        QCOMPARE(idsOf(seen), idsOf(expected));

        // Without the warm-up B would not know the user's history: a different set of alerts.
        FraudDetector cold;
        std::vector<Alert> coldAlerts;
        feed(cold, events, committed, events.size(), committed, coldAlerts);
        const std::vector<Alert> tail(expected.begin() + 1, expected.end());
        QVERIFY(idsOf(coldAlerts) != idsOf(tail));
    }

    void forgetPartitionDropsOnlyItsUsers() {
        FraudDetector d;
        std::vector<Alert> alerts;
        Event e = script(QStringLiteral("0")).at(0);
        d.apply(e, 1, 0, e.timestampMs, alerts);
        e.userId = "v";
        d.apply(e, 2, 0, e.timestampMs, alerts);
        QCOMPARE(d.trackedUsers(), 2u);
        d.forgetPartition(1);
        QCOMPARE(d.trackedUsers(), 1u);
        QCOMPARE(d.riskScore("u", kT0), 0.0);
        d.forgetPartition(2);
        QCOMPARE(d.trackedUsers(), 0u);
    }

    void longestWindowCoversEveryRule() {
        FraudThresholds t;
        // The 24 h purchase history is the longest by default, plus the lateness allowance.
        QCOMPARE(FraudDetector::longestWindowMs(t), t.highValueHistoryMs + t.latenessMs);
        t.highValueHistoryMs = 60'000;
        QCOMPARE(FraudDetector::longestWindowMs(t), t.riskDecayMs + t.latenessMs);
        t.multipleIpsWindowMs = 2 * t.riskDecayMs;
        QCOMPARE(FraudDetector::longestWindowMs(t), t.multipleIpsWindowMs + t.latenessMs);
    }
};

QTEST_GUILESS_MAIN(TestAlertDeduplicator)
#include "tst_alert_deduplicator.moc"
