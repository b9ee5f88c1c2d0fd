// The web collector's HTTP contract (issue 17), against a real server on loopback producing to
// the embedded broker: events reaching Kafka, batches, refused input, CORS, bad User-Agents, the
// other routes, keep-alive and `trackboard collect` itself. Limits are in
// tst_collector_http_limits.
#include "collector_test_fixture.h"
#include "event_codec.h"
#include "kafka_consumer.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <vector>

using namespace trackboard;

class TestCollectorHttp : public QObject {
    Q_OBJECT

private:
    CollectorTestFixture fx_;

private slots:
    void initTestCase() {
        std::string error;
        QVERIFY2(fx_.start(error), error.c_str());
    }

    void cleanupTestCase() { fx_.stop(); }

    void acceptedEventsReachKafkaKeyedByUser() {
        const auto before = fx_.server->metrics().delivered.load();
        const auto reply = exchange(
            fx_.port,
            postRequest(R"({"event_type":"page_view","page":"/keyed","user_id":"alice"})"));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.body, QByteArray("{\"accepted\":1}\n"));
        const auto json = exchange(fx_.port, postRequest(kPageView, {}, "application/json"));
        QCOMPARE(json.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(fx_.server->metrics().delivered.load(), before + 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(fx_.server->metrics().liveVisitors.load() >= 1, 5'000);

        KafkaConsumer consumer;
        KafkaConsumer::Options options;
        options.kafka.brokers = fx_.broker->bootstrapServers();
        options.groupId = "tst-collector-http";
        options.fromBeginning = true;
        std::string error;
        QVERIFY2(consumer.open(options, error), error.c_str());
        EventDecoder decoder;
        bool found = false;
        QElapsedTimer clock;
        clock.start();
        while (!found && clock.elapsed() < 15'000) {
            std::vector<KafkaMessage> messages;
            consumer.poll(200, messages);
            for (const auto &message : messages) {
                const std::string_view value(static_cast<const char *>(message->payload),
                                             message->len);
                Event event;
                QVERIFY2(decoder.decode(value, event).ok(), std::string(value).c_str());
                const std::string_view key(static_cast<const char *>(message->key),
                                           message->key_len);
                QCOMPARE(key, std::string_view(event.userId));
                QVERIFY(value.find(R"("source":"web")") != std::string_view::npos);
                if (event.page == "/keyed") {
                    found = true;
                    QCOMPARE(event.userId, std::string("alice"));
                    QVERIFY(event.ipAddress.starts_with("ip-"));
                    QCOMPARE(event.device.browser, std::string("Chrome"));
                }
            }
        }
        consumer.close();
        QVERIFY(found);
    }

    void malformedLanguageIsLeftOutAndCounted() {
        const auto dropped = fx_.server->metrics().languagesDropped.load();
        const auto produced = fx_.server->metrics().produced.load();
        const auto reply = exchange(
            fx_.port, postRequest(R"({"event_type":"page_view","page":"/","lang":"en_US"})"));
        QCOMPARE(reply.status, 202); // the event is kept
        QTRY_COMPARE_WITH_TIMEOUT(fx_.server->metrics().produced.load(), produced + 1, 5'000);
        QTRY_COMPARE_WITH_TIMEOUT(fx_.server->metrics().languagesDropped.load(), dropped + 1,
                                  5'000);
    }

    void batches() {
        auto reply = exchange(fx_.port, postRequest(batchOf(50)));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.body, QByteArray("{\"accepted\":50}\n"));
        reply = exchange(fx_.port, postRequest(batchOf(51)));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.body.contains("too_many_events"));
    }

    void invalidInput_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("unknown type") << postRequest(R"({"event_type":"hover","page":"/"})")
                                      << QByteArray("unknown_event_type");
        QTest::newRow("missing page")
            << postRequest(R"({"event_type":"click"})") << QByteArray("missing_field");
        QTest::newRow("malformed") << postRequest("{") << QByteArray("malformed_json");
        QTest::newRow("empty") << postRequest("") << QByteArray("empty");
        QTest::newRow("bad batch member")
            << postRequest(R"([{"event_type":"click","page":"/"},{"event_type":"click","page":2}])")
            << QByteArray("wrong_type");
        QTest::newRow("form content type")
            << postRequest(kPageView, {}, "application/x-www-form-urlencoded")
            << QByteArray("unsupported_content_type");
    }

    void invalidInput() {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, reason);
        const auto accepted = fx_.server->metrics().eventsAccepted.load();
        const auto reply = exchange(fx_.port, request);
        QCOMPARE(reply.status, 400);
        QVERIFY2(reply.body.contains("\"error\":\"" + reason + "\""), reply.body.constData());
        // No part of a refused batch is taken.
        QCOMPARE(fx_.server->metrics().eventsAccepted.load(), accepted);
    }

