// Event JSON codec and ISO timestamps: round trips, and one row per way a message is refused.
#include "event_codec.h"
#include "timestamp.h"

#include <QtTest>

#include <string>
#include <utility>
#include <vector>

using namespace trackboard;

Q_DECLARE_METATYPE(trackboard::Event)
Q_DECLARE_METATYPE(trackboard::RejectReason)
Q_DECLARE_METATYPE(trackboard::EventSource)

namespace {

QByteArray bytes(std::string_view text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string_view view(const QByteArray &json) {
    return std::string_view(json.constData(), std::size_t(json.size()));
}

QByteArray encoded(const Event &event) {
    std::string out;
    encodeEvent(event, out);
    return QByteArray::fromStdString(out);
}

Event pageView() {
    Event e;
    e.eventId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    e.type = EventType::PageView;
    e.timestampMs = 1'709'210'096'789; // 2024-02-29T12:34:56.789Z
    e.userId = "user-42";
    e.sessionId = "sess-00000000000000ff";
    e.page = "/";
    e.ipAddress = "10.1.0.42";
    e.geo = {"DE", "Berlin", 52.52, 13.405};
    e.device = {"desktop", "Linux", "Firefox"};
    return e;
}

Event withProduct(Event e, EventType type, int quantity) {
    e.type = type;
    e.hasProduct = true;
    e.product = {"p-1007", "Smart Lamp", "home", 1999};
    e.quantity = quantity;
    e.page = "/product/p-1007";
    return e;
}

Event purchase() {
    Event e = withProduct(pageView(), EventType::Purchase, 2);
    e.hasOrder = true;
    e.order = {"ord-0000000000000001", 3998, "USD"};
    e.page = "/checkout/confirmation";
    return e;
}

// A message as key/raw-JSON-value pairs, so that rows can drop or replace one field.
using Fields = std::vector<std::pair<std::string, std::string>>;

Fields purchaseFields() {
    return {
        {"event_id", R"("e-1")"},
        {"event_type", R"("purchase")"},
        {"timestamp", R"("2024-03-01T12:00:00.250Z")"},
        {"user_id", R"("user-7")"},
        {"session_id", R"("sess-1")"},
        {"page", R"("/checkout/confirmation")"},
        {"ip_address", R"("10.0.0.7")"},
        {"geo", R"({"country":"DE","city":"Berlin","lat":52.52,"lon":13.405})"},
        {"device", R"({"type":"desktop","os":"Linux","browser":"Firefox"})"},
        {"product", R"({"id":"p-1","name":"Lamp","category":"home","price":19.99})"},
        {"quantity", "2"},
        {"order", R"({"id":"ord-1","value":39.98,"currency":"USD"})"},
    };
}

QByteArray toJson(const Fields &fields) {
    QByteArray json = "{";
    for (const auto &[key, value] : fields) {
        if (json.size() > 1) {
            json += ',';
        }
        json += '"' + QByteArray::fromStdString(key) + "\":" + QByteArray::fromStdString(value);
    }
    return json + '}';
}

Fields set(Fields fields, const std::string &key, const std::string &value) {
    for (auto &field : fields) {
        if (field.first == key) {
            field.second = value;
            return fields;
        }
    }
    fields.emplace_back(key, value);
    return fields;
}

Fields drop(Fields fields, const std::string &key) {
    std::erase_if(fields, [&](const auto &field) { return field.first == key; });
    return fields;
}

QByteArray with(const std::string &key, const std::string &value) {
    return toJson(set(purchaseFields(), key, value));
}

QByteArray without(const std::string &key) {
    return toJson(drop(purchaseFields(), key));
}

DecodeResult decodeOnce(const QByteArray &json) {
    EventDecoder decoder;
    Event event;
    return decoder.decode(view(json), event);
}

} // namespace

class TestCodec : public QObject {
    Q_OBJECT

private slots:
    void encodeKnownEvent() {
        Event e = purchase();
        e.referrer = "https://www.google.com/";
        e.product.name = "Say \"hi\"\\\n";
        std::string out = "prefix:";
        encodeEvent(e, out);
        const QByteArray expected =
            R"(prefix:{"event_id":"0f8fad5b-d9cb-469f-a165-70867728950e","event_type":"purchase",)"
            R"("timestamp":"2024-02-29T12:34:56.789Z","user_id":"user-42",)"
            R"("session_id":"sess-00000000000000ff","page":"/checkout/confirmation",)"
            R"("referrer":"https://www.google.com/","ip_address":"10.1.0.42",)"
            R"("geo":{"country":"DE","city":"Berlin","lat":52.52,"lon":13.405},)"
            R"("device":{"type":"desktop","os":"Linux","browser":"Firefox"},)"
            "\"product\":{\"id\":\"p-1007\",\"name\":\"Say \\\"hi\\\"\\\\\\u000a\","
            R"("category":"home",)"
            R"("price":19.99},"quantity":2,)"
            R"("order":{"id":"ord-0000000000000001","value":39.98,"currency":"USD"}})";
        QCOMPARE(QByteArray::fromStdString(out), expected);
        // The click's element and the experiment come last, each only when set.
        e.element = "size-guide";
        e.hasExperiment = true;
        e.experiment = {"checkout-redesign", "B"};
        out.clear();
        encodeEvent(e, out);
        QVERIFY(QByteArray::fromStdString(out).endsWith(
            R"("currency":"USD"},"element":"size-guide",)"
            R"("experiment":{"id":"checkout-redesign","variant":"B"}})"));
        // A web event's source and language follow, each only when set.
        e.source = EventSource::Web;
        e.lang = "de-DE";
        out.clear();
        encodeEvent(e, out);
        QVERIFY(QByteArray::fromStdString(out).endsWith(
            R"("variant":"B"},"source":"web","lang":"de-DE"})"));
    }

