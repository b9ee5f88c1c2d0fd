// The web collector's HTTP contract (issue 17), against a real server on loopback producing to
// the embedded broker: every status, CORS, batches, bad User-Agents, an oversized body, a
// slowloris connection and 1,000 concurrent connections.
#include "collector_http_client.h"
#include "collector_server.h"
#include "embedded_broker.h"
#include "event_codec.h"
#include "kafka_consumer.h"

#include <QProcess>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <memory>
#include <vector>

using namespace trackboard;

namespace {

const QByteArray kPageView = R"({"event_type":"page_view","page":"/","tz":"Europe/Paris"})";

QByteArray batchOf(int count) {
    QByteArray body = "[";
    for (int i = 0; i < count; ++i) {
        body += QByteArray(i ? "," : "") + R"({"event_type":"click","page":"/batch/)" +
                QByteArray::number(i) + "\"}";
    }
    return body + "]";
}

} // namespace

class TestCollectorHttp : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EmbeddedBroker> broker_;
    std::unique_ptr<CollectorServer> server_;
    quint16 port_ = 0;

    CollectorConfig config() const {
        CollectorConfig config;
        config.kafka.brokers = broker_->bootstrapServers();
        config.allowedOrigins = {"https://shop.example"};
        config.rateLimitPerSecond = 0;
        return config;
    }

    std::unique_ptr<CollectorServer> startServer(const CollectorConfig &config) {
        auto server = std::make_unique<CollectorServer>(config);
        std::string error;
        if (!server->start(error)) {
            qWarning("collector did not start: %s", error.c_str());
            return nullptr;
        }
        return server;
    }

