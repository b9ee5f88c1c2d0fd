#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

namespace trackboard {

// Every librdkafka handle lives in a unique_ptr whose deleter is the matching destroy call, so
// no early return or exception can leak one.
struct KafkaHandleDeleter {
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
    void operator()(rd_kafka_conf_t *conf) const { rd_kafka_conf_destroy(conf); }
    void operator()(rd_kafka_queue_t *queue) const { rd_kafka_queue_destroy(queue); }
    void operator()(rd_kafka_message_t *message) const { rd_kafka_message_destroy(message); }
    void operator()(rd_kafka_topic_partition_list_t *list) const {
        rd_kafka_topic_partition_list_destroy(list);
    }
    void operator()(rd_kafka_error_t *error) const { rd_kafka_error_destroy(error); }
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;
using KafkaConf = std::unique_ptr<rd_kafka_conf_t, KafkaHandleDeleter>;
using KafkaQueue = std::unique_ptr<rd_kafka_queue_t, KafkaHandleDeleter>;
using KafkaMessage = std::unique_ptr<rd_kafka_message_t, KafkaHandleDeleter>;
using KafkaPartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, KafkaHandleDeleter>;
using KafkaError = std::unique_ptr<rd_kafka_error_t, KafkaHandleDeleter>;

} // namespace trackboard
