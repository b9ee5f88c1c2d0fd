#include "state_topic_reader.h"
#include "steady_ms.h"

namespace trackboard {

bool StateTopicReader::open(const KafkaSettings &settings, const std::string &stateTopic,
                            const std::string &keyPrefix, std::string &error) {
    topic_ = stateTopic;
    keyPrefix_ = keyPrefix;
    auto conf = makeKafkaConf(settings,
                              {{"enable.auto.commit", "false"},
                               {"enable.auto.offset.store", "false"},
                               {"enable.partition.eof", "true"},
                               {"fetch.wait.max.ms", "10"},
                               // A checkpoint may be several MiB (docs/scaling.md).
                               {"fetch.max.bytes", "67108864"},
                               {"max.partition.fetch.bytes", "33554432"},
                               {"receive.message.max.bytes", "100000000"},
                               // Little read ahead: records are taken as they come, and each
                               // buffered one is a whole partition's state.
                               {"queued.max.messages.kbytes", "16384"},
                               {"client.id", "trackboard-state-reader"},
                               // librdkafka assigns partitions only to a consumer with a group
                               // id; this one never joins it (no subscribe) nor commits.
                               {"group.id", "trackboard-state-reader"}},
                              error);
    if (!conf) {
        error = "state reader configuration: " + error;
        return false;
    }
    consumer_ = newKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (!consumer_) {
        error = "state reader: " + error;
        return false;
    }
    rd_kafka_poll_set_consumer(consumer_.get());
    return true;
}

// The state topic may not exist yet (no checkpoint written so far), and may gain partitions:
// metadata is asked again at most once a second until it answers.
bool StateTopicReader::assignPartitions(int timeoutMs) {
    const std::int64_t now = steadyMs();
    if (partitions_ > 0 || now < nextMetadataCheckMs_) {
        return partitions_ > 0;
    }
    nextMetadataCheckMs_ = now + 1000;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(consumer_.get(), topic_.c_str(), nullptr);
    const rd_kafka_metadata_t *md = nullptr;
    const auto err = rd_kafka_metadata(consumer_.get(), 0, rkt, &md, timeoutMs);
    rd_kafka_topic_destroy(rkt);
    int count = 0;
    missing_ = err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1 &&
               md->topics[0].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1 &&
        md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        count = md->topics[0].partition_cnt;
    } else {
        lastError_ = err != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(err)
                     : md->topic_cnt == 1              ? rd_kafka_err2str(md->topics[0].err)
                                                       : "no such topic";
    }
    if (md != nullptr) {
        rd_kafka_metadata_destroy(md);
    }
    if (count <= 0) {
        return false;
    }
    KafkaPartitionList list(rd_kafka_topic_partition_list_new(count));
    for (int p = 0; p < count; ++p) {
        rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    }
    if (const auto assigned = rd_kafka_assign(consumer_.get(), list.get());
        assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
        lastError_ = std::string("assigning its partitions: ") + rd_kafka_err2str(assigned);
        return false;
    }
    partitions_ = count;
    next_.assign(std::size_t(count), -1);
    return true;
}

bool StateTopicReader::take(rd_kafka_message_t *message) {
    KafkaMessage owned(message);
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (message->partition >= 0 && message->partition < partitions_) {
            next_[std::size_t(message->partition)] =
                std::max(next_[std::size_t(message->partition)], message->offset);
        }
        return true;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        lastError_ = rd_kafka_message_errstr(message);
        return true;
    }
    if (message->partition >= 0 && message->partition < partitions_) {
        next_[std::size_t(message->partition)] = message->offset + 1;
    }
    if (message->key_len == 0) {
        return true;
    }
    std::string key(static_cast<const char *>(message->key), message->key_len);
    if (key.compare(0, keyPrefix_.size(), keyPrefix_) != 0) {
        return true; // another group's or topic's state
    }
    if (message->payload == nullptr || message->len == 0) {
        latest_.erase(key); // a tombstone: the partition's state was dropped on purpose
    } else {
        latest_[key].assign(static_cast<const char *>(message->payload), message->len);
    }
    return true;
}

bool StateTopicReader::catchUp(int timeoutMs) {
    const std::int64_t deadline = steadyMs() + timeoutMs;
    while (!assignPartitions(timeoutMs)) {
        if (missing_) {
            return true; // no checkpoint written yet: nothing to read
        }
        if (steadyMs() >= deadline) {
            return false;
        }
        rd_kafka_poll(consumer_.get(), 100);
    }
    std::vector<std::int64_t> end(std::size_t(partitions_), 0);
    for (int p = 0; p < partitions_; ++p) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        if (const auto err = rd_kafka_query_watermark_offsets(
                consumer_.get(), topic_.c_str(), p, &low, &high,
                int(std::max<std::int64_t>(1, deadline - steadyMs())));
            err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            lastError_ = std::string("asking where it ends: ") + rd_kafka_err2str(err);
            return false;
        }
        end[std::size_t(p)] = high > low ? high : -1; // an empty partition is read already
    }
    const auto done = [&] {
        for (int p = 0; p < partitions_; ++p) {
            if (end[std::size_t(p)] >= 0 && next_[std::size_t(p)] < end[std::size_t(p)]) {
                return false;
            }
        }
        return true;
    };
    while (!done()) {
        const std::int64_t left = deadline - steadyMs();
        if (left <= 0) {
            lastError_ = "still reading when the time was up";
            return false;
        }
        if (rd_kafka_message_t *m =
                rd_kafka_consumer_poll(consumer_.get(), int(std::min<std::int64_t>(left, 100)))) {
            take(m);
        }
    }
    return true;
}

void StateTopicReader::poll() {
    // Short: a worker polls between batches, and the topic may not exist before the first
    // checkpoint.
    if (!assignPartitions(200)) {
        return;
    }
    for (int i = 0; i < 10'000; ++i) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer_.get(), 0);
        if (m == nullptr) {
            return;
        }
        take(m);
    }
}

std::int64_t StateTopicReader::highWatermark(const std::string &topic, std::int32_t partition,
                                             int timeoutMs) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (rd_kafka_query_watermark_offsets(consumer_.get(), topic.c_str(), partition, &low, &high,
                                         timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return -1;
    }
    return high;
}

} // namespace trackboard
