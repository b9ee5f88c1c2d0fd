// ConsumerWorker's side of a rebalance: where each assigned partition resumes, and what the
// subclasses hear of an assignment or a revoke.
#include "consumer_worker.h"
#include "rebalance.h"

#include <QDateTime>

#include <algorithm>

namespace trackboard {

void ConsumerWorker::onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                                 rd_kafka_topic_partition_list_t *partitions, void *opaque) {
    auto *self = static_cast<ConsumerWorker *>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS && !self->rewindPending_) {
        self->noteCommittedOffsets(rk, partitions);
    }
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS && !self->rewindPending_) {
        self->adjustAssignment(rk, partitions); // analytics: rebuild the windows from history
    }
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        // Held for a partition that went elsewhere: storing it later could move the commit of
        // a partition this member gets back behind what its other owner committed.
        self->dropHeldOffsets(*partitions, true);
        self->flow_.assign(*partitions, now);
        for (int i = 0; i < partitions->cnt; ++i) {
            const auto &tp = partitions->elems[i];
            const auto p = static_cast<std::size_t>(std::max(0, tp.partition));
            self->handledUpTo_.resize(std::max(self->handledUpTo_.size(), p + 1), -1);
            self->handledUpTo_[p] = -1;
            if (tp.offset >= 0) { // a checkpoint's offset: this member resumes there
                self->resumeOffset_.resize(std::max(self->resumeOffset_.size(), p + 1), -1);
                self->resumeOffset_[p] = tp.offset;
            }
        }
    } else {
        // Revoked in order, the group commits what is stored; lost, another member already
        // reads them and nothing held for them may be stored.
        if (rd_kafka_assignment_lost(rk) != 0) {
            self->dropHeldOffsets(*partitions, false);
        } else if (!self->offsetsMustWait()) {
            self->storeHeldOffsets();
        }
        self->revokeAssignment(*partitions, rd_kafka_assignment_lost(rk) != 0);
        self->flow_.revoke(*partitions);
    }
    if (applyRebalance(rk, err, partitions, self->rewindPending_) && !self->paused_) {
        self->stats_.state = "consuming";
    }
}

void ConsumerWorker::noteCommittedOffsets(rd_kafka_t *rk,
                                          const rd_kafka_topic_partition_list_t *partitions) {
    // A copy: rd_kafka_committed() writes the offsets into the list it is given, and the
    // assignment itself must keep librdkafka's own start positions.
    for (int i = 0; i < partitions->cnt; ++i) { // none known until the broker answers
        const auto p = static_cast<std::size_t>(std::max(0, partitions->elems[i].partition));
        if (p < committed_.size()) {
            committed_[p] = -1;
        }
    }
    KafkaPartitionList committed(rd_kafka_topic_partition_list_copy(partitions));
    if (rd_kafka_committed(rk, committed.get(), 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return;
    }
    for (int i = 0; i < committed->cnt; ++i) {
        const auto &tp = committed->elems[i];
        if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR || tp.offset < 0 || tp.partition < 0) {
            continue;
        }
        const auto p = static_cast<std::size_t>(tp.partition);
        if (p >= committed_.size()) {
            committed_.resize(p + 1, -1);
        }
        committed_[p] = tp.offset;
        if (offsets_.nextOffset(tp.partition) >= 0) {
            continue;
        }
        if (p >= resumeOffset_.size()) {
            resumeOffset_.resize(p + 1, -1);
        }
        resumeOffset_[p] = tp.offset;
    }
}

void ConsumerWorker::resumePartitionAt(std::int32_t partition, std::int64_t nextOffset) {
    const std::int64_t seen = offsets_.nextOffset(partition);
    if (partition < 0 || seen < 0) {
        return; // this member reads the partition for the first time
    }
    const auto p = static_cast<std::size_t>(partition);
    if (nextOffset < 0 && p < committed_.size()) {
        nextOffset = committed_[p]; // -1 still: the group's reset policy, probably earliest
    }
    if (p >= reread_.size()) {
        reread_.resize(p + 1);
    }
    reread_[p] = {};
    if (nextOffset < seen) {
        reread_[p].below = seen;
        reread_[p].handledBelow = p < handledEver_.size() ? handledEver_[p] : -1;
    }
    offsets_.restartAt(partition, nextOffset);
}

void ConsumerWorker::resumePartitionPast(std::int32_t partition, std::int64_t groupOffset) {
    const std::int64_t seen = offsets_.nextOffset(partition);
    if (seen >= 0 && groupOffset > seen) {
        resumePartitionAt(partition, groupOffset);
    }
}

void ConsumerWorker::countSkippedBeforeFirst(std::int32_t partition, std::int64_t offset) {
    const auto p = static_cast<std::size_t>(partition);
    if (partition < 0 || p >= resumeOffset_.size() || resumeOffset_[p] < 0) {
        return;
    }
    // Retention deleted what lay between the committed offset and the earliest kept one, and
    // the fetcher reset past it (OFFSET_OUT_OF_RANGE) before we read anything.
    if (offsets_.nextOffset(partition) < 0 && offset > resumeOffset_[p]) {
        stats_.skipped += static_cast<std::uint64_t>(offset - resumeOffset_[p]);
    }
    resumeOffset_[p] = -1;
}

bool ConsumerWorker::offsetsMustWait() {
    if (deadLetter_.outstanding() > 0) { // a reject on its way to the dead-letter topic
        deadLetter_.poll();
        if (deadLetter_.outstanding() > 0) {
            return true;
        }
    }
    return outputInFlight();
}

void ConsumerWorker::storeHeldOffsets() {
    if (heldOffsets_.empty() || !consumer_) {
        return;
    }
    KafkaPartitionList list(rd_kafka_topic_partition_list_new(int(heldOffsets_.size())));
    for (const auto &[partition, next] : heldOffsets_) {
        rd_kafka_topic_partition_list_add(list.get(), options_.kafka.topic.c_str(), partition)
            ->offset = next;
    }
    heldOffsets_.clear();
    // A partition no longer assigned is refused, which is right: its new owner reads on from
    // the group's last commit.
    rd_kafka_offsets_store(consumer_.get(), list.get());
}

void ConsumerWorker::dropHeldOffsets(const rd_kafka_topic_partition_list_t &partitions,
                                     bool keepListed) {
    std::erase_if(heldOffsets_, [&](const auto &held) {
        bool listed = false;
        for (int i = 0; i < partitions.cnt; ++i) {
            listed = listed || partitions.elems[i].partition == held.first;
        }
        return listed != keepListed;
    });
}

} // namespace trackboard