    void decodesSource_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<EventSource>("expected");
        QTest::newRow("absent") << encoded(pageView()) << EventSource::Unspecified;
        QTest::newRow("web") << with("source", R"("web")") << EventSource::Web;
        QTest::newRow("another producer") << with("source", R"("ios-app")") << EventSource::Other;
        QTest::newRow("upper case is not web") << with("source", R"("WEB")") << EventSource::Other;
        QTest::newRow("empty means absent") << with("source", R"("")") << EventSource::Unspecified;
    }

    void decodesSource() {
        QFETCH(QByteArray, json);
        QFETCH(EventSource, expected);
        EventDecoder decoder;
        Event e;
        e.source = EventSource::Other; // left over from an earlier message
        const DecodeResult result = decoder.decode(view(json), e);
        QVERIFY2(result.ok(), rejectReasonName(result.reason).data());
        QCOMPARE(e.source, expected);
    }

    void roundTrip_data() {
        QTest::addColumn<Event>("event");
        const auto row = [](const char *name, Event e, const auto &change) {
            change(e);
            QTest::newRow(name) << e;
        };
        const auto same = [](Event &) {};
        row("minimal page_view", pageView(), same);
        row("with referrer", pageView(), [](Event &e) { e.referrer = "https://x.org/?a=1&b=2"; });
        row("product_view", withProduct(pageView(), EventType::ProductView, 0), same);
        row("add_to_cart with quantity", withProduct(pageView(), EventType::AddToCart, 3), same);
        row("purchase", purchase(), same);
        row("one cent, free product", purchase(), [](Event &e) {
            e.order = {"ord-ä", 1, "EUR"};
            e.product.priceCents = 0;
        });
        row("large amounts", purchase(), [](Event &e) {
            e.order.valueCents = 99'999'999'99;
            e.product.priceCents = 12'345'678'90;
        });
        row("unicode", pageView(), [](Event &e) {
            e.geo = {"BR", "São Paulo", -23.5505, -46.6333};
            e.page = "/search?q=café 日本語 😀";
            e.userId = "ユーザー-1";
        });
        row("quotes, backslashes, control chars, NUL",
            withProduct(pageView(), EventType::RemoveFromCart, 1), [](Event &e) {
                e.page = "/a\"b\\c/\"\"";
                e.product.name = std::string("tab\there\nnew\x01\x1f\x7f end");
                e.referrer = "\\\\server\\\"share\"";
                e.sessionId = std::string("s\0id", 4);
            });
        row("epoch, empty city, extreme coordinates", pageView(), [](Event &e) {
            e.geo = {"NZ", "", -90, 180};
            e.timestampMs = 0;
            e.type = EventType::Logout;
        });
        row("click with element", pageView(), [](Event &e) {
            e.type = EventType::Click;
            e.element = "add-to-wishlist \"\u00e9\"";
        });
        row("experiment, no element", pageView(), [](Event &e) {
            e.hasExperiment = true;
            e.experiment = {"checkout-redesign", "A"};
        });
        row("purchase with element and experiment", purchase(), [](Event &e) {
            e.element = "buy-now";
            e.hasExperiment = true;
            e.experiment = {"exp/ü \"x\"", "control"};
        });
        row("web page view with language", pageView(), [](Event &e) {
            e.source = EventSource::Web;
            e.lang = "zh-Hant-TW";
        });
        row("another source, no language", purchase(),
            [](Event &e) { e.source = EventSource::Other; });
        row("awkward doubles", pageView(), [](Event &e) {
            e.geo.lat = 1e-7;
            e.geo.lon = 0.1 + 0.2; // needs all 17 significant digits
        });
        // The encoder writes into room sized by each string escaped at its worst (six bytes a
        // byte): every string all control characters, near the size limit, then the longest
        // numbers. Under asan a write past the room fails the run.
        row("every string escaped at its worst", purchase(), [](Event &e) {
            const std::string worst(480, '\x01');
            for (std::string *text :
                 {&e.eventId,      &e.userId,           &e.sessionId,          &e.page,
                  &e.referrer,     &e.ipAddress,        &e.geo.country,        &e.geo.city,
                  &e.device.type,  &e.device.os,        &e.device.browser,     &e.product.id,
                  &e.product.name, &e.product.category, &e.order.id,           &e.order.currency,
                  &e.element,      &e.experiment.id,    &e.experiment.variant, &e.lang}) {
                *text = worst;
            }
            e.hasExperiment = true;
            e.source = EventSource::Web;
            e.geo = {worst, worst, -1.2345678901234567e-300, -179.99999999999997};
            e.order.valueCents = 99'999'999'99;
            e.quantity = 10'000;
        });
    }

