// The web collector's enrichment (issue 17): uap-core's own test cases, every zone.tab zone,
// the device-type rule, bots, visitor identity and its salt file, sessions and page paths.
#include "device_rules.h"
#include "event_enricher.h"
#include "keyed_hash.h"
#include "salt_file.h"
#include "session_table.h"
#include "time_zone_places.h"
#include "user_agent_parser.h"
#include "visitor_identity.h"

#include <QTemporaryDir>
#include <QTest>

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include <sys/stat.h>

using namespace trackboard;

namespace {

const char *kDesktopChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                             "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

KeyedHash::Key countingSalt() {
    static std::uint64_t next = 1;
    ++next;
    return {next, next * 31};
}

} // namespace

class TestCollectorEnrichment : public QObject {
    Q_OBJECT

private:
    UserAgentParser parser_;
    TimeZonePlaces places_;

    // Share of uap-core's cases in `file` whose `family` the parser reproduces for `field`.
    double familyMatchRate(const char *file, std::string UserAgentInfo::*field) {
        const YAML::Node cases = YAML::LoadFile(std::string("/usr/share/uap-core/tests/") + file);
        std::size_t total = 0;
        std::size_t matched = 0;
        for (const auto &entry : cases["test_cases"]) {
            ++total;
            const auto info = parser_.parse(entry["user_agent_string"].as<std::string>());
            matched += info.*field == entry["family"].as<std::string>();
        }
        qInfo("%s: %zu of %zu families match", file, matched, total);
        return total ? double(matched) / double(total) : 0;
    }

private slots:
    void initTestCase() {
        std::string error;
        QVERIFY2(parser_.load(UserAgentParser::kDefaultRegexes, error), error.c_str());
        QVERIFY2(
            places_.load(TimeZonePlaces::kDefaultZoneTab, TimeZonePlaces::kDefaultTzdataZi, error),
            error.c_str());
        qInfo("uap-core rules compiled: %zu, refused by RE2: %zu", parser_.ruleCount(),
              parser_.skipped());
        QCOMPARE(parser_.skipped(), std::size_t(0));
    }

    void keyedHashIsSipHash24() {
        // The reference vectors of the SipHash paper's implementation (key 00..0f).
        const KeyedHash hash({0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL});
        QCOMPARE(hash(""), 0x726fdb47dd0e0e31ULL);
        std::string fifteen;
        for (char c = 0; c < 15; ++c) {
            fifteen += c;
        }
        QCOMPARE(hash(fifteen), 0xa129ca6149be45e5ULL);
        QCOMPARE(KeyedHash::hex(0xa129ca6149be45e5ULL), std::string("a129ca6149be45e5"));
    }

    void uapCoreBrowserFamilies() {
        QVERIFY(familyMatchRate("test_ua.yaml", &UserAgentInfo::browser) >= 0.95);
    }

    void uapCoreOsFamilies() {
        QVERIFY(familyMatchRate("test_os.yaml", &UserAgentInfo::os) >= 0.95);
    }

    void everyZoneTabZoneMapsToItsCountry() {
        std::ifstream tab(TimeZonePlaces::kDefaultZoneTab);
        std::string line;
        int zones = 0;
        while (std::getline(tab, line)) {
            if (line.empty() || line[0] == '#') {
                continue;
            }
            std::istringstream fields(line);
            std::string country, coordinates, zone;
            std::getline(fields, country, '\t');
            std::getline(fields, coordinates, '\t');
            std::getline(fields, zone, '\t');
            const auto place = places_.find(zone);
            QVERIFY2(place, zone.c_str());
            QCOMPARE(place->country, country);
            QVERIFY(std::abs(place->lat) <= 90 && std::abs(place->lon) <= 180);
            ++zones;
        }
        QVERIFY(zones > 300);
    }

