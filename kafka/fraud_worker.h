#pragma once

#include "consumer_worker.h"
#include "fraud_detector.h"
#include "metatypes.h"

namespace trackboard {

// Consumer group `trackboard-fraud`: runs the fraud rules on every event and hands the alerts
// raised since the last snapshot to whoever listens.
class FraudWorker final : public ConsumerWorker {
    Q_OBJECT
public:
    static constexpr const char *kDefaultGroup = "trackboard-fraud";
    FraudWorker(Options options, FraudThresholds thresholds);

public slots:
    // Applies from the next event on, without a restart.
    void setThresholds(const trackboard::FraudThresholds &thresholds);

signals:
    void snapshotReady(const trackboard::FraudSnapshot &snapshot,
                       const trackboard::ConsumerStats &stats);

protected:
    void applyEvent(const Event &event, std::int64_t nowMs) override;
    void publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) override;

private:
    FraudDetector detector_;
    std::vector<Alert> pending_;
};

} // namespace trackboard
