#include "analytics_worker.h"
#include "rebalance.h"

#include <QDateTime>

namespace trackboard {

namespace {

ConsumerWorker::Options withLeadLimit(ConsumerWorker::Options options) {
    // The ring has room for kAheadBuckets ahead of "now": no event further ahead is applied.
    options.maxPartitionLeadMs = AnalyticsAggregator::kMaxPartitionLeadMs;
    return options;
}

} // namespace

AnalyticsWorker::AnalyticsWorker(Options options, AnalyticsAggregator::Settings settings)
    : ConsumerWorker(withLeadLimit(options))
    , aggregator_(settings)
    , rebuildPending_(settings.rebuildWindowsOnStart && !options.fromBeginning) {}

void AnalyticsWorker::applyEvent(const Event &event, std::int32_t partition, std::int64_t,
                                 std::int64_t) {
    aggregator_.apply(event, partition);
}

void AnalyticsWorker::setPartitionIdle(std::int32_t partition, bool idle) {
    aggregator_.setPartitionIdle(partition, idle);
}

void AnalyticsWorker::resetAggregates() {
    aggregator_ = AnalyticsAggregator(aggregator_.settings());
}

void AnalyticsWorker::publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) {
    ConsumerStats withLate = stats;
    withLate.late = aggregator_.late();
    emit snapshotReady(aggregator_.snapshot(nowMs), withLate);
}

void AnalyticsWorker::adjustAssignment(rd_kafka_t *rk,
                                       rd_kafka_topic_partition_list_t *partitions) {
    if (!rebuildPending_) {
        return;
    }
    rebuildPending_ = false; // only the first assignment: later ones resume where others left
    const std::int64_t from = QDateTime::currentMSecsSinceEpoch() -
                              AnalyticsAggregator::kWindowBuckets * AnalyticsAggregator::kBucketMs -
                              aggregator_.settings().allowedLatenessMs;
    std::string error;
    if (startAtTime(rk, partitions, from, 5000, error) < 0) {
        qWarning("Trackboard analytics: could not look offsets up by time (%s); the windows "
                 "start empty",
                 error.c_str());
    }
}

} // namespace trackboard
