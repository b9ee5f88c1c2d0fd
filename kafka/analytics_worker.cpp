#include "analytics_worker.h"
#include "rebalance.h"
#include "snapshot_pacing.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>

namespace trackboard {

namespace {

ConsumerWorker::Options withLeadLimit(ConsumerWorker::Options options) {
    // The ring has room for kAheadBuckets ahead of "now": no event further ahead is applied.
    options.maxPartitionLeadMs = AnalyticsAggregator::kMaxPartitionLeadMs;
    return options;
}

} // namespace

AnalyticsWorker::AnalyticsWorker(Options options, AnalyticsAggregator::Settings settings,
                                 StateOptions state)
    : ConsumerWorker(withLeadLimit(options))
    , settings_(settings)
    , state_(std::move(state))
    , view_(settings, options.groupId, options.kafka.topic)
    , checkpointTimer_(this)
    , rebuildPending_(settings.rebuildWindowsOnStart && !options.fromBeginning) {
    connect(&checkpointTimer_, &QTimer::timeout, this, &AnalyticsWorker::writeNextCheckpoint);
}

bool AnalyticsWorker::openExtras(std::string &error) {
    if (!checkpointsOn()) {
        return true;
    }
    if (!stateProducer_.open(settings(),
                             {{"compression.codec", "lz4"},
                              {"linger.ms", "20"},
                              {"acks", "all"},
                              // One checkpoint is one message (docs/scaling.md, sizes).
                              {"message.max.bytes", std::to_string(kMaxCheckpointBytes)},
                              {"client.id", "trackboard-" + groupId() + "-state"}},
                             error)) {
        error = "state topic producer: " + error;
        return false;
    }
    if (!stateReader_.open(settings(), state_.stateTopic,
                           AnalyticsStateCodec::keyPrefix(groupId(), settings().topic), error)) {
        return false;
    }
    checkpointTimer_.start(state_.checkpointIntervalMs);
    return true;
}

void AnalyticsWorker::closeExtras() {
    checkpointTimer_.stop();
    if (!stateProducer_.isOpen()) {
        return;
    }
    // A clean stop leaves a checkpoint at exactly where this worker stops reading.
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (auto &[partition, part] : owned_) {
        writeCheckpoint(partition, part, now);
    }
    stateProducer_.close(5000);
}

OwnedPartition &AnalyticsWorker::owned(std::int32_t partition) {
    const auto [found, added] = owned_.try_emplace(partition, settings_);
    if (added) {
        found->second.state.business().custom().setDefinitions(state_.customMetrics);
    }
    return found->second;
}

void AnalyticsWorker::setMetricDefinitions(const MetricDefinitions &definitions) {
    Q_ASSERT(QThread::currentThread() == thread()); // the partitions' state is this thread's
    state_.customMetrics = definitions;
    for (auto &[partition, part] : owned_) {
        part.state.business().custom().setDefinitions(definitions);
        part.dirty = true; // the checkpoint carries the definitions
    }
}

void AnalyticsWorker::applyEvent(const Event &event, std::int32_t partition, std::int64_t,
                                 std::int64_t) {
    OwnedPartition &part = owned(partition);
    part.state.apply(event, partition);
    part.dirty = true;
    clock_.observe(partition, event.timestampMs);
}

void AnalyticsWorker::setPartitionIdle(std::int32_t partition, bool idle) {
    OwnedPartition &part = owned(partition);
    // The idle flag travels in the checkpoint: the merged view's "now" depends on it.
    part.dirty = part.dirty || part.state.clock().idle(partition) != idle;
    part.state.setPartitionIdle(partition, idle);
    clock_.setIdle(partition, idle);
}

void AnalyticsWorker::notePartitionTime(std::int32_t partition, std::int64_t eventMs) {
    owned(partition).state.notePartitionTime(partition, eventMs);
    clock_.observe(partition, eventMs);
}

void AnalyticsWorker::resetAggregates() {
    owned_.clear();
    revoked_.clear();
    clock_ = PartitionClock{};
}

void AnalyticsWorker::publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) {
    for (auto &[partition, part] : owned_) {
        if (const std::int64_t next = handledUpTo(partition); next >= 0) {
            part.nextOffset = next;
        }
    }
    forgetOvertakenRevoked();
    if (state_.globalView && stateReader_.isOpen()) {
        stateReader_.poll();
        view_.updateRemote(stateReader_.latest(), owned_);
    }
    // Building a snapshot merges every partition's state, which costs more the more users are
    // held: it is rebuilt once its share of the thread allows (snapshot_pacing.h), and only the
    // stats go out meanwhile. The final one, at shutdown, is always new.
    const bool due = !merged_ || stopping() || mergeClock_.elapsed() >= mergeIntervalMs_;
    if (due) {
        const double cpuBefore = threadCpuSeconds();
        merged_ = view_.snapshot(owned_, nowMs, revoked_);
        if (merged_->business.custom.metrics.empty() && state_.customMetrics) {
            // No partition yet: show the metrics of the file, at zero, rather than nothing.
            CustomMetrics none;
            none.setDefinitions(state_.customMetrics);
            none.fill(merged_->business.custom, merged_->watermarkMs);
        }
        mergeCostMs_ = (threadCpuSeconds() - cpuBefore) * 1000.0;
        mergeIntervalMs_ = snapshotIntervalMs(stats.snapshotIntervalMs, mergeCostMs_);
        mergeClock_.start();
    }
    const ConsumerStats withLate = withViewFigures(stats);
    if (due) {
        emit snapshotReady(*merged_, withLate);
    }
    emit statsReady(withLate);
}

