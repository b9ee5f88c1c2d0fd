// The web collector's limits (issue 17), against a real server on loopback producing to the
// embedded broker: oversized bodies (413) and headers (431), the per-IP rate limit (429), a
// producer that cannot keep up (503), a slowloris connection, 1,000 concurrent connections and
// the connection limit.
#include "collector_test_fixture.h"

#include <QTest>

#include <vector>

using namespace trackboard;

class TestCollectorHttpLimits : public QObject {
    Q_OBJECT

private:
    CollectorTestFixture fx_;

private slots:
    void initTestCase() {
        std::string error;
        QVERIFY2(fx_.start(error), error.c_str());
    }

    void cleanupTestCase() { fx_.stop(); }

    void oversizedBodyGetsAReadable413() {
        const QByteArray body = "[" + QByteArray(70 * 1024, ' ') + "]";
        const auto reply = exchange(fx_.port, postRequest(body));
        QCOMPARE(reply.status, 413);
        QVERIFY(reply.body.contains("body_too_large"));
        QVERIFY(fx_.server->metrics().rejected("body_too_large") >= 1);
    }

    void oversizedHeadersGetA431() {
        const auto rejected = fx_.server->metrics().rejected("headers_too_large");
        const auto accepted = fx_.server->metrics().eventsAccepted.load();
        const auto reply =
            exchange(fx_.port, postRequest(kPageView, "X-Junk: " + QByteArray(9000, 'a') + "\r\n"));
        QCOMPARE(reply.status, 431);
        QVERIFY2(reply.body.contains(R"("error":"headers_too_large")"), reply.body.constData());
        QCOMPARE(reply.headers.value("connection"), QByteArray("close"));
        QCOMPARE(fx_.server->metrics().rejected("headers_too_large"), rejected + 1);
        QCOMPARE(fx_.server->metrics().eventsAccepted.load(), accepted);
        // Just under the 8 KiB limit, request line and other headers included, is served.
        QCOMPARE(
            exchange(fx_.port, postRequest(kPageView, "X-Junk: " + QByteArray(7500, 'a') + "\r\n"))
                .status,
            202);
    }

    void rateLimitAnswers429() {
        auto limited = fx_.config();
        limited.rateLimitPerSecond = 1; // bursts of 2
        const auto server = fx_.startServer(limited);
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
        auto proxied = fx_.config();
        proxied.rateLimitPerSecond = 1; // bursts of 2
        proxied.trustForwardedFor = true;
        const auto server = fx_.startServer(proxied);
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
        auto stuck = fx_.config();
        stuck.kafka.brokers = "127.0.0.1:1";
        stuck.kafka.properties = {{"queue.buffering.max.messages", "1"},
                                  {"message.timeout.ms", "600000"}};
        stuck.queueCapacityEvents = 2;
        const auto server = fx_.startServer(stuck);
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
        auto quick = fx_.config();
        quick.idleTimeoutMs = 1'000;
        const auto server = fx_.startServer(quick);
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
            socket->connectToHost(QStringLiteral("127.0.0.1"), fx_.port);
            sockets.push_back(std::move(socket));
        }
        for (auto &socket : sockets) {
            QVERIFY(socket->waitForConnected(10'000));
        }
        // All open at once before any request is sent.
        QTRY_VERIFY_WITH_TIMEOUT(fx_.server->metrics().connectionsOpen.load() >= kConnections,
                                 10'000);
        const auto accepted = fx_.server->metrics().eventsAccepted.load();
        for (auto &socket : sockets) {
            socket->write(postRequest(kPageView));
        }
        int ok = 0;
        for (auto &socket : sockets) {
            ok += readReply(*socket, 20'000).status == 202;
        }
        QCOMPARE(ok, kConnections);
        QCOMPARE(fx_.server->metrics().eventsAccepted.load(), accepted + kConnections);
    }

    void connectionLimit() {
        auto few = fx_.config();
        few.maxConnections = 3;
        const auto server = fx_.startServer(few);
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
};

QTEST_GUILESS_MAIN(TestCollectorHttpLimits)
#include "tst_collector_http_limits.moc"
