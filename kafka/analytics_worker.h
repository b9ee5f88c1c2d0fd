#pragma once

#include "analytics_aggregator.h"
#include "consumer_worker.h"
#include "metatypes.h"

namespace trackboard {

// Consumer group `trackboard-analytics`: folds every event into the demo guide's metrics.
// Snapshots are built on this worker's thread between batches (at most every
// snapshotIntervalMs, 100 ms by default), so the GUI gets at most 10 a second.
class AnalyticsWorker final : public ConsumerWorker {
    Q_OBJECT
public:
    static constexpr const char *kDefaultGroup = "trackboard-analytics";
    explicit AnalyticsWorker(Options options, AnalyticsAggregator::Settings settings = {});

public slots:
    // Forgets every aggregate, for the dashboard's Reset. Offsets and pipeline health stay.
    void resetAggregates();

signals:
    void snapshotReady(const trackboard::AnalyticsSnapshot &snapshot,
                       const trackboard::ConsumerStats &stats);

protected:
    void applyEvent(const Event &event, std::int32_t partition, std::int64_t offset,
                    std::int64_t nowMs) override;
    void setPartitionIdle(std::int32_t partition, bool idle) override;
    const PartitionClock *eventClock() const override { return &aggregator_.clock(); }
    void notePartitionTime(std::int32_t partition, std::int64_t eventMs) override {
        aggregator_.notePartitionTime(partition, eventMs);
    }
    void publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) override;
    void adjustAssignment(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions) override;

private:
    AnalyticsAggregator aggregator_;
    bool rebuildPending_;
};

} // namespace trackboard
