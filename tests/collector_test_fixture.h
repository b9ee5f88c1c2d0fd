#pragma once

// What the collector's HTTP tests share: an embedded broker holding the activity topic, one
// collector on loopback producing to it, further collectors with other settings on demand, and
// the request bodies the tests send.
#include "collector_http_client.h"
#include "collector_server.h"
#include "embedded_broker.h"

#include <QtGlobal>

#include <memory>
#include <string>

inline const QByteArray kPageView = R"({"event_type":"page_view","page":"/","tz":"Europe/Paris"})";

// A JSON array of `count` click events on distinct pages.
inline QByteArray batchOf(int count) {
    QByteArray body = "[";
    for (int i = 0; i < count; ++i) {
        body += QByteArray(i ? "," : "") + R"({"event_type":"click","page":"/batch/)" +
                QByteArray::number(i) + "\"}";
    }
    return body + "]";
}

class CollectorTestFixture {
public:
    std::unique_ptr<trackboard::EmbeddedBroker> broker;
    std::unique_ptr<trackboard::CollectorServer> server; // the shared one, rate limit off
    quint16 port = 0;

    // Call from initTestCase(); on failure `error` says why.
    bool start(std::string &error) {
        broker = trackboard::EmbeddedBroker::start(1, error);
        if (!broker || !broker->createTopic(trackboard::kDefaultTopic,
                                            trackboard::kDefaultPartitions, error)) {
            return false;
        }
        server = startServer(config());
        port = server ? server->port() : 0;
        if (port == 0) {
            error = "the shared collector did not start";
            return false;
        }
        return true;
    }

    // Call from cleanupTestCase(): the collector flushes to the broker before it goes.
    void stop() {
        server.reset();
        broker.reset();
    }

    // The shared collector's settings, for a test to vary.
    trackboard::CollectorConfig config() const {
        trackboard::CollectorConfig config;
        config.kafka.brokers = broker->bootstrapServers();
        config.allowedOrigins = {"https://shop.example"};
        config.rateLimitPerSecond = 0;
        return config;
    }

    static std::unique_ptr<trackboard::CollectorServer>
    startServer(const trackboard::CollectorConfig &config) {
        auto server = std::make_unique<trackboard::CollectorServer>(config);
        std::string error;
        if (!server->start(error)) {
            qWarning("collector did not start: %s", error.c_str());
            return nullptr;
        }
        return server;
    }
};
