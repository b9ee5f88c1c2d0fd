#pragma once

#include "analytics_global_view.h"
#include "consumer_worker.h"
#include "kafka_producer.h"
#include "metatypes.h"
#include "state_topic_reader.h"

#include <QElapsedTimer>

#include <map>
#include <optional>

namespace trackboard {

// The largest checkpoint record the state topic takes: `trackboard setup` sets the topic's
// max.message.bytes to it, and the state producer's message.max.bytes (docs/scaling.md).
inline constexpr int kMaxCheckpointBytes = 16 * 1024 * 1024;

// Where the analytics state lives (docs/scaling.md).
struct AnalyticsStateOptions {
    std::string stateTopic = "trackboard-analytics-state";
    int checkpointIntervalMs = 1000; // 0: no checkpoints, nothing loaded
    // Merge the other workers' checkpoints into every snapshot: the global view.
    bool globalView = true;
    // Metrics defined without code (--metrics FILE) counted from the start; null: none.
    MetricDefinitions customMetrics;
};

// Consumer group `trackboard-analytics`: folds every event into the demo guide's metrics.
// State is kept per partition and checkpointed to the compacted state topic every second, so
// that any number of workers can share the group and each prints the one merged global view
// (docs/scaling.md). Snapshots are built on this worker's thread between batches (at most
// every snapshotIntervalMs, 100 ms by default), so the GUI gets at most 10 a second.
class AnalyticsWorker final : public ConsumerWorker {
    Q_OBJECT
public:
    static constexpr const char *kDefaultGroup = "trackboard-analytics";
    static constexpr const char *kDefaultStateTopic = "trackboard-analytics-state";
    // ConsumerStats::state while a new assignment waits for the state topic to be read (at
    // most kCatchUpMs).
    static constexpr const char *kReadingCheckpoints = "reading checkpoints";
    static constexpr int kCatchUpMs = 30'000;

    using StateOptions = AnalyticsStateOptions;

    AnalyticsWorker(Options options, AnalyticsAggregator::Settings settings = {},
                    StateOptions state = {});

    struct CheckpointStats {
        std::uint64_t written = 0;
        std::uint64_t failed = 0;
        std::uint64_t bytes = 0;
        std::uint64_t deferred = 0; // ticks a partition's checkpoint waited (checkpoint_pacing.h)
        double encodeMs = 0;        // of the last round through all owned partitions
        int restored = 0;           // partitions resumed from a checkpoint
    };

public slots:
    // Forgets every aggregate, for the dashboard's Reset. Offsets and pipeline health stay.
    void resetAggregates();
    // A new metrics file: every owned partition counts it from its next event; a metric whose
    // definition is unchanged keeps its counts (CustomMetrics::setDefinitions).
    void setMetricDefinitions(const trackboard::MetricDefinitions &definitions);

signals:
    // A newly built snapshot and the stats as they were when it was built: the two agree (what
    // the stats count consumed, the snapshot holds). Paced by the merge's cost.
    void snapshotReady(const trackboard::AnalyticsSnapshot &snapshot,
                       const trackboard::ConsumerStats &stats);
    // The stats alone, fresh at every asked interval, for what must not wait for a merge (the
    // readiness line, the pipeline panel).
    void statsReady(const trackboard::ConsumerStats &stats);

protected:
    bool openExtras(std::string &error) override;
    void closeExtras() override;
    void applyEvent(const Event &event, std::int32_t partition, std::int64_t offset,
                    std::int64_t nowMs) override;
    void setPartitionIdle(std::int32_t partition, bool idle) override;
    const PartitionClock *eventClock() const override { return &clock_; }
    void notePartitionTime(std::int32_t partition, std::int64_t eventMs) override;
    void publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) override;
    // The consumer's figures with the merged view's and the checkpoints' (late events, merge
    // pacing, checkpoints written), as every report of this worker carries them.
    ConsumerStats withViewFigures(ConsumerStats stats) const;
    void adjustAssignment(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions) override;
    void revokeAssignment(const rd_kafka_topic_partition_list_t &partitions, bool lost) override;

private:
    OwnedPartition &owned(std::int32_t partition);
    bool checkpointsOn() const { return state_.checkpointIntervalMs > 0; }
    void writeNextCheckpoint();
    bool writeCheckpoint(std::int32_t partition, OwnedPartition &part, std::int64_t nowMs);
    // The partition reads a backlog, or too little was read of it since its last checkpoint,
    // and that checkpoint is recent enough to stand for it meanwhile (checkpoint_pacing.h).
    // Notes how far the partition was read, for the next turn's "still flowing".
    bool checkpointWaits(std::int32_t partition, OwnedPartition &part, std::int64_t nowMs);
    void rebuildFromTime(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions);
    // The next offset of the partition's checkpoint on the state topic, or -1.
    std::int64_t checkpointOffset(std::int32_t partition) const;
    // Resume `tp` from the state kept since its revoke, or from its checkpoint: true, with
    // tp.offset set to where that state ends.
    bool resumeKept(rd_kafka_topic_partition_t &tp);
    bool resumeFromCheckpoint(rd_kafka_topic_partition_t &tp, std::string &error);
    // Takes a resumed partition's state, and its event time into the worker's clock.
    void own(std::int32_t partition, OwnedPartition part);
    // Revoked states a checkpoint has caught up with are no longer needed.
    void forgetOvertakenRevoked();

    AnalyticsAggregator::Settings settings_;
    StateOptions state_;
    std::map<std::int32_t, OwnedPartition> owned_;
    // Partitions taken away by a rebalance, with where their state ends (nextOffset).
    std::map<std::int32_t, OwnedPartition> revoked_;
    PartitionClock clock_; // over the owned partitions: what PartitionFlow limits lead against
    AnalyticsGlobalView view_;
    StateTopicReader stateReader_;
    KafkaProducer stateProducer_;
    QTimer checkpointTimer_;
    CheckpointStats checkpoints_;
    std::int32_t lastCheckpointed_ = -1; // the partition the last tick wrote
    qint64 roundEncodeNs_ = 0;           // the current round's encoding so far
    std::string encoded_;
    bool rebuildPending_;
    // The last snapshot built, what building it cost the thread, and when the next is due.
    std::optional<AnalyticsSnapshot> merged_;
    QElapsedTimer mergeClock_;
    double mergeCostMs_ = 0;
    int mergeIntervalMs_ = 0;
};

} // namespace trackboard
