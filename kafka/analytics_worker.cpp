#include "analytics_worker.h"

namespace trackboard {

AnalyticsWorker::AnalyticsWorker(Options options)
    : ConsumerWorker(std::move(options)) {}

void AnalyticsWorker::applyEvent(const Event &event, std::int64_t) {
    aggregator_.apply(event);
}

void AnalyticsWorker::publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) {
    emit snapshotReady(aggregator_.snapshot(nowMs), stats);
}

} // namespace trackboard
