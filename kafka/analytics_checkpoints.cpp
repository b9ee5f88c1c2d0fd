// The analytics worker's checkpoints (docs/scaling.md): one owned partition per tick of the
// checkpoint timer, each a whole state written to the state topic, and at a clean stop every
// owned partition at once (closeExtras). A partition reading a backlog is checkpointed less
// often, and so is a live partition whose state has grown larger than what is read of it
// between two checkpoints (checkpoint_pacing.h).
#include "analytics_state_codec.h"
#include "analytics_worker.h"
#include "checkpoint_pacing.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace trackboard {

bool AnalyticsWorker::writeCheckpoint(std::int32_t partition, OwnedPartition &part,
                                      std::int64_t nowMs) {
    const std::int64_t handled = handledUpTo(partition);
    const std::int64_t next = handled >= 0 ? handled : part.nextOffset;
    if (next < 0 || (!part.dirty && next == part.nextOffset && part.lastCheckpointMs > 0)) {
        return false; // nothing read yet, or nothing new since the last checkpoint
    }
    const AnalyticsCheckpoint meta{groupId(), settings().topic,
                                   partition, next,
                                   nowMs,     part.state.clock().latestMs(partition)};
    AnalyticsStateCodec::encode(meta, part.state, encoded_);
    const auto result = stateProducer_.produce(
        state_.stateTopic, AnalyticsStateCodec::key(meta.group, meta.topic, partition), encoded_);
    if (result != KafkaProducer::ProduceResult::Ok) {
        ++checkpoints_.failed;
        return false;
    }
    ++checkpoints_.written;
    checkpoints_.bytes += encoded_.size();
    part.nextOffset = next;
    part.dirty = false;
    part.lastCheckpointMs = nowMs;
    part.lastCheckpointBytes = std::int64_t(encoded_.size());
    part.lastCheckpointOffset = next;
    return true;
}

void AnalyticsWorker::writeNextCheckpoint() {
    // One partition per tick, in turn, so that a round of checkpoints is spread over the
    // interval. Encoding every owned partition at once held this thread, and every event
    // queued behind it, for the whole state's encoding: on a real cluster that was the
    // analytics group's latency tail, growing with the state (docs/scaling.md).
    // A checkpoint resumes past every message handled, rejects included: while one's dead
    // letter is on its way, the partition waits for the next tick, so that a kill in between
    // leaves the reject to be read and set aside again.
    if (!owned_.empty() && !offsetsMustWait()) {
        auto next = owned_.upper_bound(lastCheckpointed_);
        if (next == owned_.end()) {
            next = owned_.begin();
        }
        const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
        if (checkpointWaits(next->first, next->second, now)) {
            ++checkpoints_.deferred;
        } else {
            QElapsedTimer timer;
            timer.start();
            writeCheckpoint(next->first, next->second, now);
            roundEncodeNs_ += timer.nsecsElapsed();
        }
        lastCheckpointed_ = next->first;
        if (std::next(next) == owned_.end()) {
            checkpoints_.encodeMs = double(roundEncodeNs_) / 1e6;
            roundEncodeNs_ = 0;
        }
    }
    // A large state (hundreds of thousands of users) takes long to encode: rounds then come
    // less often, so that they never take more than about 5 % of this thread.
    const int round = std::max(state_.checkpointIntervalMs, int(checkpoints_.encodeMs * 20));
    const int partitions = std::max(1, int(owned_.size()));
    checkpointTimer_.setInterval(std::max(1, round / partitions));
    stateProducer_.poll(0);
    checkpoints_.failed = std::max<std::uint64_t>(checkpoints_.failed, stateProducer_.failed());
}

bool AnalyticsWorker::checkpointWaits(std::int32_t partition, OwnedPartition &part,
                                      std::int64_t nowMs) {
    const std::int64_t handled = handledUpTo(partition);
    const bool flowing = handled >= 0 && handled != part.offsetAtLastTurn;
    part.offsetAtLastTurn = handled;
    const std::int64_t unread = unreadMessages(partition);
    const double meanBytes = meanMessageBytes();
    CheckpointPacing pacing;
    pacing.unreadBytes = unread < 0 ? -1 : std::int64_t(double(unread) * meanBytes);
    pacing.lastCheckpointBytes = part.lastCheckpointBytes;
    pacing.sinceLastMs = nowMs - part.lastCheckpointMs;
    if (handled >= 0 && part.lastCheckpointOffset >= 0 && handled >= part.lastCheckpointOffset) {
        pacing.readSinceLastBytes =
            std::int64_t(double(handled - part.lastCheckpointOffset) * meanBytes);
    }
    pacing.flowing = flowing;
    return pacing.waits();
}

} // namespace trackboard
