#pragma once

#include "cluster_health.h"
#include "kafka_connection.h"
#include "producer_stats.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace trackboard {

// Works out KafkaConnection from what the pipeline hears: the producer's stats (deliveries, its
// "unreachable" error, what it buffers) and the cluster monitor's metadata answers. The newest
// evidence wins, so the state never says "connected" before a broker has answered, nor while
// nothing gets through; and a delivery proves the link faster than the monitor's next look.
// Lives on the GUI thread, beside the Pipeline that owns it.
class KafkaConnectionTracker : public QObject {
    Q_OBJECT
public:
    // How long "Kafka is back: … delivered, lost 0" stays up after the catch-up.
    static constexpr int kRecoveredShowMs = 8000;
    // A metadata request that timed out while the producer still delivers is a slow broker,
    // not an outage.
    static constexpr int kDeliveryProvesReachableMs = 1500;

    explicit KafkaConnectionTracker(QObject *parent = nullptr);
    const KafkaConnection &connection() const { return current_; }

public slots:
    void noteProducer(const trackboard::ProducerStats &stats);
    void noteCluster(const trackboard::ClusterHealth &health);
    // The dashboard took the embedded broker down for `seconds`, or brought it back.
    void noteSimulatedOutage(bool down, int seconds);

signals:
    void changed(const trackboard::KafkaConnection &connection);

private:
    void update();
    KafkaConnection::State evidenceState() const;
    std::string reason(int secondsLeft) const;

    QElapsedTimer clock_;
    QTimer tick_; // counts the outage down and ends the "back" message without new stats
    ProducerStats producer_;
    ClusterHealth cluster_;
    bool haveCluster_ = false;
    // Evidence is numbered as it arrives; the newer of these two decides. 0: none yet.
    std::uint64_t evidence_ = 0;
    std::uint64_t downAt_ = 0; // newest evidence that Kafka cannot be reached
    std::uint64_t upAt_ = 0;   // newest evidence that it can
    qint64 lastDeliveryAt_ = -1;
    bool simulated_ = false;
    QDeadlineTimer outageEnd_;
    qint64 outageStartedAt_ = 0;
    std::uint64_t failedAtOutageStart_ = 0;
    std::uint64_t bufferedWhileDown_ = 0; // the producer's latest figures while unreachable
    std::uint64_t deliveredWhileDown_ = 0;
    std::uint64_t deliveredAtRecovery_ = 0;
    qint64 recoveredAt_ = -1;
    KafkaConnection current_;
};

} // namespace trackboard
