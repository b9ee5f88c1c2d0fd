#pragma once

#include "kafka_settings.h"

#include <string>
#include <vector>

namespace trackboard {

// The shape Trackboard wants a topic to have on a real cluster.
struct TopicSpec {
    std::string name;
    int partitions = kDefaultPartitions;
    int replication = 1;
    std::vector<std::pair<std::string, std::string>> configs; // e.g. min.insync.replicas
};

// What setup found or did for one topic.
struct TopicOutcome {
    enum class Kind { Created, Exists, Differs, Failed };
    Kind kind = Kind::Failed;
    std::string name;
    int partitions = 0;  // as the cluster has it (or as created)
    int replication = 0; // replicas of partition 0
    std::string error;   // Failed: librdkafka's or the broker's words
};

// Creates topics through Kafka's admin API (CreateTopics) and compares the ones that already
// exist with what was asked. Used by `trackboard setup`; needs a real cluster, since the
// embedded broker has no CreateTopics.
class TopicAdmin {
public:
    static constexpr int kTimeoutMs = 15'000;

    // Connects and reads the cluster's metadata; false with `error` set when the cluster cannot
    // be reached or refuses the client.
    bool open(const KafkaSettings &settings, std::string &error);
    int brokerCount() const { return brokers_; }
    // One outcome per spec, in order. Never throws; per-topic failures are in the outcomes.
    std::vector<TopicOutcome> ensure(const std::vector<TopicSpec> &specs);

private:
    // The topic's shape once it has a leader for every partition and every broker knows it.
    bool describe(const std::string &topic, int &partitions, int &replication, std::string &error);
    // True once each broker of the cluster, asked on its own, knows `topic` with `partitions`
    // partitions, each with a leader; false with `error` naming the first that does not
    // within kTimeoutMs.
    bool everyBrokerKnows(const std::string &topic, int partitions, std::string &error);

    KafkaSettings settings_;
    KafkaHandle handle_;
    int brokers_ = 0;
    std::vector<std::string> brokerAddresses_; // host:port of each broker, as advertised
    std::string refusal_; // set by the error callback: the cluster refused login or TLS
};

} // namespace trackboard
