#include "consumer_worker.h"
#include "connection_refusal.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>
#include <array>

namespace trackboard {

// The timers are children so that moveToThread() takes them along.
ConsumerWorker::ConsumerWorker(Options options)
    : options_(std::move(options))
    , pollTimer_(this)
    , snapshotTimer_(this) {
    stats_.group = options_.groupId;
    rewindPending_ = options_.fromBeginning;
    // A zero-interval timer runs pollBatch whenever the thread's event loop is idle; the poll
    // itself blocks for at most kPollTimeoutMs, so an idle consumer does not spin.
    pollTimer_.setInterval(0);
    connect(&pollTimer_, &QTimer::timeout, this, &ConsumerWorker::pollBatch);
    snapshotTimer_.setInterval(options_.snapshotIntervalMs);
    connect(&snapshotTimer_, &QTimer::timeout, this, &ConsumerWorker::publish);
}

ConsumerWorker::~ConsumerWorker() = default;

void ConsumerWorker::open() {
    Q_ASSERT(QThread::currentThread() == thread());
    std::string error;
    std::vector<std::pair<std::string, std::string>> defaults = consumerPrefetchDefaults();
    defaults.insert(defaults.end(),
                    {{"group.id", options_.groupId},
                     {"auto.offset.reset", options_.offsetReset},
                     {"enable.auto.commit", "true"},
                     {"auto.commit.interval.ms", "1000"},
                     // Offsets are stored one by one once a message is handled, so
                     // a stop part-way through a batch commits no further than that.
                     {"enable.auto.offset.store", "false"},
                     // The embedded broker holds an empty fetch for the whole wait;
                     // a short wait keeps latency low (docs/embedded-broker.md).
                     {"fetch.wait.max.ms", "10"},
                     // A real broker answers a fetch as soon as this much is there, or at
                     // the wait: live traffic then comes in a hundred fetches a second, not
                     // one per message or two. On a 1-node cluster at 10,000 events/s that
                     // took a third of the analytics process's CPU per event and nearly half
                     // of the fraud process's, for 3-4 ms more median latency
                     // (docs/performance-real-kafka.md). The embedded broker ignores it.
                     {"fetch.min.bytes", "65536"},
                     {"fetch.error.backoff.ms", "50"},
                     // A dead member's partitions move on within 15 s: 6 s is the
                     // broker's smallest allowed session (docs/scaling.md).
                     {"session.timeout.ms", "6000"},
                     {"heartbeat.interval.ms", "1500"},
                     {"client.id", "trackboard-" + options_.groupId}});
    auto conf = makeKafkaConf(options_.kafka, defaults, error);
    if (!conf) {
        emit failed(QString::fromStdString("consumer configuration: " + error));
        return;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_rebalance_cb(conf.get(), &ConsumerWorker::onRebalance);
    rd_kafka_conf_set_error_cb(conf.get(), &ConsumerWorker::onError);
    consumer_ = newKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (!consumer_) {
        emit failed(QString::fromStdString("consumer: " + error));
        return;
    }
    rd_kafka_poll_set_consumer(consumer_.get());
    queue_.reset(rd_kafka_queue_get_consumer(consumer_.get()));

    if (options_.assignAllPartitions <= 0) {
        KafkaPartitionList topics(rd_kafka_topic_partition_list_new(1));
        rd_kafka_topic_partition_list_add(topics.get(), options_.kafka.topic.c_str(),
                                          RD_KAFKA_PARTITION_UA);
        if (const auto err = rd_kafka_subscribe(consumer_.get(), topics.get())) {
            emit failed(
                QStringLiteral("subscribe: %1").arg(QString::fromUtf8(rd_kafka_err2str(err))));
            return;
        }
    }
    if (!options_.deadLetterTopic.empty() &&
        !deadLetter_.open(options_.kafka, options_.deadLetterTopic, options_.groupId, error)) {
        emit failed(QString::fromStdString(error));
        return;
    }
    if (!openExtras(error)) {
        emit failed(QString::fromStdString(error));
        return;
    }
    if (options_.decodeAhead) {
        startDecodeHelper();
    }
    stats_.state = "joining";
    if (options_.assignAllPartitions > 0) {
        // Without a subscription librdkafka learns the partitions' leader only on its next
        // metadata refresh, and the first offset lookup of each partition waits a second for
        // it: events produced meanwhile would reach this group a second late.
        fetchTopicMetadata(consumer_.get(), options_.kafka.topic, 5000);
        // The same path as a group's assignment: committed offsets, rewind, window rebuild.
        KafkaPartitionList all(rd_kafka_topic_partition_list_new(options_.assignAllPartitions));
        for (int p = 0; p < options_.assignAllPartitions; ++p) {
            rd_kafka_topic_partition_list_add(all.get(), options_.kafka.topic.c_str(), p);
        }
        onRebalance(consumer_.get(), RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS, all.get(), this);
    }
    pollTimer_.start();
    snapshotTimer_.start();
    rateClock_.start();
}

void ConsumerWorker::setPaused(bool paused) {
    paused_ = paused;
    stats_.state = paused ? "paused" : "consuming";
    if (!consumer_) {
        return;
    }
    rd_kafka_topic_partition_list_t *raw = nullptr;
    if (rd_kafka_assignment(consumer_.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return;
    }
    KafkaPartitionList assignment(raw);
    if (paused) {
        rd_kafka_pause_partitions(consumer_.get(), assignment.get());
    } else {
        // Held partitions resume only once their kept messages are handled (PartitionFlow).
        rd_kafka_resume_partitions(consumer_.get(), flow_.unheld(*assignment).get());
    }
}

void ConsumerWorker::onError(rd_kafka_t *, int err, const char *reason, void *opaque) {
    auto *self = static_cast<ConsumerWorker *>(opaque);
    self->stats_.lastError = reason;
    if (isRefusedConnection(err) && !self->refused_) {
        self->refused_ = true;
        self->stats_.state = "refused";
        emit self->failed(QString::fromStdString(refusedConnectionMessage(err, reason)));
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__TRANSPORT) {
        self->stats_.state = "unreachable";
    }
}

void ConsumerWorker::pollBatch() {
    if (!queue_ || maxReached_) {
        return;
    }
    std::array<rd_kafka_message_t *, kBatchSize> batch;
    // librdkafka 2.0 does not count rd_kafka_consume_batch_queue() as polling, so after
    // max.poll.interval.ms (5 min) of batches alone the member would leave its group. One
    // rd_kafka_consumer_poll() per batch resets that clock; its message comes first, in order.
    ssize_t count = 0;
    if (rd_kafka_message_t *first = rd_kafka_consumer_poll(consumer_.get(), 0)) {
        batch[0] = first;
        count = 1;
    }
    const auto more = rd_kafka_consume_batch_queue(queue_.get(), count > 0 ? 0 : kPollTimeoutMs,
                                                   batch.data() + count, batch.size() - 1);
    count += std::max<ssize_t>(0, more);
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    if (count > 0 && firstBatchNs_ < 0) {
        busyClock_.start();
        firstBatchNs_ = 0;
    }
    const bool ahead = startDecodingAhead(batch.data(), count);
    for (ssize_t i = 0; i < count; ++i) {
        const auto at = static_cast<std::size_t>(i);
        if (i + 1 < count) {
            const rd_kafka_message_t *next = batch[at + 1];
            if (next->err == RD_KAFKA_RESP_ERR_NO_ERROR && next->key_len > 0) {
                lookAhead({static_cast<const char *>(next->key), next->key_len});
            }
        }
        if (ahead) {
            prefetchDecoded(at);
        }
        // Taken even for a message that is then skipped or held: once taken, the helper is
        // done with its payload, which consume() may free.
        const DecodeAhead::Decoded *decoded = ahead ? &ahead_->take(at) : nullptr;
        consume(KafkaMessage(batch[at]), now, decoded);
    }
    if (ahead) {
        ahead_->finish();
    }
    // Also after an empty poll: with every partition held, only this lets them go on.
    std::size_t released = 0;
    if (const PartitionClock *clock = eventClock(); clock && options_.maxPartitionLeadMs > 0) {
        released =
            flow_.limitLead(consumer_.get(), *clock, options_.maxPartitionLeadMs, paused_, now,
                            [this, now](PartitionFlow::Kept k) { release(std::move(k), now); });
    }
    if (count > 0 || released > 0) {
        lastBatchEndNs_ = busyClock_.nsecsElapsed();
    }
    readProgress_->store(stats_.consumed + stats_.skipped, std::memory_order_relaxed);
}

void ConsumerWorker::consume(KafkaMessage message, std::int64_t nowMs,
                             const DecodeAhead::Decoded *decoded) {
    // Past maxEvents (held events still to apply) a message is left for the next reader.
    if (maxReached_ || (options_.maxEvents > 0 && stats_.consumed >= options_.maxEvents) ||
        flow_.keep(message)) {
        return;
    }
    if (!handleMessage(message.get(), nowMs, decoded)) {
        flow_.keepEvent(std::move(message), *screened_);
    }
}

void ConsumerWorker::release(PartitionFlow::Kept kept, std::int64_t nowMs) {
    if (!kept.event) {
        consume(std::move(kept.message), nowMs);
        return;
    }
    const std::int32_t partition = kept.message->partition;
    const std::int64_t offset = kept.message->offset;
    apply(*kept.event, partition, offset, nowMs, !countedBefore(partition, offset));
    finish(kept.message.get());
}

bool ConsumerWorker::handleMessage(const rd_kafka_message_t *message, std::int64_t nowMs,
                                   const DecodeAhead::Decoded *decoded) {
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        return true;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        stats_.lastError = rd_kafka_message_errstr(message);
        return true;
    }
    countSkippedBeforeFirst(message->partition, message->offset);
    const auto verdict = offsets_.observe(message->partition, message->offset);
    if (!verdict.fresh) {
        ++stats_.duplicates;
        return true;
    }
    // Read again after resumePartitionAt(): counted as consumed (and its gaps as skipped) the
    // first time.
    const bool again = readAgain(message->partition, message->offset);
    if (!again) {
        stats_.skipped += static_cast<std::uint64_t>(verdict.skipped);
        ++stats_.consumed;
        bytesConsumed_ += message->len;
    }
    if (stats_.state != "consuming" && !paused_) {
        stats_.state = "consuming";
        stats_.lastError.clear();
    }
    if (stats_.firstMessageMs == 0) {
        stats_.firstMessageMs = nowMs;
    }
    stats_.lastMessageMs = nowMs;
    const auto p = static_cast<std::size_t>(message->partition);
    if (p >= lastMessageTimeMs_.size()) {
        lastMessageTimeMs_.resize(p + 1, -1);
    }
    lastMessageTimeMs_[p] = rd_kafka_message_timestamp(message, nullptr);
    flow_.noteMessage(message->partition, nowMs);

    const auto result = screen(message, decoded, nowMs, !again);
    const bool counted = again && countedBefore(message->partition, message->offset);
    if (!result.ok()) {
        if (!counted) {
            reject(message, result);
        }
    } else if (runsAhead(message->partition, nowMs)) {
        return false; // applied, stored and counted when PartitionFlow releases it
    } else {
        apply(*screened_, message->partition, message->offset, nowMs, !counted);
    }
    finish(message);
    return true;
}

bool ConsumerWorker::runsAhead(std::int32_t partition, std::int64_t nowMs) {
    const PartitionClock *clock = eventClock();
    if (clock == nullptr || options_.maxPartitionLeadMs <= 0 ||
        !flow_.runsAhead(partition, screened_->timestampMs, *clock, options_.maxPartitionLeadMs,
                         nowMs)) {
        return false;
    }
    // Kafka keeps the partition's order: nothing before this event will come from it, so it
    // must not hold "now" back while the event waits.
    notePartitionTime(partition, screened_->timestampMs - 1);
    return true;
}

void ConsumerWorker::apply(const Event &event, std::int32_t partition, std::int64_t offset,
                           std::int64_t nowMs, bool count) {
    if (count) {
        ++stats_.applied;
        latency_.record(nowMs - event.timestampMs);
        recentLatency_[1].record(nowMs - event.timestampMs);
    }
    applyEvent(event, partition, offset, nowMs);
}

void ConsumerWorker::finish(const rd_kafka_message_t *message) {
    // Handled, applied or set aside: the next commit moves the group past it, unless what it
    // produced has not landed yet.
    if (offsetsMustWait()) {
        heldOffsets_[message->partition] = message->offset + 1;
    } else {
        storeHeldOffsets();
        rd_kafka_offset_store(message->rkt, message->partition, message->offset);
    }
    const auto p = static_cast<std::size_t>(message->partition);
    if (p >= handledUpTo_.size()) {
        handledUpTo_.resize(p + 1, -1);
    }
    if (p >= handledEver_.size()) {
        handledEver_.resize(p + 1, -1);
    }
    handledUpTo_[p] = message->offset + 1;
    handledEver_[p] = std::max(handledEver_[p], message->offset + 1);
    // maxEvents counts messages handled; those held back must be applied before it stops.
    if (options_.maxEvents > 0 && stats_.consumed >= options_.maxEvents &&
        flow_.heldEvents() == 0) {
        maxReached_ = true;
        // The batch is not over, but this is the last message that counts for the rate.
        lastBatchEndNs_ = busyClock_.nsecsElapsed();
        publish();
        emit reachedMaxEvents();
    }
}

void ConsumerWorker::shutdown() {
    Q_ASSERT(QThread::currentThread() == thread());
    pollTimer_.stop();
    snapshotTimer_.stop();
    if (!consumer_) {
        return;
    }
    closeExtras();
    // Rejects still in flight reach the dead-letter topic before the group moves past them.
    deadLetter_.close(500);
    stopping_ = true;
    publish();
    queue_.reset();
    flow_.forgetKept();
    ahead_.reset();
    // Commits the consumed offsets and leaves the group, so a restart resumes from here.
    rd_kafka_consumer_close(consumer_.get());
    consumer_.reset();
    stats_.state = "stopped";
}

} // namespace trackboard