    void roundTrip() {
        QFETCH(Event, event);
        const QByteArray json = encoded(event);
        EventDecoder decoder;
        Event decoded;
        const DecodeResult result = decoder.decode(view(json), decoded);
        QVERIFY2(result.ok(), rejectReasonName(result.reason).data());
        QCOMPARE(encoded(decoded), json);
        QVERIFY(decoded == event);
    }

    void decodeAcceptsWhatTheSchemaAllows() {
        // Whitespace, unknown fields, field order, a null referrer, integer amounts (rounded to
        // the nearest cent) and duplicate keys (the last one wins).
        Fields fields =
            set(purchaseFields(), "product", R"({"id":"p","name":"n","category":"c","price":12})");
        fields =
            set(drop(fields, "event_id"), "order", R"({"id":"o","value":19.999,"currency":"USD"})");
        fields.emplace_back("page", R"("/second")");
        const QByteArray json = " { \"extra\" : [1, {\"x\": null}], \"referrer\": null, " +
                                toJson(fields).mid(1).chopped(1) +
                                ", \"event_id\" : \"e-\\u00e9\" }\n";
        EventDecoder decoder;
        Event e;
        const DecodeResult result = decoder.decode(view(json), e);
        QVERIFY2(result.ok(), rejectReasonName(result.reason).data());
        QCOMPARE(bytes(e.eventId), QByteArray("e-\xc3\xa9"));
        QCOMPARE(e.type, EventType::Purchase);
        QCOMPARE(e.timestampMs, 1'709'294'400'250); // 2024-03-01T12:00:00.250Z
        QVERIFY(e.referrer.empty());
        QCOMPARE(bytes(e.page), QByteArray("/second"));
        QCOMPARE(e.product.priceCents, 1200);
        QCOMPARE(e.quantity, 2);
        QCOMPARE(e.order.valueCents, 2000);
        QCOMPARE(bytes(e.order.currency), QByteArray("USD"));
        QVERIFY(decodeOnce(with("referrer", R"("")")).ok());
        // An empty element means none; unknown keys inside experiment are skipped.
        const QByteArray business =
            toJson(set(set(purchaseFields(), "element", R"("")"), "experiment",
                       R"({"since":[1],"variant":"B","id":"checkout-redesign","x":{}})"));
        QVERIFY(decoder.decode(view(business), e).ok());
        QVERIFY(e.element.empty());
        QVERIFY(e.hasExperiment);
        QCOMPARE(bytes(e.experiment.id), QByteArray("checkout-redesign"));
        QCOMPARE(bytes(e.experiment.variant), QByteArray("B"));
        QVERIFY(
            decodeOnce(with("order", R"({"id":"o","value":100000000.00,"currency":"USD"})")).ok());
        // A byte-order mark is refused (the schema does not name the reason).
        QVERIFY(!decodeOnce("\xEF\xBB\xBF" + toJson(purchaseFields())).ok());
    }

