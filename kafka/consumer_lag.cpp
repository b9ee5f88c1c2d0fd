// ConsumerWorker's view of its partitions at each snapshot: lag in messages and seconds from
// the cached high watermarks, and which partitions are idle (PartitionFlow).
#include "consumer_worker.h"

#include <QDateTime>

#include <algorithm>

namespace trackboard {

void ConsumerWorker::updateLag() {
    rd_kafka_topic_partition_list_t *raw = nullptr;
    if (rd_kafka_assignment(consumer_.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return;
    }
    KafkaPartitionList assignment(raw);
    std::int64_t lag = 0;
    for (int i = 0; i < assignment->cnt; ++i) {
        const auto &tp = assignment->elems[i];
        std::int64_t low = -1, high = -1;
        // Cached from fetch responses: no request to the broker.
        if (rd_kafka_get_watermark_offsets(consumer_.get(), tp.topic, tp.partition, &low, &high) !=
                RD_KAFKA_RESP_ERR_NO_ERROR ||
            high < 0) {
            return; // not known yet: keep the previous figure
        }
        // Nothing read yet since the assignment: it resumes at a checkpoint's or the group's
        // committed offset, else at the start of the log.
        std::int64_t next = offsets_.nextOffset(tp.partition);
        const auto p = static_cast<std::size_t>(tp.partition);
        if (next < 0 && tp.partition >= 0 && p < resumeOffset_.size()) {
            next = resumeOffset_[p];
        }
        lag +=
            std::max<std::int64_t>(0, high - (next >= 0 ? next : std::max<std::int64_t>(low, 0)));
    }
    stats_.lagMessages = assignment->cnt > 0 ? lag : stats_.lagMessages;
    updateLagSeconds(*assignment);
    flow_.updateIdle(
        consumer_.get(), *assignment, offsets_, QDateTime::currentMSecsSinceEpoch(),
        [this](std::int32_t partition, bool idle) { setPartitionIdle(partition, idle); });
}

std::int64_t ConsumerWorker::unreadMessages(std::int32_t partition) const {
    std::int64_t low = -1, high = -1;
    const std::int64_t next = handledUpTo(partition);
    if (next < 0 ||
        rd_kafka_get_watermark_offsets(consumer_.get(), settings().topic.c_str(), partition, &low,
                                       &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0) {
        return -1;
    }
    return std::max<std::int64_t>(0, high - next);
}

void ConsumerWorker::updateLagSeconds(const rd_kafka_topic_partition_list_t &assignment) {
    // The oldest unread event follows the last one read on a lagging partition, so its age is
    // at least that message's; a partition never read leaves the figure unknown.
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    double worst = 0;
    for (int i = 0; i < assignment.cnt; ++i) {
        const auto &tp = assignment.elems[i];
        std::int64_t low = -1, high = -1;
        rd_kafka_get_watermark_offsets(consumer_.get(), tp.topic, tp.partition, &low, &high);
        const std::int64_t next = offsets_.nextOffset(tp.partition);
        if (high < 0 || (next >= 0 && next >= high) || (next < 0 && high <= low)) {
            continue; // caught up, or nothing known
        }
        const auto p = static_cast<std::size_t>(tp.partition);
        if (next < 0 || p >= lastMessageTimeMs_.size() || lastMessageTimeMs_[p] < 0) {
            stats_.lagSeconds = -1;
            return;
        }
        worst = std::max(worst, double(now - lastMessageTimeMs_[p]) / 1000.0);
    }
    stats_.lagSeconds = worst;
}

} // namespace trackboard