    void cors() {
        // Preflight from an allowed origin.
        auto reply =
            exchange(fx_.port, getRequest("/e", "OPTIONS",
                                          "Origin: https://shop.example\r\n"
                                          "Access-Control-Request-Method: POST\r\n"
                                          "Access-Control-Request-Headers: content-type\r\n"));
        QCOMPARE(reply.status, 204);
        QCOMPARE(reply.headers.value("access-control-allow-origin"),
                 QByteArray("https://shop.example"));
        QVERIFY(reply.headers.value("access-control-allow-methods").contains("POST"));
        QVERIFY(reply.headers.value("access-control-allow-headers").contains("Content-Type"));
        // Refused origin: no CORS headers, so the browser never sends the request.
        reply = exchange(fx_.port, getRequest("/e", "OPTIONS", "Origin: https://evil.example\r\n"));
        QCOMPARE(reply.status, 403);
        QVERIFY(!reply.headers.contains("access-control-allow-origin"));
        // A beacon (no preflight) from a refused origin is refused too.
        reply = exchange(fx_.port, postRequest(kPageView, "Origin: https://evil.example\r\n"));
        QCOMPARE(reply.status, 403);
        // An allowed origin's beacon, and the collector's own origin (its /demo/ pages).
        reply = exchange(fx_.port, postRequest(kPageView, "Origin: https://shop.example\r\n"));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.headers.value("access-control-allow-origin"),
                 QByteArray("https://shop.example"));
        reply = exchange(fx_.port, postRequest(kPageView, "Origin: http://127.0.0.1\r\n"));
        QCOMPARE(reply.status, 202);
    }

    void badUserAgents() {
        const auto bots = fx_.server->metrics().bots.load();
        // Self-declared headless browser, empty User-Agent: 202, dropped, counted.
        auto reply = exchange(fx_.port,
                              postRequest(kPageView, "User-Agent: Mozilla/5.0 (X11; Linux x86_64) "
                                                     "HeadlessChrome/120.0.0.0 Safari/537.36\r\n"));
        QCOMPARE(reply.status, 202);
        reply = exchange(fx_.port, postRequest(kPageView, "User-Agent: \r\n"));
        QCOMPARE(reply.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(fx_.server->metrics().bots.load(), bots + 2, 5'000);
        // Garbage (unbalanced parentheses, bytes that are not UTF-8) parses as "Other", never
        // crashes the regexes, and the event is kept.
        const auto produced = fx_.server->metrics().produced.load();
        reply = exchange(fx_.port, postRequest(kPageView, "User-Agent: \xff\xfe((((((" +
                                                              QByteArray(3000, '(') + "\r\n"));
        QCOMPARE(reply.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(fx_.server->metrics().produced.load(), produced + 1, 5'000);
        // Control characters are not allowed in an HTTP header at all.
        reply = exchange(fx_.port, postRequest(kPageView, "User-Agent: a\x01b\r\n"));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.body.contains("bad_http_request"));
    }

    void otherRoutes() {
        auto reply = exchange(fx_.port, getRequest("/t.js"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/javascript"));
        QVERIFY(!reply.body.isEmpty());
        reply = exchange(fx_.port, getRequest("/demo/"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/html"));
        reply = exchange(fx_.port, getRequest("/healthz"));
        QCOMPARE(reply.status, 200);
        reply = exchange(fx_.port, getRequest("/metrics"));
        QCOMPARE(reply.status, 200);
        for (const char *name :
             {"trackboard_collector_events_accepted_total", "trackboard_collector_bots_total",
              "trackboard_collector_events_produced_total", "trackboard_collector_queue_depth",
              "trackboard_collector_lang_dropped_total",
              "trackboard_collector_rejected_total{reason=\"unknown_event_type\"}"}) {
            QVERIFY2(reply.body.contains(name), name);
        }
        QCOMPARE(exchange(fx_.port, getRequest("/nothing-here")).status, 404);
        reply = exchange(fx_.port, getRequest("/e"));
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.headers.value("allow"), QByteArray("POST, OPTIONS"));
    }

    void keepAliveServesSeveralRequests() {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), fx_.port);
        QVERIFY(socket.waitForConnected(5'000));
        for (int i = 0; i < 3; ++i) {
            QByteArray request = postRequest(kPageView);
            request.replace("Connection: close\r\n", "");
            socket.write(request);
            QCOMPARE(readReply(socket).status, 202);
        }
    }

    void collectCommandAnnouncesItself() {
        QTemporaryDir state;
        const QString salts = state.filePath(QStringLiteral("salts/collector-salts"));
        QProcess collect;
        collect.start(qEnvironmentVariable("TRACKBOARD_BIN"),
                      {QStringLiteral("collect"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--brokers"),
                       QString::fromStdString(fx_.broker->bootstrapServers()),
                       QStringLiteral("--allow-origin"), QStringLiteral("https://shop.example"),
                       QStringLiteral("--salt-file"), salts});
        QVERIFY(collect.waitForStarted(5'000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += collect.readAllStandardOutput()).contains("\n"), 15'000);
        QVERIFY2(out.startsWith("COLLECTOR=http://127.0.0.1:"), out.constData());
        const quint16 port = quint16(out.trimmed().split(':').last().toUInt());
        // It accepts requests as soon as it has said so.
        QCOMPARE(exchange(port, postRequest(kPageView, "Origin: https://shop.example\r\n")).status,
                 202);
        // The first visitor id of the day saves the salts, for its owner's eyes only.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(salts), 5'000);
        const auto permissions = QFile::permissions(salts);
        QVERIFY(permissions.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(!(permissions & (QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                 QFileDevice::ReadOther | QFileDevice::WriteOther)));
        collect.terminate(); // SIGTERM: stop, produce what was accepted, exit 0
        QVERIFY(collect.waitForFinished(15'000));
        QCOMPARE(collect.exitCode(), 0);
        QVERIFY(collect.readAllStandardError().contains("1 events accepted"));
    }
};

QTEST_GUILESS_MAIN(TestCollectorHttp)
#include "tst_collector_http.moc"