    void sizeLimit() {
        // Pad the page so that the message is exactly at the limit, then one byte over.
        const QByteArray base = with("page", R"("")");
        const auto pad = kMaxEventBytes - std::size_t(base.size());
        const QByteArray atLimit = with("page", '"' + std::string(pad, 'x') + '"');
        QCOMPARE(std::size_t(atLimit.size()), kMaxEventBytes);
        QVERIFY(decodeOnce(atLimit).ok());
        const QByteArray over = with("page", '"' + std::string(pad + 1, 'x') + '"');
        QCOMPARE(decodeOnce(over).reason, RejectReason::TooLarge);
        QCOMPARE(decodeOnce(QByteArray(1 << 20, ' ')).reason, RejectReason::TooLarge);
    }

    void reject_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<RejectReason>("reason");
        QTest::addColumn<QByteArray>("field");
        const QByteArray good = toJson(purchaseFields());
        using R = RejectReason;
        const auto row = [](const char *name, const QByteArray &json, R reason,
                            const char *field = "") {
            QTest::newRow(name) << json << reason << QByteArray(field);
        };
        const auto geo = [](const std::string &lat, const std::string &lon = "13.4") {
            return with("geo",
                        R"({"country":"DE","city":"B","lat":)" + lat + ",\"lon\":" + lon + '}');
        };
        const auto product = [](const std::string &price) {
            return with("product", R"({"id":"p","name":"n","category":"c","price":)" + price + '}');
        };
        const auto order = [](const std::string &value) {
            return with("order", R"({"id":"o","value":)" + value + R"(,"currency":"USD"})");
        };

        row("empty", {}, R::Empty);
        row("invalid utf-8 byte", with("page", "\"/\xff\""), R::InvalidUtf8);
        row("truncated utf-8 sequence", with("page", "\"/\xc3\""), R::InvalidUtf8);
        row("overlong utf-8", with("page", "\"/\xc0\xaf\""), R::InvalidUtf8);
        row("bad utf-8 in an unknown field", with("zz", "\"\xff\""), R::InvalidUtf8);
        row("whitespace only", "  \n ", R::MalformedJson);
        row("double comma", R"({"event_id":"e",,"page":"/"})", R::MalformedJson);
        row("missing comma", R"({"event_id":"e" "page":"/"})", R::MalformedJson);
        row("unquoted key", R"({event_id:"e"})", R::MalformedJson);
        row("truncated in the middle", good.left(good.size() / 2), R::MalformedJson);
        row("truncated closing brace", good.chopped(1), R::MalformedJson);
        row("trailing word", good + " x", R::MalformedJson);
        row("second object", good + "{}", R::MalformedJson);
        row("extra brace", good + "}", R::MalformedJson);
        row("number too large for a double", geo("1e999"), R::MalformedJson, "geo.lat");
        row("lone surrogate", with("page", R"("\ud800")"), R::MalformedJson, "page");
        row("array", "[1,2]", R::NotAnObject);
        row("number", "42", R::NotAnObject);
        row("string", R"("event")", R::NotAnObject);
        row("null", "null", R::NotAnObject);

