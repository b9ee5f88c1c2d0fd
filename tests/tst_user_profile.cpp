// The drill-down's query: what the fraud detector holds about one user (UserProfile), read from
// the rules' own histories, with hand-built events.
#include "fraud_detector.h"
#include "fraud_script.h"
#include "user_profile.h"

#include <QtTest>

#include <algorithm>
#include <string>

using namespace trackboard;
using namespace trackboard::testing;

namespace {

QStringList typesOf(const UserProfile &p) {
    QStringList out;
    for (const ProfileEvent &e : p.events) {
        out << QString::fromStdString(e.type);
    }
    return out;
}

QStringList ipsOf(const UserProfile &p) {
    QStringList out;
    for (const ProfileEvent &e : p.events) {
        out << QString::fromStdString(e.ip);
    }
    return out;
}

bool hasAlert(const UserProfile &p, std::string_view rule) {
    return std::any_of(p.alerts.begin(), p.alerts.end(),
                       [&](const ProfileAlert &a) { return a.rule == rule; });
}

} // namespace

class TestUserProfile : public QObject {
    Q_OBJECT

private slots:
    // London, then Tokyo a minute later and New York a minute after that, with a purchase and
    // an event arriving late: every held event newest first with its type, address and place,
    // the distinct addresses and places with first and last seen, and the alerts raised.
    void attackedUser() {
        Feed feed("0 ip1; 1m ip1 product_view; 2m ip2 Tokyo $12.50; 3m ip3 NewYork login; "
                  "150s ip2 Tokyo search");
        const UserProfile p = feed.detector.profileOf("u", kT0 + 5 * kMin);
        QVERIFY(p.held);
        QCOMPARE(p.userId, std::string("u"));
        QCOMPARE(p.takenAtMs, kT0 + 5 * kMin);
        QCOMPARE(p.lastSeenMs, kT0 + 3 * kMin);
        QCOMPARE(p.heldFromMs, kT0);
        QCOMPARE(typesOf(p),
                 QStringList({QStringLiteral("login"), QStringLiteral("search"),
                              QStringLiteral("purchase"), QStringLiteral("product_view"),
                              QStringLiteral("page_view")}));
        QCOMPARE(ipsOf(p), QStringList({QStringLiteral("10.0.0.3"), QStringLiteral("10.0.0.2"),
                                        QStringLiteral("10.0.0.2"), QStringLiteral("10.0.0.1"),
                                        QStringLiteral("10.0.0.1")}));
        QCOMPARE(p.events[2].amountCents, 1250);
        QCOMPARE(p.events[0].amountCents, -1);
        QCOMPARE(p.events[1].timeMs, kT0 + 150'000);
        QCOMPARE(p.events[2].city, std::string("Tokyo"));
        QCOMPARE(p.events[2].country, std::string("JP"));
        QCOMPARE(p.events[2].lat, 35.6762f); // held as float

        QCOMPARE(p.addresses.size(), std::size_t(3));
        QCOMPARE(p.addresses[0].ip, std::string("10.0.0.3"));
        QCOMPARE(p.addresses[1].ip, std::string("10.0.0.2"));
        QCOMPARE(p.addresses[1].firstSeenMs, kT0 + 2 * kMin);
        QCOMPARE(p.addresses[1].lastSeenMs, kT0 + 150'000);
        QCOMPARE(p.addresses[2].ip, std::string("10.0.0.1"));
        QCOMPARE(p.addresses[2].firstSeenMs, kT0);
        QCOMPARE(p.addresses[2].lastSeenMs, kT0 + kMin);

        QCOMPARE(p.places.size(), std::size_t(3));
        QCOMPARE(p.places[0].city, std::string("New York"));
        QCOMPARE(p.places[1].city, std::string("Tokyo"));
        QCOMPARE(p.places[2].city, std::string("London"));
        QCOMPARE(p.places[2].country, std::string("GB"));
        QCOMPARE(p.places[2].firstSeenMs, kT0);
        QCOMPARE(p.places[2].lastSeenMs, kT0 + kMin);

        // London to Tokyo (9,560 km) in a minute.
        QVERIFY(hasAlert(p, "IMPOSSIBLE_TRAVEL"));
        for (std::size_t i = 1; i < p.alerts.size(); ++i) {
            QVERIFY(p.alerts[i - 1].raisedAtMs >= p.alerts[i].raisedAtMs);
        }
        QVERIFY(p.riskScore > 0);
        QVERIFY(p.limits.size() >= 2);
        QVERIFY(QString::fromStdString(p.limits[0]).contains(QStringLiteral("pages and products")));
    }

    void unknownUser() {
        Feed feed("0 ip1");
        const UserProfile p = feed.detector.profileOf("nobody", kT0);
        QVERIFY(!p.held);
        QCOMPARE(p.userId, std::string("nobody"));
        QVERIFY(p.events.empty());
        QVERIFY(p.addresses.empty());
        QVERIFY(p.places.empty());
    }

    // Quiet for the idle expiry (30 min by default): the detector forgets the user whole.
    void forgottenUser() {
        Feed feed("0 ip1");
        for (const Event &e : script(QStringLiteral("0"))) {
            Event other = e;
            other.userId = "v";
            other.timestampMs = kT0 + 3 * 60 * kMin;
            feed.detector.apply(other, other.timestampMs, feed.alerts);
        }
        QVERIFY(feed.detector.profileOf("v", kT0).held);
        QVERIFY(!feed.detector.profileOf("u", kT0).held);
    }

    // 500 events a second apart from 500 addresses: the visits hold the newest 64 and the
    // names of the last 16 (the marks' cap); the rest show "?" and the profile says why.
    void boundedByTheHistories() {
        FraudDetector detector;
        std::vector<Alert> alerts;
        for (int i = 0; i < 500; ++i) {
            Event e = script(QStringLiteral("0")).front();
            e.timestampMs = kT0 + i * 1000;
            e.ipAddress = "10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256);
            detector.apply(e, e.timestampMs, alerts);
        }
        const UserProfile p = detector.profileOf("u", kT0 + 500'000);
        QCOMPARE(p.events.size(), kVisitHistoryCap);
        QCOMPARE(p.events.front().timeMs, kT0 + 499'000);
        QCOMPARE(p.events.back().timeMs, kT0 + 436'000);
        QCOMPARE(p.events.front().ip, std::string("10.1.1.243"));
        QCOMPARE(p.addresses.size(), kVisitHistoryCap);
        const auto named = std::count_if(p.events.begin(), p.events.end(),
                                         [](const ProfileEvent &e) { return e.ip != "?"; });
        QCOMPARE(named, 16);
        QCOMPARE(p.events[15].ip, std::string("10.1.1.228"));
        QCOMPARE(p.events[16].ip, std::string("?"));
        QVERIFY(std::any_of(p.limits.begin(), p.limits.end(),
                            [](const std::string &l) { return l.starts_with("\"?\""); }));
        QVERIFY(hasAlert(p, "MULTIPLE_IPS"));
    }

    // A purchase's amount is kept for the spending baseline (a day) after its address and place
    // went with the rules' shorter windows: listed, without a place.
    void purchaseOlderThanTheVisits() {
        Feed feed("0 $20; 1m; 45m Paris");
        const UserProfile p = feed.detector.profileOf("u", kT0 + 45 * kMin);
        QCOMPARE(typesOf(p), QStringList({QStringLiteral("page_view"), QStringLiteral("page_view"),
                                          QStringLiteral("purchase")}));
        QCOMPARE(p.events[2].amountCents, 2000);
        QVERIFY(!p.events[2].placeHeld);
        QVERIFY(p.events[0].placeHeld);
        QCOMPARE(p.events[0].city, std::string("Paris"));
        QCOMPARE(p.places.size(), std::size_t(2)); // Paris, and London from the 1m visit
        QCOMPARE(p.heldFromMs, kT0);
    }

    // Each worker holds some partitions; a user's events all go to one of them.
    void pickHolderTakesTheWorkerThatHasTheUser() {
        UserProfile none;
        none.userId = "u";
        none.takenAtMs = 7;
        UserProfile held;
        held.userId = "u";
        held.held = true;
        held.partition = 3;
        held.takenAtMs = 5;
        QCOMPARE(pickHolder("u", {none, held}).partition, 3);
        QCOMPARE(pickHolder("u", {held, none}), held);
        const UserProfile nobody = pickHolder("u", {none, none});
        QVERIFY(!nobody.held);
        QCOMPARE(nobody.userId, std::string("u"));
        QCOMPARE(nobody.takenAtMs, 7);
        QVERIFY(!pickHolder("w", {held}).held); // an answer about someone else
        QVERIFY(!pickHolder("u", {}).held);
    }
};

QTEST_APPLESS_MAIN(TestUserProfile)
#include "tst_user_profile.moc"
