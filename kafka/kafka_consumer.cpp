#include "kafka_consumer.h"
#include "rebalance.h"

#include <algorithm>
#include <array>

namespace trackboard {

KafkaConsumer::~KafkaConsumer() {
    close();
}

bool KafkaConsumer::open(Options options, std::string &error) {
    options_ = std::move(options);
    rewindPending_ = options_.fromBeginning;
    std::vector<std::pair<std::string, std::string>> defaults = consumerPrefetchDefaults();
    defaults.insert(defaults.end(), {{"group.id", options_.groupId},
                                     {"auto.offset.reset", options_.offsetReset},
                                     // The caller decides what is kept; see storeOffset().
                                     {"enable.auto.commit", "false"},
                                     {"enable.auto.offset.store", "false"},
                                     // The embedded broker holds an empty fetch for the whole wait
                                     // (docs/embedded-broker.md).
                                     {"fetch.wait.max.ms", "10"},
                                     {"fetch.error.backoff.ms", "50"},
                                     {"client.id", "trackboard-" + options_.groupId}});
    auto conf = makeKafkaConf(options_.kafka, defaults, error);
    if (!conf) {
        return false;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaConsumer::onRebalance);
    rd_kafka_conf_set_error_cb(conf.get(), &KafkaConsumer::onError);
    handle_ = newKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (!handle_) {
        return false;
    }
    rd_kafka_poll_set_consumer(handle_.get());
    queue_.reset(rd_kafka_queue_get_consumer(handle_.get()));

    KafkaPartitionList topics(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(topics.get(), options_.kafka.topic.c_str(),
                                      RD_KAFKA_PARTITION_UA);
    if (const auto err = rd_kafka_subscribe(handle_.get(), topics.get())) {
        error = std::string("subscribe: ") + rd_kafka_err2str(err);
        return false;
    }
    return true;
}

void KafkaConsumer::onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t *partitions, void *opaque) {
    auto *self = static_cast<KafkaConsumer *>(opaque);
    if (applyRebalance(rk, err, partitions, self->rewindPending_)) {
        self->joined_ = true;
    }
}

void KafkaConsumer::onError(rd_kafka_t *, int, const char *reason, void *opaque) {
    static_cast<KafkaConsumer *>(opaque)->lastError_ = reason;
}

void KafkaConsumer::poll(int timeoutMs, std::vector<KafkaMessage> &out) {
    if (!queue_) {
        return;
    }
    std::array<rd_kafka_message_t *, kBatchSize> batch;
    // rd_kafka_consume_batch_queue() alone does not reset max.poll.interval.ms in librdkafka
    // 2.0 (see ConsumerWorker::pollBatch); one rd_kafka_consumer_poll() per batch does.
    ssize_t count = 0;
    if (rd_kafka_message_t *first = rd_kafka_consumer_poll(handle_.get(), 0)) {
        batch[0] = first;
        count = 1;
    }
    const auto more = rd_kafka_consume_batch_queue(queue_.get(), count > 0 ? 0 : timeoutMs,
                                                   batch.data() + count, batch.size() - 1);
    count += std::max<ssize_t>(0, more);
    for (ssize_t i = 0; i < count; ++i) {
        KafkaMessage message(batch[static_cast<std::size_t>(i)]);
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            out.push_back(std::move(message));
        } else if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            lastError_ = rd_kafka_message_errstr(message.get());
        }
    }
}

void KafkaConsumer::storeOffset(const rd_kafka_message_t &message) {
    rd_kafka_offset_store(message.rkt, message.partition, message.offset);
}

bool KafkaConsumer::commit(std::string &error) {
    if (!handle_) {
        error = "consumer is closed";
        return false;
    }
    const auto err = rd_kafka_commit(handle_.get(), nullptr, 0);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        error = rd_kafka_err2str(err);
        return false;
    }
    return true;
}

void KafkaConsumer::close() {
    if (!handle_) {
        return;
    }
    queue_.reset();
    rd_kafka_consumer_close(handle_.get());
    handle_.reset();
}

} // namespace trackboard