ConsumerStats AnalyticsWorker::withViewFigures(ConsumerStats stats) const {
    stats.snapshotIntervalMs = mergeIntervalMs_;
    stats.snapshotCostMs = mergeCostMs_;
    stats.late = merged_ ? merged_->late : 0;
    stats.checkpointsWritten = checkpoints_.written;
    stats.checkpointBytes = checkpoints_.bytes;
    stats.checkpointsDeferred = checkpoints_.deferred;
    if (checkpoints_.failed > 0 && stats.lastError.empty()) {
        stats.lastError = "state topic: " + std::to_string(checkpoints_.failed) +
                          " checkpoints not written: " + stateProducer_.lastError();
    }
    return stats;
}

void AnalyticsWorker::adjustAssignment(rd_kafka_t *rk,
                                       rd_kafka_topic_partition_list_t *partitions) {
    KafkaPartitionList withoutCheckpoint(rd_kafka_topic_partition_list_new(partitions->cnt));
    // Bounded, as this runs inside the rebalance, which the whole group waits for; but long,
    // because a partition whose checkpoint was not read starts from empty state, and its next
    // checkpoint would replace the fuller one (docs/scaling.md, limits).
    if (checkpointsOn() && stateReader_.isOpen()) {
        // A large or uncompacted state topic makes the read long: say so, or the member looks
        // as if it were still joining.
        // With the figures the last report had, so that only the state changes on screen.
        ConsumerStats reading = withViewFigures(stats());
        reading.state = kReadingCheckpoints;
        emit statsReady(reading);
        if (!stateReader_.catchUp(kCatchUpMs)) {
            qWarning("Trackboard analytics: the state topic %s was not read to its end in %d s "
                     "(%s); partitions without a checkpoint read so far start from the group's "
                     "offsets",
                     state_.stateTopic.c_str(), kCatchUpMs / 1000,
                     stateReader_.lastError().c_str());
        }
    }
    for (int i = 0; i < partitions->cnt; ++i) {
        rd_kafka_topic_partition_t &tp = partitions->elems[i];
        owned_.erase(tp.partition);
        std::string error;
        if (resumeKept(tp) || resumeFromCheckpoint(tp, error)) {
            // The state, not the group's committed offset, says where reading resumes: an
            // event is counted once whether its old owner died before or after it.
            resumePartitionAt(tp.partition, tp.offset);
            continue;
        }
        if (!error.empty()) {
            qWarning("Trackboard analytics: checkpoint of partition %d refused (%s); it starts "
                     "from the group's offset",
                     tp.partition, error.c_str());
        }
        resumePartitionAt(tp.partition, -1);
        rd_kafka_topic_partition_list_add(withoutCheckpoint.get(), tp.topic, tp.partition);
    }
    if (!checkpointsOn()) {
        revoked_.clear(); // no checkpoint could tell when another member has gone past them
    }
    if (rebuildPending_ && withoutCheckpoint->cnt > 0) {
        rebuildFromTime(rk, withoutCheckpoint.get());
        for (int i = 0; i < withoutCheckpoint->cnt; ++i) {
            const auto &moved = withoutCheckpoint->elems[i];
            if (moved.offset >= 0) {
                rd_kafka_topic_partition_list_find(partitions, moved.topic, moved.partition)
                    ->offset = moved.offset;
            }
        }
    }
    rebuildPending_ = false; // only the first assignment: later ones resume where others left
}

std::int64_t AnalyticsWorker::checkpointOffset(std::int32_t partition) const {
    const auto found = stateReader_.latest().find(
        AnalyticsStateCodec::key(groupId(), settings().topic, partition));
    AnalyticsCheckpoint meta;
    std::string error;
    return found != stateReader_.latest().end() &&
                   AnalyticsStateCodec::decodeHeader(found->second, meta, error)
               ? meta.nextOffset
               : -1;
}