        for (const char *key : {"event_id", "event_type", "timestamp", "user_id", "session_id",
                                "page", "ip_address", "geo", "device"}) {
            QTest::addRow("missing %s", key) << without(key) << R::MissingField << QByteArray(key);
        }
        row("missing geo.lat", with("geo", R"({"country":"DE","city":"B","lon":1})"),
            R::MissingField, "geo");
        row("missing device.os", with("device", R"({"type":"mobile","browser":"X"})"),
            R::MissingField, "device");
        row("missing product.price", with("product", R"({"id":"p","name":"n","category":"c"})"),
            R::MissingField, "product");
        row("missing order.currency", with("order", R"({"id":"o","value":1.5})"), R::MissingField,
            "order");
        row("purchase without order", without("order"), R::MissingField, "order");
        row("purchase without product", without("product"), R::MissingField, "product");
        row("add_to_cart without product",
            toJson(set(drop(purchaseFields(), "product"), "event_type", R"("add_to_cart")")),
            R::MissingField, "product");

        row("numeric event_id", with("event_id", "5"), R::WrongType, "event_id");
        row("numeric event_type", with("event_type", "3"), R::WrongType, "event_type");
        row("numeric timestamp", with("timestamp", "1709294400250"), R::WrongType, "timestamp");
        row("null user_id", with("user_id", "null"), R::WrongType, "user_id");
        row("array session_id", with("session_id", "[]"), R::WrongType, "session_id");
        row("numeric referrer", with("referrer", "7"), R::WrongType, "referrer");
        row("referrer nul", with("referrer", "nul"), R::WrongType, "referrer");
        row("referrer n", with("referrer", "n"), R::WrongType, "referrer");
        row("geo as string", with("geo", R"("Berlin")"), R::WrongType, "geo");
        row("geo as array", with("geo", "[]"), R::WrongType, "geo");
        row("geo.lat as string", geo(R"("52")"), R::WrongType, "geo.lat");
        row("device.type as number", with("device", R"({"type":1,"os":"o","browser":"b"})"),
            R::WrongType, "device.type");
        row("price as string", product(R"("19.99")"), R::WrongType, "product.price");
        row("quantity as string", with("quantity", R"("2")"), R::WrongType, "quantity");
        row("fractional quantity", with("quantity", "1.5"), R::WrongType, "quantity");
        row("quantity 2.0", with("quantity", "2.0"), R::WrongType, "quantity");
        row("quantity over 64 bits", with("quantity", "99999999999999999999"), R::WrongType,
            "quantity");
        row("order.value as bool", order("true"), R::WrongType, "order.value");
        row("numeric element", with("element", "7"), R::WrongType, "element");
        row("null element", with("element", "null"), R::WrongType, "element");
        row("experiment as string", with("experiment", R"("checkout-redesign")"), R::WrongType,
            "experiment");
        row("experiment null", with("experiment", "null"), R::WrongType, "experiment");
        row("numeric experiment.id", with("experiment", R"({"id":1,"variant":"A"})"), R::WrongType,
            "experiment.id");
        row("array experiment.variant", with("experiment", R"({"id":"x","variant":["A"]})"),
            R::WrongType, "experiment.variant");
        row("experiment without variant", with("experiment", R"({"id":"x"})"), R::MissingField,
            "experiment");
        row("empty experiment", with("experiment", "{}"), R::MissingField, "experiment");
        row("numeric source", with("source", "1"), R::WrongType, "source");
        row("null source", with("source", "null"), R::WrongType, "source");
        row("array lang", with("lang", R"(["de"])"), R::WrongType, "lang");
        row("empty experiment.id", with("experiment", R"({"id":"","variant":"A"})"),
            R::InvalidValue, "experiment.id");
        row("empty experiment.variant", with("experiment", R"({"id":"x","variant":""})"),
            R::InvalidValue, "experiment.variant");

