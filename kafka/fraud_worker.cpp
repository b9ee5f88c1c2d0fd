#include "fraud_worker.h"
#include "fraud_warm_up.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>

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

bool FraudWorker::outputInFlight() {
    // An alert's event is committed only once the alert is on the alerts topic: a worker
    // killed in between leaves it to the next owner, which re-reads the event and raises the
    // alert again under the same id. After close(), what it dropped stays outstanding.
    if (alertsProducer_.outstanding() > 0 && alertsProducer_.isOpen()) {
        alertsProducer_.poll(0);
    }
    return alertsProducer_.outstanding() > 0;
}

void FraudWorker::setThresholds(const FraudThresholds &thresholds) {
    detector_.setThresholds(thresholds);
}

void FraudWorker::resetAggregates() {
    detector_ = FraudDetector(detector_.thresholds());
    pending_.clear();
    // Held partitions stay held: from now on they count afresh, and a warm-up would bring
    // back exactly what the reset cleared.
}

void FraudWorker::describeUser(const QString &userId, quint64 requestId) {
    Q_ASSERT(QThread::currentThread() == thread());
    emit profileReady(
        detector_.profileOf(userId.toStdString(), QDateTime::currentMSecsSinceEpoch()), requestId);
}

void FraudWorker::forget(std::int32_t partition) {
    const auto p = static_cast<std::size_t>(partition);
    if (p < held_.size() && held_[p]) {
        detector_.forgetPartition(partition);
        held_[p] = false;
    }
}

void FraudWorker::revokeAssignment(const rd_kafka_topic_partition_list_t &partitions, bool lost) {
    // A revoked partition's state is kept: with the eager protocol every rebalance revokes all,
    // and most partitions come straight back. adjustAssignment() drops what does not.
    if (!lost) {
        return;
    }
    for (int i = 0; i < partitions.cnt; ++i) {
        forget(partitions.elems[i].partition);
    }
}

void FraudWorker::adjustAssignment(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions) {
    // Where the group consumer will start: the assignment's own offset, else the committed one.
    KafkaPartitionList starts(rd_kafka_topic_partition_list_copy(partitions));
    std::string names;
    std::vector<bool> assigned;
    for (int i = 0; i < starts->cnt; ++i) {
        const auto p = static_cast<std::size_t>(starts->elems[i].partition);
        assigned.resize(std::max(assigned.size(), p + 1), false);
        assigned[p] = true;
        names += (names.empty() ? "" : " ") + std::to_string(p);
    }
    // One line per assignment: operators see hand-overs, and tests wait for it.
    if (const auto err = rd_kafka_committed(rk, starts.get(), 5000)) {
        qWarning("Trackboard fraud: assigned partitions %s; no warm-up: committed offsets "
                 "unknown (%s)",
                 names.c_str(), rd_kafka_err2str(err));
        return;
    }
    for (std::size_t p = 0; p < held_.size(); ++p) {
        if (p >= assigned.size() || !assigned[p]) {
            forget(std::int32_t(p)); // another worker reads it now
        }
    }
    std::vector<FraudWarmUp::Target> targets;
    for (int i = 0; i < starts->cnt; ++i) {
        const auto &tp = starts->elems[i];
        const auto p = static_cast<std::size_t>(tp.partition);
        const std::int64_t start =
            partitions->elems[i].offset >= 0 ? partitions->elems[i].offset : tp.offset;
        held_.resize(std::max(held_.size(), p + 1), false);
        next_.resize(std::max(next_.size(), p + 1), -1);
        if (start >= 0) {
            resumePartitionPast(tp.partition, start);
        }
        // The state reaches the start (or the group reads from the earliest and so did we):
        // keep it; the consumer skips the offsets it already applied.
        if (held_[p] && (start < 0 || next_[p] >= start)) {
            continue;
        }
        forget(tp.partition);
        held_[p] = true;
        // No committed offset: the group reads from the earliest, so there is nothing before.
        if (start >= 0) {
            // Offsets below next_ are skipped as redelivered: the warm-up must cover them too.
            targets.push_back({tp.partition, std::max(start, next_[p])});
        }
    }
    if (targets.empty()) {
        qInfo("Trackboard fraud: assigned partitions %s; no warm-up needed", names.c_str());
        return;
    }
    // Measured back from the wall clock, which on a live topic is the start's event time. A
    // group far behind (a backlog older than the window) gets less history than the rules use.
    const std::int64_t from = QDateTime::currentMSecsSinceEpoch() -
                              FraudDetector::longestWindowMs(detector_.thresholds());
    const auto report = FraudWarmUp::run(
        settings(), targets, from, kWarmUpMaxEvents, kWarmUpBudgetMs,
        [this](const Event &e, std::int32_t p, std::int64_t o) { detector_.replay(e, p, o); });
    qInfo("Trackboard fraud: assigned partitions %s; %s", names.c_str(),
          FraudWarmUp::describe(report).c_str());
}

void FraudWorker::applyEvent(const Event &event, std::int32_t partition, std::int64_t offset,
                             std::int64_t nowMs) {
    const std::size_t before = pending_.size();
    detector_.apply(event, partition, offset, nowMs, pending_);
    const auto p = static_cast<std::size_t>(partition);
    if (p >= next_.size()) { // an assignment adjustAssignment() did not see (--from-beginning)
        held_.resize(p + 1, false);
        next_.resize(p + 1, -1);
    }
    held_[p] = true;
    next_[p] = offset + 1;
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