void AnalyticsWorker::own(std::int32_t partition, OwnedPartition part) {
    if (const auto latest = part.state.clock().latestMs(partition);
        latest != PartitionClock::kNone) {
        clock_.observe(partition, latest);
        clock_.setIdle(partition, part.state.clock().idle(partition));
    }
    owned_.emplace(partition, std::move(part));
}

bool AnalyticsWorker::resumeKept(rd_kafka_topic_partition_t &tp) {
    const auto kept = revoked_.find(tp.partition);
    if (kept == revoked_.end()) {
        return false;
    }
    OwnedPartition part = std::move(kept->second);
    revoked_.erase(kept);
    // The state kept since the revoke is the fuller one unless another member has since
    // checkpointed further: the checkpoint written at the revoke may never have reached the
    // state topic, and an older one lacks the events read after it.
    if (part.nextOffset < 0 || checkpointOffset(tp.partition) > part.nextOffset) {
        return false;
    }
    tp.offset = part.nextOffset;
    part.dirty = true; // its last checkpoint may be the one that was lost
    own(tp.partition, std::move(part));
    return true;
}

bool AnalyticsWorker::resumeFromCheckpoint(rd_kafka_topic_partition_t &tp, std::string &error) {
    const auto found = stateReader_.latest().find(
        AnalyticsStateCodec::key(groupId(), settings().topic, tp.partition));
    OwnedPartition part(settings_);
    AnalyticsCheckpoint meta;
    if (found == stateReader_.latest().end() ||
        !AnalyticsStateCodec::decode(found->second, meta, part.state, error) ||
        meta.nextOffset < 0) {
        return false;
    }
    tp.offset = meta.nextOffset;
    part.nextOffset = meta.nextOffset;
    part.restored = true;
    part.dirty = false;
    part.lastCheckpointMs = meta.writtenAtMs;
    // The checkpoint's counts of unchanged metrics go on; changed ones start empty.
    part.state.business().custom().setDefinitions(state_.customMetrics);
    own(tp.partition, std::move(part));
    ++checkpoints_.restored;
    return true;
}

// No checkpoint (a first start, or checkpoints off): re-read the last hour by time, so that a
// restart does not empty the windows on a cluster that can look offsets up by time.
void AnalyticsWorker::rebuildFromTime(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions) {
    const std::int64_t from = QDateTime::currentMSecsSinceEpoch() -
                              AnalyticsAggregator::kWindowBuckets * AnalyticsAggregator::kBucketMs -
                              settings_.allowedLatenessMs;
    std::string error;
    if (startAtTime(rk, partitions, from, 5000, error) < 0) {
        qWarning("Trackboard analytics: could not look offsets up by time (%s); the windows "
                 "start empty",
                 error.c_str());
    }
}

void AnalyticsWorker::revokeAssignment(const rd_kafka_topic_partition_list_t &partitions,
                                       bool lost) {
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    bool wrote = false;
    for (int i = 0; i < partitions.cnt; ++i) {
        const std::int32_t partition = partitions.elems[i].partition;
        const auto found = owned_.find(partition);
        if (found == owned_.end()) {
            continue;
        }
        OwnedPartition &part = found->second;
        // Lost: another member may own it already, and its checkpoint must not be overwritten.
        if (!lost && stateProducer_.isOpen()) {
            wrote = writeCheckpoint(partition, part, now) || wrote;
        }
        // Kept until a checkpoint at least as far reaches the state topic: if the partition
        // comes back before then, this state, not an older checkpoint, is where it resumes.
        if (const std::int64_t handled = handledUpTo(partition); handled >= 0) {
            part.nextOffset = handled;
        }
        if (part.nextOffset >= 0) {
            revoked_.insert_or_assign(partition, std::move(part));
        }
        owned_.erase(found);
        clock_.setIdle(partition, true);
    }
    if (wrote) {
        // Bounded: a checkpoint not written in time only makes the next owner re-read more.
        stateProducer_.flush(2000);
        checkpoints_.failed = std::max(checkpoints_.failed, stateProducer_.failed());
    }
}

void AnalyticsWorker::forgetOvertakenRevoked() {
    if (revoked_.empty() || !stateReader_.isOpen()) {
        return;
    }
    stateReader_.poll();
    std::erase_if(revoked_, [this](const auto &entry) {
        return checkpointOffset(entry.first) >= entry.second.nextOffset;
    });
}

} // namespace trackboard
