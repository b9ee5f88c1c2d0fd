// The web collector's POST /e body decoder (issue 17): the event decoder's strictness on what
// browsers send, the batch limits, and that what the collector produces from an accepted body
// passes the consumers' strict decoder unchanged.
#include "beacon_decoder.h"
#include "event_codec.h"
#include "event_enricher.h"
#include "time_zone_places.h"
#include "user_agent_parser.h"

#include <QTest>

using namespace trackboard;

namespace {
const char *kDesktopChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                             "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
}

class TestCollectorDecoder : public QObject {
    Q_OBJECT

private:
    UserAgentParser parser_;
    TimeZonePlaces places_;

private slots:
    void initTestCase() {
        std::string error;
        QVERIFY2(parser_.load(UserAgentParser::kDefaultRegexes, error), error.c_str());
        QVERIFY2(
            places_.load(TimeZonePlaces::kDefaultZoneTab, TimeZonePlaces::kDefaultTzdataZi, error),
            error.c_str());
    }

    void beaconVerdicts_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason"); // "none" when accepted
        QTest::addColumn<int>("events");
        QTest::newRow("page view")
            << QByteArray(R"({"event_type":"page_view","page":"/"})") << "none" << 1;
        QTest::newRow("all optional fields")
            << QByteArray(R"({"event_type":"click","page":"/","referrer":null,"tz":"Asia/Tokyo",)"
                          R"("screen_width":390,"lang":"ja","event_id":"e1","user_id":"u1"})")
            << "none" << 1;
        QTest::newRow("batch of two")
            << QByteArray(
                   R"([{"event_type":"page_view","page":"/"},{"event_type":"search","page":"/s"}])")
            << "none" << 2;
        QTest::newRow("empty body") << QByteArray() << "empty" << 0;
        QTest::newRow("empty batch") << QByteArray("[]") << "empty_batch" << 0;
        QTest::newRow("malformed") << QByteArray(R"({"event_type":)") << "malformed_json" << 0;
        QTest::newRow("trailing") << QByteArray(R"({"event_type":"click","page":"/"} x)")
                                  << "malformed_json" << 0;
        QTest::newRow("not an object") << QByteArray("42") << "not_an_object" << 0;
        QTest::newRow("array of numbers") << QByteArray("[1]") << "not_an_object" << 0;
        QTest::newRow("bad utf8") << QByteArray("{\"event_type\":\"click\",\"page\":\"\xff\"}")
                                  << "invalid_utf8" << 0;
        QTest::newRow("missing page")
            << QByteArray(R"({"event_type":"click"})") << "missing_field" << 0;
        QTest::newRow("missing type") << QByteArray(R"({"page":"/"})") << "missing_field" << 0;
        QTest::newRow("unknown type")
            << QByteArray(R"({"event_type":"hover","page":"/"})") << "unknown_event_type" << 0;
        QTest::newRow("page not a string")
            << QByteArray(R"({"event_type":"click","page":1})") << "wrong_type" << 0;
        QTest::newRow("null tz") << QByteArray(R"({"event_type":"click","page":"/","tz":null})")
                                 << "wrong_type" << 0;
        QTest::newRow("empty user_id")
            << QByteArray(R"({"event_type":"click","page":"/","user_id":""})") << "invalid_value"
            << 0;
        QTest::newRow("add_to_cart without product")
            << QByteArray(R"({"event_type":"add_to_cart","page":"/"})") << "missing_field" << 0;
        QTest::newRow("product missing price")
            << QByteArray(
                   R"({"event_type":"product_view","page":"/","product":{"id":"p","name":"n","category":"c"}})")
            << "missing_field" << 0;
        QTest::newRow("price as string")
            << QByteArray(
                   R"({"event_type":"product_view","page":"/","product":{"id":"p","name":"n","category":"c","price":"9.99"}})")
            << "wrong_type" << 0;
        QTest::newRow("negative price")
            << QByteArray(
                   R"({"event_type":"product_view","page":"/","product":{"id":"p","name":"n","category":"c","price":-1}})")
            << "invalid_value" << 0;
        QTest::newRow("purchase without order")
            << QByteArray(
                   R"({"event_type":"purchase","page":"/","product":{"id":"p","name":"n","category":"c","price":1}})")
            << "missing_field" << 0;
        QTest::newRow("purchase")
            << QByteArray(
                   R"({"event_type":"purchase","page":"/","quantity":2,"product":{"id":"p","name":"n","category":"c","price":1},"order":{"id":"o","value":2,"currency":"EUR"}})")
            << "none" << 1;
        QTest::newRow("quantity zero")
            << QByteArray(R"({"event_type":"click","page":"/","quantity":0})") << "invalid_value"
            << 0;
        QTest::newRow("quantity decimal")
            << QByteArray(R"({"event_type":"click","page":"/","quantity":1.5})") << "wrong_type"
            << 0;
        QTest::newRow("screen width negative")
            << QByteArray(R"({"event_type":"click","page":"/","screen_width":-1})")
            << "invalid_value" << 0;
        QTest::newRow("page too long")
            << QByteArray(R"({"event_type":"click","page":")") + QByteArray(2001, 'a') + "\"}"
            << "invalid_value" << 0;
        QTest::newRow("click with element and experiment")
            << QByteArray(R"({"event_type":"click","page":"/","element":"size-guide",)"
                          R"("experiment":{"id":"checkout-redesign","variant":"B","since":1}})")
            << "none" << 1;
        QTest::newRow("element not a string")
            << QByteArray(R"({"event_type":"click","page":"/","element":["x"]})") << "wrong_type"
            << 0;
        QTest::newRow("element too long")
            << QByteArray(R"({"event_type":"click","page":"/","element":")") +
                   QByteArray(2001, 'e') + "\"}"
            << "invalid_value" << 0;
        QTest::newRow("experiment not an object")
            << QByteArray(R"({"event_type":"click","page":"/","experiment":"checkout"})")
            << "wrong_type" << 0;
        QTest::newRow("experiment without variant")
            << QByteArray(R"({"event_type":"click","page":"/","experiment":{"id":"x"}})")
            << "missing_field" << 0;
        QTest::newRow("experiment variant a number")
            << QByteArray(
                   R"({"event_type":"click","page":"/","experiment":{"id":"x","variant":2}})")
            << "wrong_type" << 0;
        QTest::newRow("experiment id empty")
            << QByteArray(
                   R"({"event_type":"click","page":"/","experiment":{"id":"","variant":"A"}})")
            << "invalid_value" << 0;
        QTest::newRow("experiment id too long")
            << QByteArray(
                   R"({"event_type":"click","page":"/","experiment":{"variant":"A","id":")") +
                   QByteArray(2001, 'x') + "\"}}"
            << "invalid_value" << 0;
        QTest::newRow("one bad in a batch")
            << QByteArray(R"([{"event_type":"click","page":"/"},{"event_type":"nope","page":"/"}])")
            << "unknown_event_type" << 0;
    }

    void beaconVerdicts() {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        QFETCH(int, events);
        BeaconDecoder decoder;
        std::vector<Beacon> beacons;
        const auto verdict =
            decoder.decode(std::string_view(body.constData(), body.size()), beacons);
        QCOMPARE(QString::fromLatin1(verdict.reasonName()), reason);
        if (verdict.ok()) {
            QCOMPARE(int(beacons.size()), events);
        }
    }

    void batchLimit() {
        const auto batch = [](int count) {
            QByteArray body = "[";
            for (int i = 0; i < count; ++i) {
                body += QByteArray(i ? "," : "") + R"({"event_type":"click","page":"/"})";
            }
            return body + "]";
        };
        BeaconDecoder decoder;
        std::vector<Beacon> beacons;
        const QByteArray tooMany = batch(51);
        auto verdict =
            decoder.decode(std::string_view(tooMany.constData(), tooMany.size()), beacons);
        QCOMPARE(QString::fromLatin1(verdict.reasonName()), QStringLiteral("too_many_events"));
        const QByteArray fifty = batch(50);
        verdict = decoder.decode(std::string_view(fifty.constData(), fifty.size()), beacons);
        QVERIFY(verdict.ok());
        QCOMPARE(beacons.size(), kMaxBeaconsPerBatch);
    }

    // What the collector produces must pass the consumers' strict decoder, unchanged.
    void enrichedEventsPassTheEventDecoder() {
        const QByteArray body =
            R"([{"event_type":"page_view","page":"https://shop.example/?q=1","tz":"Asia/Calcutta","screen_width":1280,"lang":"hi-IN"},)"
            R"({"event_type":"click","page":"/p/1","element":"add-to-wishlist","experiment":{"id":"checkout-redesign","variant":"A"}},)"
            R"({"event_type":"add_to_cart","page":"/cart","quantity":1,"product":{"id":"p-1","name":"Mug","category":"home","price":9.5}},)"
            R"({"event_type":"purchase","page":"/checkout","user_id":"alice","product":{"id":"p-1","name":"Mug","category":"home","price":9.5},"order":{"id":"o-1","value":9.5,"currency":"EUR"}}])";
        BeaconDecoder decoder;
        std::vector<Beacon> beacons;
        QVERIFY(decoder.decode(std::string_view(body.constData(), body.size()), beacons).ok());
        EventEnricher enricher(parser_, places_);
        const BeaconContext context{"198.51.100.7", kDesktopChrome, "shop.example",
                                    1'717'999'999'000, false};
        EventDecoder strict;
        std::string sessionId;
        int withElement = 0;
        for (const auto &beacon : beacons) {
            Event event;
            auto source = EventEnricher::GeoSource::None;
            QCOMPARE(enricher.enrich(beacon, context, event, source),
                     EventEnricher::Outcome::Event);
            std::string json;
            EventEnricher::encodeWebEvent(event, source, json);
            QVERIFY(json.find("198.51.100.7") == std::string::npos);
            QVERIFY(json.find(R"("source":"web")") != std::string::npos);
            Event decoded;
            const auto result = strict.decode(json, decoded);
            QVERIFY2(result.ok(), json.c_str());
            QCOMPARE(decoded, event);
            QCOMPARE(decoded.source, EventSource::Web);
            // Only the first beacon sent its language; it is stored, not only checked.
            QCOMPARE(decoded.lang, std::string(sessionId.empty() ? "hi-IN" : ""));
            if (sessionId.empty()) {
                sessionId = event.sessionId;
                QCOMPARE(event.geo.country, std::string("IN"));
                QCOMPARE(event.page, std::string("/"));
                QVERIFY(event.userId.starts_with("v-"));
                QCOMPARE(event.device.type, std::string("desktop"));
            }
            QCOMPARE(event.sessionId, sessionId);
            // The click keeps its element and experiment; the other events have neither.
            QCOMPARE(event.element.empty(), event.type != EventType::Click);
            QCOMPARE(event.hasExperiment, event.type == EventType::Click);
            if (event.type == EventType::Click) {
                ++withElement;
                QCOMPARE(decoded.element, std::string("add-to-wishlist"));
                QCOMPARE(decoded.experiment, (Experiment{"checkout-redesign", "A"}));
                QVERIFY(json.find(R"("element":"add-to-wishlist")") != std::string::npos);
            }
        }
        QCOMPARE(withElement, 1);
    }

    void languageTagsAreKeptOnlyWhenWellFormed_data() {
        QTest::addColumn<QByteArray>("lang");
        QTest::addColumn<QByteArray>("stored");
        QTest::newRow("language and region") << QByteArray("de-DE") << QByteArray("de-DE");
        QTest::newRow("with script") << QByteArray("zh-Hant-TW") << QByteArray("zh-Hant-TW");
        QTest::newRow("language only") << QByteArray("fr") << QByteArray("fr");
        QTest::newRow("empty") << QByteArray("") << QByteArray("");
        QTest::newRow("one letter") << QByteArray("e") << QByteArray("");
        QTest::newRow("underscore (a locale, not a tag)") << QByteArray("en_US") << QByteArray("");
        QTest::newRow("leading hyphen") << QByteArray("-en") << QByteArray("");
        QTest::newRow("markup") << QByteArray("en<b>") << QByteArray("");
        QTest::newRow("36 characters") << QByteArray(36, 'a') << QByteArray("");
        QTest::newRow("35 characters") << QByteArray(35, 'a') << QByteArray(35, 'a');
    }

    // A malformed language is dropped, not refused: the event still counts.
    void languageTagsAreKeptOnlyWhenWellFormed() {
        QFETCH(QByteArray, lang);
        QFETCH(QByteArray, stored);
        Beacon beacon;
        beacon.page = "/";
        beacon.lang = lang.toStdString();
        EventEnricher enricher(parser_, places_);
        const BeaconContext context{"198.51.100.7", kDesktopChrome, "shop.example",
                                    1'717'999'999'000, false};
        Event event;
        auto source = EventEnricher::GeoSource::None;
        QCOMPARE(enricher.enrich(beacon, context, event, source), EventEnricher::Outcome::Event);
        QCOMPARE(QByteArray::fromStdString(event.lang), stored);
        // Left out, but counted: the collector's /metrics reports it.
        QCOMPARE(enricher.languagesDropped(), std::uint64_t(!lang.isEmpty() && stored.isEmpty()));
        std::string json;
        EventEnricher::encodeWebEvent(event, source, json);
        Event decoded;
        EventDecoder strict;
        QVERIFY2(strict.decode(json, decoded).ok(), json.c_str());
        QCOMPARE(QByteArray::fromStdString(decoded.lang), stored);
    }
};

QTEST_GUILESS_MAIN(TestCollectorDecoder)
#include "tst_collector_decoder.moc"