    void linkNames_data() {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("country");
        QTest::addColumn<QString>("city");
        QTest::newRow("chrome's old India name") << "Asia/Calcutta"
                                                 << "IN"
                                                 << "Kolkata";
        QTest::newRow("US/Eastern") << "US/Eastern"
                                    << "US"
                                    << "New York";
        QTest::newRow("Buenos Aires") << "America/Argentina/Buenos_Aires"
                                      << "AR"
                                      << "Buenos Aires";
        QTest::newRow("Europe/Kiev") << "Europe/Kiev"
                                     << "UA"
                                     << "Kyiv";
        QTest::newRow("UTC has no country") << "Etc/UTC"
                                            << ""
                                            << "";
        QTest::newRow("unknown") << "Mars/Olympus"
                                 << ""
                                 << "";
        QTest::newRow("empty") << ""
                               << ""
                               << "";
    }

    void linkNames() {
        QFETCH(QString, zone);
        QFETCH(QString, country);
        QFETCH(QString, city);
        const auto place = places_.find(zone.toStdString());
        QCOMPARE(bool(place), !country.isEmpty());
        if (place) {
            QCOMPARE(QString::fromStdString(place->country), country);
            QCOMPARE(QString::fromStdString(place->city), city);
        }
    }

    void coordinates() {
        const auto andorra = TimeZonePlaces::parseCoordinates("+4230+00131");
        QVERIFY(andorra);
        QVERIFY(std::abs(andorra->first - 42.5) < 1e-9);
        QVERIFY(std::abs(andorra->second - (1 + 31 / 60.0)) < 1e-9);
        const auto newYork = TimeZonePlaces::parseCoordinates("+404251-0740023");
        QVERIFY(newYork);
        QVERIFY(std::abs(newYork->second + (74 + 23 / 3600.0)) < 1e-9);
        QVERIFY(!TimeZonePlaces::parseCoordinates("junk"));
    }

    void deviceType_data() {
        QTest::addColumn<QString>("userAgent");
        QTest::addColumn<int>("screenWidth");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("os");
        QTest::addColumn<QString>("browser");
        QTest::newRow("windows chrome") << kDesktopChrome << 1920 << "desktop"
                                        << "Windows"
                                        << "Chrome";
        QTest::newRow("mac safari")
            << "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
               "like Gecko) Version/17.1 Safari/605.1.15"
            << 1440 << "desktop"
            << "macOS"
            << "Safari";
        QTest::newRow("iphone")
            << "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
               "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
            << 390 << "mobile"
            << "iOS"
            << "Mobile Safari";
        QTest::newRow("ipad")
            << "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
               "Gecko) Version/16.6 Mobile/15E148 Safari/604.1"
            << 820 << "tablet"
            << "iOS"
            << "Mobile Safari";
        QTest::newRow("android phone")
            << "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0.0.0 Mobile Safari/537.36"
            << 412 << "mobile"
            << "Android"
            << "Chrome Mobile";
        QTest::newRow("android tablet (no Mobile)")
            << "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0.0.0 Safari/537.36"
            << 800 << "tablet"
            << "Android"
            << "Chrome";
        QTest::newRow("unknown OS, narrow screen") << "SomeBrowser/1.0" << 360 << "mobile"
                                                   << "Other"
                                                   << "Other";
        QTest::newRow("unknown OS, no width") << "SomeBrowser/1.0" << 0 << "desktop"
                                              << "Other"
                                              << "Other";
    }

    void deviceType() {
        QFETCH(QString, userAgent);
        QFETCH(int, screenWidth);
        QFETCH(QString, type);
        QFETCH(QString, os);
        QFETCH(QString, browser);
        const std::string ua = userAgent.toStdString();
        const auto info = parser_.parse(ua);
        QCOMPARE(QString::fromStdString(deviceTypeFor(info, ua, screenWidth)), type);
        QCOMPARE(QString::fromStdString(dashboardOsName(info.os)), os);
        QCOMPARE(QString::fromStdString(info.browser), browser);
        QVERIFY(!isBot(info, ua));
    }

    void bots_data() {
        QTest::addColumn<QString>("userAgent");
        QTest::newRow("googlebot") << "Mozilla/5.0 (compatible; Googlebot/2.1; "
                                      "+http://www.google.com/bot.html)";
        QTest::newRow("headless chrome")
            << "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "HeadlessChrome/120.0.0.0 Safari/537.36";
        QTest::newRow("curl-like empty") << "";
        // Any case, anywhere, the very end included.
        QTest::newRow("upper case") << "Mozilla/5.0 (X11; Linux x86_64) SELENIUM Firefox/120.0";
        QTest::newRow("last word") << "Mozilla/5.0 (Windows NT 10.0) Safari/537.36 phantomjs";
        QTest::newRow("bingbot") << "Mozilla/5.0 (compatible; bingbot/2.0; "
                                    "+http://www.bing.com/bingbot.htm)";
    }

