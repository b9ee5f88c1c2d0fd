#pragma once

#include "cluster_health.h"
#include "kafka_settings.h"

#include <QObject>
#include <QTimer>

namespace trackboard {

// Asks the cluster for the activity topic's metadata every few seconds, on a thread of its own
// (a metadata request blocks while brokers are down), and reports ClusterHealth: brokers up,
// partitions under-replicated or without a leader. Move it to a QThread, then call open() there.
class ClusterMonitor : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 2000;
    static constexpr int kRequestTimeoutMs = 1500;

    explicit ClusterMonitor(KafkaSettings settings);
    ~ClusterMonitor() override;

public slots:
    void open();
    void shutdown();

signals:
    void healthChanged(const trackboard::ClusterHealth &health);

private:
    void check();

    KafkaSettings settings_;
    KafkaHandle handle_;
    ClusterHealth health_;
    QTimer timer_;
};

} // namespace trackboard
