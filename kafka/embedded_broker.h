#pragma once

#include "rdkafka_handles.h"

#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

// An in-process Kafka-protocol cluster (librdkafka's mock cluster) listening on 127.0.0.1 on a
// random port. Any Kafka client on this machine can use it. It keeps at most 5 MiB per
// partition; see docs/embedded-broker.md for its limits.
class EmbeddedBroker {
public:
    EmbeddedBroker(const EmbeddedBroker &) = delete;
    EmbeddedBroker &operator=(const EmbeddedBroker &) = delete;
    ~EmbeddedBroker();

    // Starts a cluster of `brokers` brokers. Returns null and sets `error` on failure.
    static std::unique_ptr<EmbeddedBroker> start(int brokers, std::string &error);

    // "127.0.0.1:PORT[,...]".
    const std::string &bootstrapServers() const { return bootstraps_; }
    bool createTopic(const std::string &name, int partitions, std::string &error);

    // Fault injection, for tests and failure drills. Broker ids start at 1. A down broker drops
    // its connections and refuses new ones until it is set up again; it keeps its data.
    void setBrokerDown(int brokerId, bool down);
    void setBrokerRttMs(int brokerId, int rttMs);
    // Kafka protocol API keys; librdkafka does not install its own list (rdkafka_protocol.h).
    enum class Request : std::int16_t {
        Produce = 0,
        Fetch = 1,
        OffsetCommit = 8,
        JoinGroup = 11,
        Heartbeat = 12
    };
    // The next requests of that type fail with these errors, one each, in order; later
    // requests succeed again.
    void pushRequestErrors(Request request, const std::vector<rd_kafka_resp_err_t> &errors);
    rd_kafka_mock_cluster_t *cluster() const { return cluster_; }

private:
    EmbeddedBroker() = default;
    KafkaHandle owner_;
    rd_kafka_mock_cluster_t *cluster_ = nullptr;
    std::string bootstraps_;
};

} // namespace trackboard
