#include "cluster_health_reporter.h"
#include "cli_commands.h"
#include "pipeline.h"

namespace trackboard {

ClusterHealthReporter::ClusterHealthReporter(Pipeline &pipeline, QString command)
    : command_(std::move(command)) {
    QObject::connect(&pipeline, &Pipeline::clusterHealth,
                     [this](const ClusterHealth &h) { update(h); });
}

void ClusterHealthReporter::update(const ClusterHealth &health) {
    const bool wasDegraded = latest_.degraded() || (latest_.known && !latest_.reachable);
    latest_ = health;
    // Quiet while all is well from the start; after trouble, say once that it is over.
    const bool trouble = health.degraded() || (health.known && !health.reachable);
    if (!trouble && !wasDegraded) {
        lastLine_.clear();
        return;
    }
    // The error text varies from one failed request to the next; the state does not.
    const std::string line = !health.reachable
                                 ? std::string("unreachable: no broker answers, retrying")
                             : trouble ? health.summary()
                                       : "healthy again: " + health.summary();
    if (line != lastLine_) {
        lastLine_ = line;
        printErr(QStringLiteral("trackboard %1: Kafka %2\n")
                     .arg(command_, QString::fromStdString(line)));
    }
}

} // namespace trackboard