        row("unknown event_type", with("event_type", R"("teleport")"), R::UnknownEventType,
            "event_type");
        row("event_type in upper case", with("event_type", R"("PURCHASE")"), R::UnknownEventType,
            "event_type");
        row("February 30th", with("timestamp", R"("2024-02-30T00:00:00Z")"), R::BadTimestamp,
            "timestamp");
        row("offset instead of Z", with("timestamp", R"("2024-03-01T12:00:00+01:00")"),
            R::BadTimestamp, "timestamp");

        row("negative price", product("-1"), R::InvalidValue, "product.price");
        row("absurd order value", order("1e12"), R::InvalidValue, "order.value");
        row("order value a cent over the cap", order("100000000.01"), R::InvalidValue,
            "order.value");
        row("quantity 0", with("quantity", "0"), R::InvalidValue, "quantity");
        row("negative quantity", with("quantity", "-3"), R::InvalidValue, "quantity");
        row("quantity 10001", with("quantity", "10001"), R::InvalidValue, "quantity");
        row("latitude 91", geo("91"), R::InvalidValue, "geo.lat");
        row("latitude -90.5", geo("-90.5"), R::InvalidValue, "geo.lat");
        row("longitude 181", geo("0", "181"), R::InvalidValue, "geo.lon");
        row("longitude -180.01", geo("0", "-180.01"), R::InvalidValue, "geo.lon");
        row("empty event_id", with("event_id", R"("")"), R::InvalidValue, "event_id");
        row("empty user_id", with("user_id", R"("")"), R::InvalidValue, "user_id");

