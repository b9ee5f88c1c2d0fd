#include "fraud_worker.h"

namespace trackboard {

FraudWorker::FraudWorker(Options options, FraudThresholds thresholds)
    : ConsumerWorker(std::move(options))
    , detector_(thresholds) {}

void FraudWorker::setThresholds(const FraudThresholds &thresholds) {
    detector_.setThresholds(thresholds);
}

void FraudWorker::applyEvent(const Event &event, std::int64_t nowMs) {
    detector_.apply(event, nowMs, pending_);
}

void FraudWorker::publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) {
    FraudSnapshot snapshot = detector_.snapshot(nowMs);
    snapshot.newAlerts = std::move(pending_);
    pending_.clear();
    emit snapshotReady(snapshot, stats);
}

} // namespace trackboard