private slots:
    void initTestCase() {
        std::string error;
        broker_ = EmbeddedBroker::start(1, error);
        QVERIFY2(broker_, error.c_str());
        QVERIFY2(broker_->createTopic(kDefaultTopic, kDefaultPartitions, error), error.c_str());
        server_ = startServer(config());
        QVERIFY(server_);
        port_ = server_->port();
        QVERIFY(port_ > 0);
    }

    void cleanupTestCase() {
        server_.reset();
        broker_.reset();
    }

    void acceptedEventsReachKafkaKeyedByUser() {
        const auto before = server_->metrics().delivered.load();
        const auto reply = exchange(
            port_, postRequest(R"({"event_type":"page_view","page":"/keyed","user_id":"alice"})"));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.body, QByteArray("{\"accepted\":1}\n"));
        const auto json = exchange(port_, postRequest(kPageView, {}, "application/json"));
        QCOMPARE(json.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(server_->metrics().delivered.load(), before + 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(server_->metrics().liveVisitors.load() >= 1, 5'000);

        KafkaConsumer consumer;
        KafkaConsumer::Options options;
        options.kafka.brokers = broker_->bootstrapServers();
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

    void batches() {
        auto reply = exchange(port_, postRequest(batchOf(50)));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.body, QByteArray("{\"accepted\":50}\n"));
        reply = exchange(port_, postRequest(batchOf(51)));
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
        QTest::newRow("header over 8 KiB")
            << postRequest(kPageView, "X-Junk: " + QByteArray(9000, 'a') + "\r\n")
            << QByteArray("bad_http_request");
    }

    void invalidInput() {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, reason);
        const auto accepted = server_->metrics().eventsAccepted.load();
        const auto reply = exchange(port_, request);
        QCOMPARE(reply.status, 400);
        QVERIFY2(reply.body.contains("\"error\":\"" + reason + "\""), reply.body.constData());
        // No part of a refused batch is taken.
        QCOMPARE(server_->metrics().eventsAccepted.load(), accepted);
    }

    void oversizedBodyGetsAReadable413() {
        const QByteArray body = "[" + QByteArray(70 * 1024, ' ') + "]";
        const auto reply = exchange(port_, postRequest(body));
        QCOMPARE(reply.status, 413);
        QVERIFY(reply.body.contains("body_too_large"));
        QVERIFY(server_->metrics().rejected("body_too_large") >= 1);
    }

    void cors() {
        // Preflight from an allowed origin.
        auto reply =
            exchange(port_, getRequest("/e", "OPTIONS",
                                       "Origin: https://shop.example\r\n"
                                       "Access-Control-Request-Method: POST\r\n"
                                       "Access-Control-Request-Headers: content-type\r\n"));
        QCOMPARE(reply.status, 204);
        QCOMPARE(reply.headers.value("access-control-allow-origin"),
                 QByteArray("https://shop.example"));
        QVERIFY(reply.headers.value("access-control-allow-methods").contains("POST"));
        QVERIFY(reply.headers.value("access-control-allow-headers").contains("Content-Type"));
        // Refused origin: no CORS headers, so the browser never sends the request.
        reply = exchange(port_, getRequest("/e", "OPTIONS", "Origin: https://evil.example\r\n"));
        QCOMPARE(reply.status, 403);
        QVERIFY(!reply.headers.contains("access-control-allow-origin"));
        // A beacon (no preflight) from a refused origin is refused too.
        reply = exchange(port_, postRequest(kPageView, "Origin: https://evil.example\r\n"));
        QCOMPARE(reply.status, 403);
        // An allowed origin's beacon, and the collector's own origin (its /demo/ pages).
        reply = exchange(port_, postRequest(kPageView, "Origin: https://shop.example\r\n"));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.headers.value("access-control-allow-origin"),
                 QByteArray("https://shop.example"));
        reply = exchange(port_, postRequest(kPageView, "Origin: http://127.0.0.1\r\n"));
        QCOMPARE(reply.status, 202);
    }

    void badUserAgents() {
        const auto bots = server_->metrics().bots.load();
        // Self-declared headless browser, empty User-Agent: 202, dropped, counted.
        auto reply =
            exchange(port_, postRequest(kPageView, "User-Agent: Mozilla/5.0 (X11; Linux x86_64) "
                                                   "HeadlessChrome/120.0.0.0 Safari/537.36\r\n"));
        QCOMPARE(reply.status, 202);
        reply = exchange(port_, postRequest(kPageView, "User-Agent: \r\n"));
        QCOMPARE(reply.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(server_->metrics().bots.load(), bots + 2, 5'000);
        // Garbage (unbalanced parentheses, bytes that are not UTF-8) parses as "Other", never
        // crashes the regexes, and the event is kept.
        const auto produced = server_->metrics().produced.load();
        reply = exchange(port_, postRequest(kPageView, "User-Agent: \xff\xfe((((((" +
                                                           QByteArray(3000, '(') + "\r\n"));
        QCOMPARE(reply.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(server_->metrics().produced.load(), produced + 1, 5'000);
        // Control characters are not allowed in an HTTP header at all.
        reply = exchange(port_, postRequest(kPageView, "User-Agent: a\x01b\r\n"));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.body.contains("bad_http_request"));
    }

    void otherRoutes() {
        auto reply = exchange(port_, getRequest("/t.js"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/javascript"));
        QVERIFY(!reply.body.isEmpty());
        reply = exchange(port_, getRequest("/demo/"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/html"));
        reply = exchange(port_, getRequest("/healthz"));
        QCOMPARE(reply.status, 200);
        reply = exchange(port_, getRequest("/metrics"));
        QCOMPARE(reply.status, 200);
        for (const char *name :
             {"trackboard_collector_events_accepted_total", "trackboard_collector_bots_total",
              "trackboard_collector_events_produced_total", "trackboard_collector_queue_depth",
              "trackboard_collector_rejected_total{reason=\"unknown_event_type\"}"}) {
            QVERIFY2(reply.body.contains(name), name);
        }
        QCOMPARE(exchange(port_, getRequest("/nothing-here")).status, 404);
        reply = exchange(port_, getRequest("/e"));
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.headers.value("allow"), QByteArray("POST, OPTIONS"));
    }

    void keepAliveServesSeveralRequests() {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port_);
        QVERIFY(socket.waitForConnected(5'000));
        for (int i = 0; i < 3; ++i) {
            QByteArray request = postRequest(kPageView);
            request.replace("Connection: close\r\n", "");
            socket.write(request);
            QCOMPARE(readReply(socket).status, 202);
        }
    }

    void rateLimitAnswers429() {
        auto limited = config();
        limited.rateLimitPerSecond = 1; // bursts of 2
        const auto server = startServer(limited);
        QVERIFY(server);
        QList<int> statuses;
        for (int i = 0; i < 4; ++i) {
            statuses.append(exchange(server->port(), postRequest(kPageView)).status);
        }
        QCOMPARE(statuses.first(), 202);
        QCOMPARE(statuses.last(), 429);
        const auto reply = exchange(server->port(), postRequest(kPageView));
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.headers.value("retry-after"), QByteArray("1"));
        // Without --trust-proxy a client cannot escape its bucket by claiming another address.
        QCOMPARE(
            exchange(server->port(), postRequest(kPageView, "X-Forwarded-For: 198.51.100.77\r\n"))
                .status,
            429);
    }

    void forwardedForOnlyWhenTrusted() {
        auto proxied = config();
        proxied.rateLimitPerSecond = 1; // bursts of 2
        proxied.trustForwardedFor = true;
        const auto server = startServer(proxied);
        QVERIFY(server);
        const auto from = [](const char *ip) {
            return postRequest(kPageView, QByteArray("X-Forwarded-For: 10.9.9.9, ") + ip + "\r\n");
        };
        QCOMPARE(exchange(server->port(), from("198.51.100.1")).status, 202);
        QCOMPARE(exchange(server->port(), from("198.51.100.1")).status, 202);
        QCOMPARE(exchange(server->port(), from("198.51.100.1")).status, 429);
        // Another client behind the same proxy has its own bucket; the claimed first entry
        // (10.9.9.9) counts for nothing.
        QCOMPARE(exchange(server->port(), from("198.51.100.2")).status, 202);
    }

    void slowProducerAnswers503() {
        // A broker that never answers and a one-message librdkafka queue: the producer thread
        // waits, the two-event hand-off queue fills, and the collector must say 503.
        auto stuck = config();
        stuck.kafka.brokers = "127.0.0.1:1";
        stuck.kafka.properties = {{"queue.buffering.max.messages", "1"},
                                  {"message.timeout.ms", "600000"}};
        stuck.queueCapacityEvents = 2;
        const auto server = startServer(stuck);
        QVERIFY(server);
        HttpReply reply;
        for (int i = 0; i < 10 && reply.status != 503; ++i) {
            reply = exchange(server->port(), postRequest(kPageView));
            QVERIFY(reply.status == 202 || reply.status == 503);
        }
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.headers.value("retry-after"), QByteArray("1"));
        QVERIFY(server->metrics().overloaded.load() >= 1);
    }

    void slowlorisIsCutOff() {
        auto quick = config();
        quick.idleTimeoutMs = 1'000;
        const auto server = startServer(quick);
        QVERIFY(server);
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), server->port());
        QVERIFY(socket.waitForConnected(5'000));
        socket.write("POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QElapsedTimer clock;
        clock.start();
        // One header byte every 200 ms: a request that never completes.
        while (socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 8'000) {
            socket.write("X");
            socket.waitForBytesWritten(100);
            socket.waitForDisconnected(200);
        }
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(clock.elapsed() < 3'000, qPrintable(QString::number(clock.elapsed())));
        // The stream's timer closes the socket before the read's handler runs and counts it,
        // so the client may see the close first.
        QTRY_COMPARE_WITH_TIMEOUT(server->metrics().timedOut.load(), std::uint64_t(1), 5'000);
        // The server still serves others.
        QCOMPARE(exchange(server->port(), getRequest("/healthz")).status, 200);
    }

    void thousandConcurrentConnections() {
        constexpr int kConnections = 1000;
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < kConnections; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QStringLiteral("127.0.0.1"), port_);
            sockets.push_back(std::move(socket));
        }
        for (auto &socket : sockets) {
            QVERIFY(socket->waitForConnected(10'000));
        }
        // All open at once before any request is sent.
        QTRY_VERIFY_WITH_TIMEOUT(server_->metrics().connectionsOpen.load() >= kConnections, 10'000);
        const auto accepted = server_->metrics().eventsAccepted.load();
        for (auto &socket : sockets) {
            socket->write(postRequest(kPageView));
        }
        int ok = 0;
        for (auto &socket : sockets) {
            ok += readReply(*socket, 20'000).status == 202;
        }
        QCOMPARE(ok, kConnections);
        QCOMPARE(server_->metrics().eventsAccepted.load(), accepted + kConnections);
    }

    void connectionLimit() {
        auto few = config();
        few.maxConnections = 3;
        const auto server = startServer(few);
        QVERIFY(server);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QStringLiteral("127.0.0.1"), server->port());
            QVERIFY(held.back()->waitForConnected(5'000));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->metrics().connectionsOpen.load(), std::uint64_t(3),
                                  5'000);
        // The fourth is accepted by the kernel, then closed by the collector at once.
        QTcpSocket extra;
        extra.connectToHost(QStringLiteral("127.0.0.1"), server->port());
        QVERIFY(extra.waitForConnected(5'000));
        QVERIFY(extra.state() == QAbstractSocket::UnconnectedState ||
                extra.waitForDisconnected(5'000));
        QCOMPARE(server->metrics().connectionsRefused.load(), std::uint64_t(1));
        // Once one is released, a new client is served.
        held.front()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(server->metrics().connectionsOpen.load(), std::uint64_t(2),
                                  5'000);
        QCOMPARE(exchange(server->port(), getRequest("/healthz")).status, 200);
    }

    void collectCommandAnnouncesItself() {
        QProcess collect;
        collect.start(qEnvironmentVariable("TRACKBOARD_BIN"),
                      {QStringLiteral("collect"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--brokers"),
                       QString::fromStdString(broker_->bootstrapServers()),
                       QStringLiteral("--allow-origin"), QStringLiteral("https://shop.example")});
        QVERIFY(collect.waitForStarted(5'000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += collect.readAllStandardOutput()).contains("\n"), 15'000);
        QVERIFY2(out.startsWith("COLLECTOR=http://127.0.0.1:"), out.constData());
        const quint16 port = quint16(out.trimmed().split(':').last().toUInt());
        // It accepts requests as soon as it has said so.
        QCOMPARE(exchange(port, postRequest(kPageView, "Origin: https://shop.example\r\n")).status,
                 202);
        collect.terminate(); // SIGTERM: stop, produce what was accepted, exit 0
        QVERIFY(collect.waitForFinished(15'000));
        QCOMPARE(collect.exitCode(), 0);
        QVERIFY(collect.readAllStandardError().contains("1 events accepted"));
    }
};

QTEST_GUILESS_MAIN(TestCollectorHttp)
#include "tst_collector_http.moc"