        // The first failure wins, in the documented order of checks.
        row("bad field before missing field", toJson(set({}, "event_type", R"("x")")),
            R::UnknownEventType, "event_type");
        row("trailing text before missing field", without("page") + "x", R::MalformedJson);
        row("missing field before empty id",
            toJson(drop(set(purchaseFields(), "event_id", R"("")"), "page")), R::MissingField,
            "page");
        row("empty user_id before missing order",
            toJson(set(drop(purchaseFields(), "order"), "user_id", R"("")")), R::InvalidValue,
            "user_id");
        row("duplicate key: each must be valid", "{\"quantity\":0," + good.mid(1), R::InvalidValue,
            "quantity");
    }

    void reject() {
        QFETCH(QByteArray, json);
        QFETCH(RejectReason, reason);
        QFETCH(QByteArray, field);
        const DecodeResult result = decodeOnce(json);
        QCOMPARE(bytes(rejectReasonName(result.reason)), bytes(rejectReasonName(reason)));
        QCOMPARE(bytes(result.field), field);
        QVERIFY(!result.ok());
    }

    void decoderUsableAfterRejection() {
        EventDecoder decoder;
        Event out;
        const QByteArray good = encoded(purchase());
        const QByteArray bad = with("order", R"({"id":"o","value":-5,"currency":"USD"})");
        for (int round = 0; round < 3; ++round) {
            QCOMPARE(decoder.decode(view(bad), out).reason, RejectReason::InvalidValue);
            QCOMPARE(decoder.decode(view(good.left(40)), out).reason, RejectReason::MalformedJson);
            QVERIFY(decoder.decode(view(good), out).ok());
            QVERIFY(out == purchase());
        }
        // Optional parts left over from a previous message must not leak into the next one.
        Event referred = pageView();
        referred.referrer = "https://www.bing.com/";
        referred.element = "live-chat";
        referred.hasExperiment = true;
        referred.experiment = {"checkout-redesign", "B"};
        referred.source = EventSource::Web;
        referred.lang = "fr";
        QVERIFY(decoder.decode(view(encoded(referred)), out).ok());
        QCOMPARE(out.source, EventSource::Web);
        QVERIFY(decoder.decode(view(encoded(pageView())), out).ok());
        QVERIFY(out.referrer.empty());
        QVERIFY(!out.hasProduct);
        QVERIFY(!out.hasOrder);
        QCOMPARE(out.quantity, 0);
        QVERIFY(out.element.empty());
        QVERIFY(!out.hasExperiment);
        QCOMPARE(out.source, EventSource::Unspecified);
        QVERIFY(out.lang.empty());
        QCOMPARE(encoded(out), encoded(pageView()));
    }

    void timestamp_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<bool>("canonical"); // what formatIsoTimestamp(ms) writes
        const struct {
            const char *text;
            qint64 ms;
            bool canonical;
        } rows[] = {
            {"1970-01-01T00:00:00.000Z", 0, true},
            {"1970-01-01T00:00:00Z", 0, false},
            {"1970-01-01T00:00:00.001Z", 1, true},
            {"2024-02-29T12:34:56.789Z", 1'709'210'096'789, true}, // leap day
            {"2024-03-01T12:00:00.5Z", 1'709'294'400'500, false},
            {"2024-03-01T12:00:00.25Z", 1'709'294'400'250, false},
            {"2024-03-01T12:00:00.999999999Z", 1'709'294'400'999, false}, // truncated
            {"2000-03-01T00:00:00.007Z", 951'868'800'007, true},
            {"1999-12-31T23:59:59.999Z", 946'684'799'999, true},
            {"1969-12-31T23:59:59.999Z", -1, true},
        };
        for (const auto &row : rows) {
            QTest::newRow(row.text) << QByteArray(row.text) << row.ms << row.canonical;
        }
    }

    void timestamp() {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        QFETCH(bool, canonical);
        const auto parsed = parseIsoTimestampMs(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(qint64(*parsed), ms);
        if (canonical) {
            QCOMPARE(QByteArray::fromStdString(formatIsoTimestamp(ms)), text);
        }
    }

    void timestampRoundTripSweep() {
        // Every 7 hours 13 minutes and some ms for ~40 years: formatting then parsing is exact.
        for (std::int64_t ms = 631'152'000'123; ms < 1'893'456'000'000; ms += 25'980'017) {
            const auto parsed = parseIsoTimestampMs(formatIsoTimestamp(ms));
            QVERIFY2(parsed == ms, formatIsoTimestamp(ms).c_str());
        }
    }

    void badTimestamp_data() {
        QTest::addColumn<QByteArray>("text");
        // Impossible dates, missing or lower-case Z, an offset, hour 24, minute or second 60,
        // a dot without digits, ten fraction digits, trailing junk or space, other layouts.
        QTest::newRow("(empty)") << QByteArray();
        // clang-format off
        static constexpr const char *kBad[] = {
            "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z",
            "2024-03-01T12:00:00.000", "2024-03-01T12:00:00", "2024-03-01T12:00:00z",
            "2024-03-01T12:00:00+00:00", "2024-03-01T24:00:00Z", "2024-03-01T12:60:00Z",
            "2024-03-01T12:00:60Z", "2024-03-01T12:00:00.Z", "2024-03-01T12:00:00.0123456789Z",
            "2024-03-01T12:00:00Zjunk", "2024-03-01T12:00:00Z ", "2024-03-01 12:00:00Z",
            "2024-03-01", "2O24-03-01T12:00:00Z", "924-03-01T12:00:00Z"};
        // clang-format on
        for (const char *text : kBad) {
            QTest::newRow(text) << QByteArray(text);
        }
    }

    void badTimestamp() {
        QFETCH(QByteArray, text);
        QCOMPARE(parseIsoTimestampMs(text.toStdString()), std::nullopt);
    }
};

QTEST_APPLESS_MAIN(TestCodec)
#include "tst_codec.moc"
