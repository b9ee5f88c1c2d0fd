#pragma once

#include <string>

namespace trackboard {

// The Kafka cluster as its metadata describes it, for the pipeline panel and the CLI reports.
// A real cluster drops a dead broker from its metadata and shrinks the in-sync replica sets of
// the partitions it held, so "fewer brokers than seen before" and "under-replicated partitions"
// are how a failover looks from a client.
struct ClusterHealth {
    bool known = false;      // at least one metadata answer so far
    bool reachable = false;  // the latest metadata request was answered
    int brokers = 0;         // brokers in the latest answer
    int brokersSeen = 0;     // most brokers seen in one answer this run
    int partitions = 0;      // of the activity topic
    int underReplicated = 0; // in-sync replicas fewer than replicas
    int offline = 0;         // no leader
    std::string error;       // why the latest request failed

    bool degraded() const {
        return reachable && (brokers < brokersSeen || underReplicated > 0 || offline > 0);
    }
    // One line: "3 brokers, 6 partitions fully replicated", "DEGRADED: 2 of 3 brokers up, 4 of 6
    // partitions under-replicated", "unreachable: ...".
    std::string summary() const;
};

} // namespace trackboard
