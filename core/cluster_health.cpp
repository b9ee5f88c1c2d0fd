#include "cluster_health.h"

namespace trackboard {

std::string ClusterHealth::summary() const {
    if (!known) {
        return reachable ? "connected" : "connecting";
    }
    if (!reachable) {
        return "unreachable" + (error.empty() ? std::string() : ": " + error);
    }
    const std::string parts = std::to_string(partitions) + " partitions";
    if (!degraded()) {
        return std::to_string(brokers) + (brokers == 1 ? " broker, " : " brokers, ") + parts +
               " fully replicated";
    }
    // A broker that died before this client started is not in any answer: then only the
    // partitions' replica sets show it.
    std::string text = "DEGRADED: " + std::to_string(brokers) +
                       (brokers < brokersSeen ? " of " + std::to_string(brokersSeen) : "") +
                       (brokers == 1 ? " broker up" : " brokers up");
    if (underReplicated > 0) {
        text += ", " + std::to_string(underReplicated) + " of " + parts + " under-replicated";
    }
    if (offline > 0) {
        text += ", " + std::to_string(offline) + " offline (no leader)";
    }
    return text;
}

} // namespace trackboard
