#include "fraud_worker.h"

namespace trackboard {

FraudWorker::FraudWorker(Options options, FraudThresholds thresholds, std::string alertsTopic)
    : ConsumerWorker(std::move(options))
    , detector_(thresholds)
    , alertsTopic_(std::move(alertsTopic)) {}

bool FraudWorker::openExtras(std::string &error) {
    if (alertsTopic_.empty()) {
        return true;
    }
    if (!alertsProducer_.open(settings(),
                              {{"enable.idempotence", "true"},
                               {"linger.ms", "5"},
                               {"client.id", "trackboard-fraud-alerts"}},
                              error)) {
        error = "alerts producer: " + error;
        return false;
    }
    alertsProducer_.warmUp(alertsTopic_, 2000);
    return true;
}

void FraudWorker::closeExtras() {
    alertsProducer_.close(1000);
}

void FraudWorker::publishAlert(const Alert &alert) {
    if (!alertsProducer_.isOpen()) {
        return;
    }
    alertJson_.clear();
    encodeAlert(alert, alertJson_);
    // Alerts are rare next to events: a full queue is waited out briefly rather than dropped.
    for (int attempt = 0; attempt < 50; ++attempt) {
        switch (alertsProducer_.produce(alertsTopic_, alert.userId, alertJson_)) {
        case KafkaProducer::ProduceResult::Ok:
            ++alertsPublished_;
            return;
        case KafkaProducer::ProduceResult::QueueFull:
            alertsProducer_.poll(10);
            continue;
        case KafkaProducer::ProduceResult::Error:
            break;
        }
        break;
    }
    ++alertsUnpublished_;
}

void FraudWorker::setThresholds(const FraudThresholds &thresholds) {
    detector_.setThresholds(thresholds);
}

void FraudWorker::resetAggregates() {
    detector_ = FraudDetector(detector_.thresholds());
    pending_.clear();
}

void FraudWorker::applyEvent(const Event &event, std::int32_t partition, std::int64_t offset,
                             std::int64_t nowMs) {
    const std::size_t before = pending_.size();
    detector_.apply(event, partition, offset, nowMs, pending_);
    for (std::size_t i = before; i < pending_.size(); ++i) {
        publishAlert(pending_[i]);
    }
}

void FraudWorker::publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) {
    FraudSnapshot snapshot = detector_.snapshot(nowMs);
    if (alertsProducer_.isOpen()) {
        alertsProducer_.poll(0);
    }
    snapshot.alertsPublished = alertsPublished_ - alertsProducer_.failed();
    snapshot.alertsUnpublished = alertsUnpublished_ + alertsProducer_.failed();
    snapshot.newAlerts = std::move(pending_);
    pending_.clear();
    emit snapshotReady(snapshot, stats);
}

} // namespace trackboard
