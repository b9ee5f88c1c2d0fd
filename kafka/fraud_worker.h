#pragma once

#include "consumer_worker.h"
#include "fraud_detector.h"
#include "kafka_producer.h"
#include "metatypes.h"

namespace trackboard {

// Consumer group `trackboard-fraud`: runs the fraud rules on every event and hands the alerts
// raised since the last snapshot to whoever listens.
class FraudWorker final : public ConsumerWorker {
    Q_OBJECT
public:
    static constexpr const char *kDefaultGroup = "trackboard-fraud";
    static constexpr const char *kDefaultAlertsTopic = "fraud-alerts";
    // The most a take-over may spend re-reading history before it consumes (FraudWarmUp):
    // with a 6 s session timeout and a rebalance, a dead worker's partitions still move on
    // within 15 s (docs/scaling-fraud.md).
    static constexpr int kWarmUpBudgetMs = 5'000;
    // At most this many events re-read per take-over, the newest of each partition's window:
    // about 3.5 s at the 28k events/s measured on a 2-core machine beside 3 brokers.
    static constexpr std::int64_t kWarmUpMaxEvents = 100'000;
    // Alerts are published as JSON to `alertsTopic`, keyed by user_id; empty: not published.
    FraudWorker(Options options, FraudThresholds thresholds, std::string alertsTopic);

public slots:
    // Applies from the next event on, without a restart.
    void setThresholds(const trackboard::FraudThresholds &thresholds);
    // Forgets every user's history and the alert counts, for the dashboard's Reset.
    void resetAggregates();
    // Answers profileReady() with what the detector holds about `userId`, read between two
    // events on this worker's thread: the GUI asks through a queued call, never reads the
    // detector itself.
    void describeUser(const QString &userId, quint64 requestId);

signals:
    void snapshotReady(const trackboard::FraudSnapshot &snapshot,
                       const trackboard::ConsumerStats &stats);
    void profileReady(const trackboard::UserProfile &profile, quint64 requestId);

protected:
    bool openExtras(std::string &error) override;
    void closeExtras() override;
    // A partition this worker did not hold to the start offset gets its users' history back
    // by a warm-up, so that its first alerts are those its previous owner would have raised.
    void adjustAssignment(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions) override;
    void revokeAssignment(const rd_kafka_topic_partition_list_t &partitions, bool lost) override;
    void lookAhead(std::string_view key) const override { detector_.prefetchUser(key); }
    void applyEvent(const Event &event, std::int32_t partition, std::int64_t offset,
                    std::int64_t nowMs) override;
    void publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) override;
    bool outputInFlight() override;

private:
    void publishAlert(const Alert &alert);

    void forget(std::int32_t partition);

    FraudDetector detector_;
    // Per partition: the detector holds its users' state, and the offset after the last event
    // applied (-1: none), which tells whether the state reaches a new assignment's start.
    std::vector<bool> held_;
    std::vector<std::int64_t> next_;
    std::vector<Alert> pending_;
    std::string alertsTopic_;
    KafkaProducer alertsProducer_;
    std::string alertJson_;
    std::uint64_t alertsPublished_ = 0;
    std::uint64_t alertsUnpublished_ = 0;
};

} // namespace trackboard
