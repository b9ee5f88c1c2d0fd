#pragma once

#include "cluster_health.h"

#include <QString>

namespace trackboard {

class Pipeline;

// Prints one line to stderr each time the cluster's health changes (healthy, degraded, how
// many brokers and partitions are affected, unreachable), so a terminal shows a failover as it
// happens, and keeps the latest health for the --json summaries.
class ClusterHealthReporter {
public:
    ClusterHealthReporter(Pipeline &pipeline, QString command);
    const ClusterHealth &latest() const { return latest_; }

private:
    void update(const ClusterHealth &health);

    QString command_;
    ClusterHealth latest_;
    std::string lastLine_;
};

} // namespace trackboard
