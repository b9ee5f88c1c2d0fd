// Fraud rules through FraudDetector, alert JSON, and the small helpers the workers rely on.
#include "alert.h"
#include "fraud_detector.h"
#include "latency_histogram.h"
#include "money.h"
#include "offset_tracker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <string>
#include <vector>

using namespace trackboard;

namespace {

constexpr std::int64_t kT0 = 1'709'294'400'000; // 2024-03-01T12:00:00Z

Event click(const std::string &user, std::int64_t timestampMs) {
    Event e;
    e.eventId = "e-" + user + "-" + std::to_string(timestampMs);
    e.type = EventType::Click;
    e.timestampMs = timestampMs;
    e.userId = user;
    e.sessionId = "s-" + user;
    e.page = "/";
    return e;
}

Event purchase(const std::string &user, std::int64_t cents, std::int64_t timestampMs = kT0) {
    Event e = click(user, timestampMs);
    e.type = EventType::Purchase;
    e.hasProduct = true;
    e.product = {"p-1", "Watch", "jewelry", cents};
    e.quantity = 1;
    e.hasOrder = true;
    e.order = {"ord-" + user, cents, "USD"};
    return e;
}

// Feeds `count` clicks by `user`, `stepMs` apart from `fromMs`, and returns the alerts raised.
std::vector<Alert> burst(FraudDetector &detector, const std::string &user, int count,
                         std::int64_t fromMs, std::int64_t stepMs) {
    std::vector<Alert> alerts;
    for (int i = 0; i < count; ++i) {
        detector.apply(click(user, fromMs + i * stepMs), fromMs + i * stepMs, alerts);
    }
    return alerts;
}

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

// These tests pin the velocity threshold they were written for; the default is now 40.
FraudThresholds thirtyPerMinute() {
    FraudThresholds t;
    t.velocityMaxEvents = 30;
    return t;
}

} // namespace

class TestFraudRules : public QObject {
    Q_OBJECT

private slots:
    void velocityThreshold_data() {
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("alerts");
        QTest::newRow("one") << 1 << 0;
        QTest::newRow("exactly the threshold") << 30 << 0;
        QTest::newRow("threshold + 1") << 31 << 1;
        QTest::newRow("many more, within cooldown") << 200 << 1;
    }