    void bots() {
        QFETCH(QString, userAgent);
        const std::string ua = userAgent.toStdString();
        QVERIFY(isBot(parser_.parse(ua), ua));
    }

    void visitorIdsRotateDaily() {
        VisitorIdentity identity(countingSalt);
        const std::int64_t day = 86'400'000;
        const auto id = identity.visitorId("shop.example", "203.0.113.9", kDesktopChrome, day);
        QCOMPARE(identity.visitorId("shop.example", "203.0.113.9", kDesktopChrome, day + 5), id);
        QVERIFY(identity.visitorId("shop.example", "203.0.113.10", kDesktopChrome, day) != id);
        QVERIFY(identity.visitorId("other.example", "203.0.113.9", kDesktopChrome, day) != id);
        QVERIFY(!identity.previousVisitorId("shop.example", "203.0.113.9", kDesktopChrome));
        const auto next =
            identity.visitorId("shop.example", "203.0.113.9", kDesktopChrome, 2 * day);
        QVERIFY(next != id);
        QCOMPARE(*identity.previousVisitorId("shop.example", "203.0.113.9", kDesktopChrome), id);
        QCOMPARE(identity.hashedIp("203.0.113.9"), identity.hashedIp("203.0.113.9"));
        QVERIFY(identity.hashedIp("203.0.113.9") != identity.hashedIp("203.0.113.10"));
        QVERIFY(identity.hashedIp("203.0.113.9").find("203") == std::string::npos);
    }