    void velocityThreshold() {
        QFETCH(int, events);
        QFETCH(int, alerts);
        FraudDetector detector(thirtyPerMinute());
        // Spread over 45 s: all inside one minute.
        const auto raised = burst(detector, "bot", events, kT0, 45'000 / 200);
        QCOMPARE(int(raised.size()), alerts);
        if (alerts == 0) {
            return;
        }
        const Alert &alert = raised.front();
        QCOMPARE(qs(alert.rule), QStringLiteral("HIGH_VELOCITY"));
        QCOMPARE(alert.severity, Severity::High);
        QCOMPARE(qs(alert.message), QStringLiteral("User has 31 events in the last minute"));
        QCOMPARE(qs(alert.userId), QStringLiteral("bot"));
        QCOMPARE(qs(alert.alertId), QStringLiteral("alert-0-30-HIGH_VELOCITY"));
        const std::vector<std::pair<std::string, std::string>> evidence = {
            {"events", "31"}, {"threshold", "30"}, {"window_s", "60"}, {"risk_score", "35"}};
        QVERIFY(alert.evidence == evidence);
        QCOMPARE(alert.eventTimeMs, kT0 + 30 * 225);
        QCOMPARE(alert.detectedAtMs, kT0 + 30 * 225);
        QCOMPARE(int(alert.eventIds.size()), 1);
        QCOMPARE(qs(alert.eventIds.front()), qs(click("bot", kT0 + 30 * 225).eventId));
        const FraudSnapshot snapshot = detector.snapshot(kT0 + 60'000);
        QCOMPARE(snapshot.events, std::uint64_t(events));
        QCOMPARE(snapshot.alertsTotal, 1u);
        QCOMPARE(snapshot.alertsBySeverity[static_cast<std::size_t>(Severity::High)], 1u);
        QCOMPARE(qs(snapshot.alertsByRule.at(0).rule), QStringLiteral("HIGH_VELOCITY"));
        QCOMPARE(snapshot.alertsByRule.at(0).alerts, 1u);
    }

    void velocityWindowBoundary() {
        // 31 events spread over 60.03 s: the first has left the window when the last arrives.
        FraudDetector spread(thirtyPerMinute());
        QCOMPARE(burst(spread, "u", 31, kT0, 2'001).size(), 0u);

        // The window is (t - 60 s, t]: an event exactly 60 s older is outside...
        FraudDetector exact(thirtyPerMinute());
        std::vector<Alert> alerts = burst(exact, "u", 30, kT0, 1'000); // kT0 .. kT0 + 29 s
        exact.apply(click("u", kT0 + 60'000), kT0 + 60'000, alerts);
        QCOMPARE(alerts.size(), 0u);

        // ...and one a millisecond younger is inside.
        FraudDetector inside(thirtyPerMinute());
        alerts = burst(inside, "u", 30, kT0, 1'000);
        inside.apply(click("u", kT0 + 59'999), kT0 + 59'999, alerts);
        QCOMPARE(alerts.size(), 1u);
        QCOMPARE(qs(alerts.front().message),
                 QStringLiteral("User has 31 events in the last minute"));
    }

    void velocityCountsOutOfOrderEvents() {
        FraudDetector detector(thirtyPerMinute());
        std::vector<Alert> alerts = burst(detector, "u", 29, kT0 + 1'000, 1'000); // +1 s .. +29 s
        // A late event, older than all the others but inside the window.
        detector.apply(click("u", kT0 + 500), kT0 + 40'000, alerts);
        QCOMPARE(alerts.size(), 0u); // only one event at or before its own time
        detector.apply(click("u", kT0 + 30'000), kT0 + 40'001, alerts);
        QCOMPARE(alerts.size(), 1u); // 29 + the late one + this one
        QCOMPARE(qs(alerts.front().message),
                 QStringLiteral("User has 31 events in the last minute"));

        // Without the late event the same sequence stays quiet.
        FraudDetector control(thirtyPerMinute());
        alerts = burst(control, "u", 29, kT0 + 1'000, 1'000);
        control.apply(click("u", kT0 + 30'000), kT0 + 40'001, alerts);
        QCOMPARE(alerts.size(), 0u);
    }

    void cooldownPerUserAndRule() {
        FraudDetector detector(thirtyPerMinute());
        const FraudThresholds t = detector.thresholds();
        QCOMPARE(t.cooldownMs, 5 * 60'000);
        std::vector<Alert> alerts = burst(detector, "alice", 31, kT0, 100);
        QCOMPARE(alerts.size(), 1u);
        const std::int64_t firstAlertMs = kT0 + 30 * 100;

        // Still bursting a minute later: suppressed.
        alerts = burst(detector, "alice", 40, kT0 + 60'000, 100);
        QCOMPARE(alerts.size(), 0u);
        // Another user in the same cooldown alerts.
        alerts = burst(detector, "bob", 31, kT0 + 60'000, 100);
        QCOMPARE(alerts.size(), 1u);
        QCOMPARE(qs(alerts.front().userId), QStringLiteral("bob"));
        // Another rule for the same user is not held back by the velocity cooldown.
        detector.apply(purchase("alice", 1'000'00, kT0 + 65'000), kT0 + 65'000, alerts);
        QCOMPARE(alerts.size(), 2u);
        QCOMPARE(qs(alerts.back().rule), QStringLiteral("HIGH_VALUE_PURCHASE"));

        // A burst whose 31st event is 1 ms short of the cooldown: still quiet.
        const std::int64_t justBefore = firstAlertMs + t.cooldownMs - 1 - 30 * 100;
        alerts = burst(detector, "alice", 31, justBefore, 100);
        QCOMPARE(alerts.size(), 0u);
        // Once the cooldown has passed since the first alert, the next event alerts again.
        detector.apply(click("alice", firstAlertMs + t.cooldownMs), kT0 + 400'000, alerts);
        QCOMPARE(alerts.size(), 1u);
        QCOMPARE(alerts.front().eventTimeMs, firstAlertMs + t.cooldownMs);
        QCOMPARE(alerts.front().detectedAtMs, kT0 + 400'000);
        QVERIFY(alerts.front().alertId != "");
        QCOMPARE(detector.snapshot(kT0).alertsTotal, 4u);
    }

    void highValue_data() {
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<bool>("alerts");
        QTest::addColumn<int>("severity");
        const int medium = int(Severity::Medium);
        QTest::newRow("well below") << qint64(49'99) << false << medium;
        QTest::newRow("exactly the threshold") << qint64(900'00) << false << medium;
        QTest::newRow("one cent above") << qint64(900'01) << true << medium;
        QTest::newRow("demo guide") << qint64(999'99) << true << medium;
        // The severe tier: two of the dearest item an ordinary shopper may buy stay MEDIUM.
        QTest::newRow("two luxury items") << qint64(5'001'98) << true << medium;
        QTest::newRow("exactly the severe amount") << qint64(6'000'00) << true << medium;
        QTest::newRow("one cent above severe") << qint64(6'000'01) << true << int(Severity::High);
    }

    void highValue() {
        QFETCH(qint64, cents);
        QFETCH(bool, alerts);
        QFETCH(int, severity);
        FraudDetector detector;
        std::vector<Alert> raised;
        detector.apply(purchase("carol", cents), kT0 + 5, raised);
        QCOMPARE(raised.size(), alerts ? 1u : 0u);
        if (!alerts) {
            return;
        }
        const Alert &alert = raised.front();
        QCOMPARE(qs(alert.rule), QStringLiteral("HIGH_VALUE_PURCHASE"));
        QCOMPARE(alert.severity, Severity(severity));
        QCOMPARE(alert.detectedAtMs, kT0 + 5);
        if (cents == 999'99) {
            QCOMPARE(qs(alert.message), QStringLiteral("High-value purchase: $999.99"));
            const std::vector<std::pair<std::string, std::string>> evidence = {
                {"amount", "$999.99"},
                {"threshold", "$900.00"},
                {"order_id", "ord-carol"},
                {"risk_score", "15"}};
            QVERIFY(alert.evidence == evidence);
        }
        if (cents == 6'000'01) {
            QCOMPARE(alert.evidence[1].second, std::string("$6,000.00")); // the severe threshold
        }
    }

    void highValueSevereTierNeverLowers() {
        // A severe tier set below the base severity must not soften the alert.
        FraudThresholds t;
        t.highValueSeverity = Severity::Critical;
        FraudDetector detector(t);
        std::vector<Alert> raised;
        detector.apply(purchase("gail", 7'000'00), kT0, raised);
        QCOMPARE(raised.size(), 1u);
        QCOMPARE(raised.front().severity, Severity::Critical);
    }

    void highValueOnPurchasesInAnyCurrency() {
        FraudDetector detector;
        std::vector<Alert> raised;
        Event checkout = purchase("dave", 5'000'00);
        checkout.type = EventType::Checkout; // only a purchase counts, even with an order
        detector.apply(checkout, kT0, raised);
        QCOMPARE(raised.size(), 0u);
        Event euro = purchase("dave", 950'00, kT0 + 1);
        euro.order.currency = "EUR"; // the threshold ignores the currency
        detector.apply(euro, kT0 + 1, raised);
        QCOMPARE(raised.size(), 1u);
        QCOMPARE(qs(raised.front().message), QStringLiteral("High-value purchase: EUR 950.00"));
    }

    void idleUsersAreForgotten() {
        FraudThresholds t = thirtyPerMinute();
        t.cooldownMs = 60 * 60'000; // longer than the 30 min idle expiry
        FraudDetector quiet(t);
        FraudDetector busy(t);
        QCOMPARE(burst(quiet, "ivan", 31, kT0, 100).size(), 1u);
        QCOMPARE(burst(busy, "ivan", 31, kT0, 100).size(), 1u);
        // In `busy` someone else keeps event time moving: after 32 minutes ivan is forgotten.
        std::vector<Alert> none = burst(busy, "other", 32, kT0 + 60'000, 60'000);
        QCOMPARE(none.size(), 0u);
        QCOMPARE(busy.trackedUsers(), 1u);
        QCOMPARE(quiet.trackedUsers(), 1u);
        // Forgotten means the cooldown is gone too; where he is remembered it still holds.
        QCOMPARE(burst(busy, "ivan", 31, kT0 + 33 * 60'000, 100).size(), 1u);
        QCOMPARE(burst(quiet, "ivan", 31, kT0 + 33 * 60'000, 100).size(), 0u);
        QCOMPARE(busy.trackedUsers(), 2u);
    }

    void thresholdsApplyToNextEvent() {
        FraudDetector detector;
        std::vector<Alert> raised;
        detector.apply(purchase("erin", 150'00, kT0), kT0, raised);
        QCOMPARE(raised.size(), 0u);
        FraudThresholds t = detector.thresholds();
        t.highValueCents = 100'00;
        t.velocityMaxEvents = 3;
        t.velocityWindowMs = 10'000;
        detector.setThresholds(t);
        QVERIFY(detector.thresholds() == t);
        detector.apply(purchase("frank", 150'00, kT0 + 1), kT0 + 1, raised);
        QCOMPARE(raised.size(), 1u);
        QCOMPARE(qs(raised.front().message), QStringLiteral("High-value purchase: $150.00"));

        raised = burst(detector, "gina", 4, kT0, 1'000);
        QCOMPARE(raised.size(), 1u);
        QCOMPARE(qs(raised.front().message), QStringLiteral("User has 4 events in the last 10 s"));
        // Four events 3.5 s apart span 10.5 s: not inside one 10 s window.
        raised = burst(detector, "hank", 4, kT0, 3'500);
        QCOMPARE(raised.size(), 0u);
    }

    void alertJson() {
        Alert alert;
        alert.alertId = "alert-7-1709294400123";
        alert.rule = "HIGH_VALUE_PURCHASE";
        alert.severity = Severity::Critical;
        alert.userId = "user \"quoted\" \\ ü\n";
        alert.eventTimeMs = kT0 + 123;
        alert.detectedAtMs = kT0 + 1'456;
        alert.message = "High-value purchase: $9,999.90";
        alert.evidence = {{"amount", "$9,999.90"}, {"order_id", "ord-\x01"}};
        alert.eventIds = {"e-1", "e-2"};
        std::string out;
        encodeAlert(alert, out);
        QVERIFY(out.find('\n') == std::string::npos); // one line

        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(out), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isObject());
        const QJsonObject o = doc.object();
        QCOMPARE(o.size(), 9);
        QCOMPARE(o.value(u"alert_id").toString(), QStringLiteral("alert-7-1709294400123"));
        QCOMPARE(o.value(u"rule").toString(), QStringLiteral("HIGH_VALUE_PURCHASE"));
        QCOMPARE(o.value(u"severity").toString(), QStringLiteral("CRITICAL"));
        QCOMPARE(o.value(u"user_id").toString(), QString::fromUtf8("user \"quoted\" \\ ü\n"));
        QCOMPARE(o.value(u"event_time").toString(), QStringLiteral("2024-03-01T12:00:00.123Z"));
        QCOMPARE(o.value(u"detected_at").toString(), QStringLiteral("2024-03-01T12:00:01.456Z"));
        QCOMPARE(o.value(u"message").toString(), QStringLiteral("High-value purchase: $9,999.90"));
        const QJsonObject evidence = o.value(u"evidence").toObject();
        QCOMPARE(evidence.size(), 2);
        QCOMPARE(evidence.value(u"amount").toString(), QStringLiteral("$9,999.90"));
        QCOMPARE(evidence.value(u"order_id").toString(), QStringLiteral("ord-\x01"));
        QCOMPARE(o.value(u"event_ids").toArray(),
                 (QJsonArray{QStringLiteral("e-1"), QStringLiteral("e-2")}));

        // Empty evidence and ids still give valid JSON.
        out.clear();
        encodeAlert(Alert{}, out);
        const QJsonObject empty = QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
        QCOMPARE(empty.value(u"severity").toString(), QStringLiteral("MEDIUM"));
        QVERIFY(empty.value(u"evidence").isObject());
        QCOMPARE(empty.value(u"event_ids").toArray().size(), 0);
    }

    void severityNames() {
        for (const Severity s :
             {Severity::Low, Severity::Medium, Severity::High, Severity::Critical}) {
            QCOMPARE(severityFromName(severityName(s)), std::optional<Severity>(s));
        }
        QCOMPARE(severityFromName("high"), std::nullopt);
    }

    void latencyQuantiles() {
        LatencyHistogram histogram;
        QCOMPARE(histogram.quantileMs(0.5), 0.0);
        for (int ms = 1; ms <= 100; ++ms) {
            histogram.record(ms);
        }
        QCOMPARE(histogram.count(), 100u);
        // 1 ms buckets report their upper edge: sample 50 lives in [50, 51).
        QCOMPARE(histogram.quantileMs(0.5), 51.0);
        QCOMPARE(histogram.quantileMs(0.99), 100.0);
        QCOMPARE(histogram.quantileMs(1.0), 101.0);
        QCOMPARE(histogram.quantileMs(0.001), 2.0); // rank 1: the smallest sample
        QCOMPARE(histogram.quantileMs(0.0), 2.0);

        histogram.reset();
        QCOMPARE(histogram.count(), 0u);
        QCOMPARE(histogram.quantileMs(0.99), 0.0);
        histogram.record(-20); // clock skew counts as 0 ms
        QCOMPARE(histogram.quantileMs(0.5), 1.0);
        for (int i = 0; i < 98; ++i) {
            histogram.record(1'550); // 100 ms bucket [1500, 1600)
        }
        histogram.record(59'999); // last 100 ms bucket [59900, 60000)
        QCOMPARE(histogram.quantileMs(0.5), 1'600.0);
        QCOMPARE(histogram.quantileMs(0.99), 1'600.0);
        QCOMPARE(histogram.quantileMs(1.0), 60'000.0);
        histogram.record(3'600'000); // an hour: clamped into the overflow bucket
        QVERIFY(histogram.quantileMs(1.0) >= 60'000.0);
        QCOMPARE(histogram.quantileMs(0.99), 60'000.0); // rank ceil(0.99 * 101) = 100
        QCOMPARE(histogram.quantileMs(0.5), 1'600.0);
    }

    void offsetTracker() {
        OffsetTracker tracker;
        QCOMPARE(tracker.nextOffset(0), -1);
        auto v = tracker.observe(0, 5); // the first offset seen is never a gap
        QVERIFY(v.fresh);
        QCOMPARE(v.skipped, 0);
        QCOMPARE(tracker.nextOffset(0), 6);
        v = tracker.observe(0, 6);
        QVERIFY(v.fresh);
        QCOMPARE(v.skipped, 0);
        v = tracker.observe(0, 6); // redelivered
        QVERIFY(!v.fresh);
        QCOMPARE(v.skipped, 0);
        QVERIFY(!tracker.observe(0, 2).fresh); // older: redelivered after a rebalance
        QCOMPARE(tracker.nextOffset(0), 7);
        v = tracker.observe(0, 10); // 7, 8, 9 vanished
        QVERIFY(v.fresh);
        QCOMPARE(v.skipped, 3);
        QCOMPARE(tracker.nextOffset(0), 11);
        // Partitions are independent.
        QCOMPARE(tracker.nextOffset(3), -1);
        QVERIFY(tracker.observe(3, 0).fresh);
        QVERIFY(!tracker.observe(3, 0).fresh);
        QCOMPARE(tracker.observe(3, 1).skipped, 0);
        QCOMPARE(tracker.nextOffset(3), 2);
        QCOMPARE(tracker.nextOffset(0), 11);
        QCOMPARE(tracker.nextOffset(1), -1);
        // A negative partition is not tracked.
        QVERIFY(tracker.observe(-1, 4).fresh);
        QCOMPARE(tracker.nextOffset(-1), -1);

        // A state restored below what was read: the offsets from there on are fresh again.
        tracker.restartAt(0, 8);
        QCOMPARE(tracker.nextOffset(0), 8);
        QVERIFY(!tracker.observe(0, 7).fresh);
        v = tracker.observe(0, 8);
        QVERIFY(v.fresh);
        QCOMPARE(v.skipped, 0);
        // Resumed past what was read (another member read on): that is no gap.
        tracker.restartAt(0, 20);
        v = tracker.observe(0, 20);
        QVERIFY(v.fresh);
        QCOMPARE(v.skipped, 0);
        // Nothing left of the partition: as if never read.
        tracker.restartAt(0, -1);
        QCOMPARE(tracker.nextOffset(0), -1);
        QVERIFY(tracker.observe(0, 3).fresh);
        tracker.restartAt(7, 0);
        QCOMPARE(tracker.nextOffset(7), -1);
        tracker.restartAt(-1, 5); // not tracked
        QCOMPARE(tracker.nextOffset(-1), -1);
    }

    void money_data() {
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("text");
        QTest::newRow("brief") << qint64(999'990) << QStringLiteral("USD")
                               << QStringLiteral("$9,999.90");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("USD") << QStringLiteral("$0.00");
        QTest::newRow("cents only")
            << qint64(5) << QStringLiteral("USD") << QStringLiteral("$0.05");
        QTest::newRow("no separator")
            << qint64(999'99) << QStringLiteral("USD") << QStringLiteral("$999.99");
        QTest::newRow("thousand") << qint64(1'000'00) << QStringLiteral("USD")
                                  << QStringLiteral("$1,000.00");
        QTest::newRow("millions") << qint64(1'234'567'89) << QStringLiteral("USD")
                                  << QStringLiteral("$1,234,567.89");
        QTest::newRow("negative") << qint64(-1'234'50) << QStringLiteral("USD")
                                  << QStringLiteral("-$1,234.50");
        QTest::newRow("euro") << qint64(12'50) << QStringLiteral("EUR")
                              << QStringLiteral("EUR 12.50");
    }

    void money() {
        QFETCH(qint64, cents);
        QFETCH(QString, currency);
        QFETCH(QString, text);
        QCOMPARE(qs(formatMoney(cents, currency.toStdString())), text);
    }
};

QTEST_APPLESS_MAIN(TestFraudRules)
#include "tst_fraud_rules.moc"