    void saltFileKeepsVisitorIdsAcrossARestart() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state/salts")).toStdString();
        const std::int64_t day = 86'400'000;
        const std::int64_t noon = 20'000 * day + day / 2;
        const char *ip = "203.0.113.9";
        std::string error;
        QVERIFY(!readSaltFile(path, error));
        QVERIFY(error.empty()); // no file yet is no problem
        std::string id;
        {
            VisitorIdentity first(countingSalt);
            int saves = 0;
            first.setOnNewDay([&](const DaySalts &salts) {
                ++saves;
                QVERIFY2(writeSaltFile(path, salts, error), error.c_str());
            });
            id = first.visitorId("shop.example", ip, kDesktopChrome, noon);
            first.visitorId("shop.example", ip, kDesktopChrome, noon + 60'000);
            QCOMPARE(saves, 1); // once a day, not once an id
        }
        struct stat info {};
        QCOMPARE(::stat(path.c_str(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));

        VisitorIdentity restarted(countingSalt);
        const auto saved = readSaltFile(path, error);
        QVERIFY2(saved, error.c_str());
        QCOMPARE(saved->day, 20'000);
        restarted.restore(*saved);
        QCOMPARE(restarted.visitorId("shop.example", ip, kDesktopChrome, noon + 3'600'000), id);
        // The next day the restored salt is yesterday's, so a visit across midnight keeps its id.
        std::optional<DaySalts> nextDay;
        restarted.setOnNewDay([&](const DaySalts &salts) { nextDay = salts; });
        QVERIFY(restarted.visitorId("shop.example", ip, kDesktopChrome, noon + day) != id);
        QCOMPARE(*restarted.previousVisitorId("shop.example", ip, kDesktopChrome), id);
        QVERIFY(nextDay);
        QCOMPARE(nextDay->day, 20'001);
        QCOMPARE(nextDay->yesterday, std::optional(saved->today));
        // Without the file, a restart makes new ids.
        VisitorIdentity forgetful(countingSalt);
        QVERIFY(forgetful.visitorId("shop.example", ip, kDesktopChrome, noon) != id);
    }

    void saltFileRefusesWhatItCannotTrust() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("salts")).toStdString();
        DaySalts salts{20'000, {1, 0xfedcba9876543210}, std::nullopt};
        std::string error;
        QVERIFY2(writeSaltFile(path, salts, error), error.c_str());
        QCOMPARE(*readSaltFile(path, error), salts);
        // A salt others could read may have been copied: it is not used.
        QCOMPARE(::chmod(path.c_str(), 0640), 0);
        QVERIFY(!readSaltFile(path, error));
        QVERIFY2(error.find("readable by others") != std::string::npos, error.c_str());
        // Rewriting makes it 0600 again, yesterday's salt included.
        salts.yesterday = KeyedHash::Key{3, 4};
        QVERIFY2(writeSaltFile(path, salts, error), error.c_str());
        QCOMPARE(*readSaltFile(path, error), salts);
        {
            std::ofstream out(path, std::ios::trunc);
            out << "trackboard-salts 1\n20000 not-hex\n";
        }
        QVERIFY(!readSaltFile(path, error));
        QVERIFY2(error.find("not a Trackboard salt file") != std::string::npos, error.c_str());
    }

    void sessionsEndAfterThirtyIdleMinutes() {
        SessionTable sessions(7);
        const auto first = sessions.sessionFor("v-1", 1'000);
        QCOMPARE(sessions.sessionFor("v-1", 1'000 + SessionTable::kIdleMs - 1), first);
        const auto later = 1'000 + 2 * SessionTable::kIdleMs;
        QVERIFY(sessions.sessionFor("v-1", later) != first);
        QVERIFY(sessions.sessionFor("v-2", later) != sessions.sessionFor("v-1", later));
        QCOMPARE(sessions.size(), std::size_t(2));
    }

    void pagePaths_data() {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("path");
        QTest::newRow("path") << "/cart"
                              << "/cart";
        QTest::newRow("url") << "https://shop.example/product/p-1?utm=x#top"
                             << "/product/p-1";
        QTest::newRow("bare host") << "https://shop.example"
                                   << "/";
        QTest::newRow("query only") << "/search?q=me@example.com"
                                    << "/search";
        QTest::newRow("empty") << ""
                               << "/";
        QTest::newRow("campaign tags stay")
            << "https://shop.example/demo/?email=a@b.c&utm_source=newsletter&x=1&utm_medium=email&"
               "utm_campaign=black-friday#top"
            << "/demo/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday";
        QTest::newRow("only a campaign tag") << "/?utm_campaign=winter-sale"
                                             << "/?utm_campaign=winter-sale";
        QTest::newRow("look-alike keys go") << "/p?utm_sourcex=1&xutm_source=2&utm_source"
                                            << "/p?utm_source";
        QTest::newRow("tag in the fragment goes") << "/p#utm_source=x"
                                                  << "/p";
        QTest::newRow("query on the bare host") << "https://shop.example?utm_source=a"
                                                << "/";
    }

    void pagePaths() {
        QFETCH(QString, page);
        QFETCH(QString, path);
        QCOMPARE(QString::fromStdString(EventEnricher::pathOf(page.toStdString())), path);
    }

    void doNotTrackKeepsNothingLinkable() {
        EventEnricher enricher(parser_, places_);
        Beacon beacon;
        beacon.page = "/";
        BeaconContext context{"198.51.100.7", kDesktopChrome, "shop.example", 1'000'000, true};
        Event first;
        Event second;
        auto source = EventEnricher::GeoSource::None;
        QCOMPARE(enricher.enrich(beacon, context, first, source), EventEnricher::Outcome::Event);
        QCOMPARE(enricher.enrich(beacon, context, second, source), EventEnricher::Outcome::Event);
        QVERIFY(first.userId.starts_with("anon-"));
        QVERIFY(first.userId != second.userId);
        QCOMPARE(first.ipAddress, std::string("redacted"));
        QCOMPARE(source, EventEnricher::GeoSource::None);
        QCOMPARE(first.geo.country, std::string("ZZ"));
    }

    void botsAreDropped() {
        EventEnricher enricher(parser_, places_);
        Beacon beacon;
        const BeaconContext context{"198.51.100.7",
                                    "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0.0.0",
                                    "shop.example", 1'000'000, false};
        Event event;
        auto source = EventEnricher::GeoSource::None;
        QCOMPARE(enricher.enrich(beacon, context, event, source), EventEnricher::Outcome::Bot);
    }
};

QTEST_GUILESS_MAIN(TestCollectorEnrichment)
#include "tst_collector_enrichment.moc"
