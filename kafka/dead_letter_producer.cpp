#include "dead_letter_producer.h"

namespace trackboard {

bool DeadLetterProducer::open(const KafkaSettings &settings, std::string topic, std::string group,
                              std::string &error) {
    topic_ = std::move(topic);
    group_ = std::move(group);
    if (!producer_.open(settings,
                        {{"enable.idempotence", "true"},
                         {"linger.ms", "5"},
                         {"message.max.bytes", std::to_string(kMaxMessageBytes)},
                         {"client.id", "trackboard-dead-letter-" + group_}},
                        error)) {
        error = "dead-letter producer: " + error;
        return false;
    }
    producer_.warmUp(topic_, 2000);
    return true;
}

void DeadLetterProducer::forward(const rd_kafka_message_t &message, std::string_view reason,
                                 std::string_view field) {
    const std::string partition = std::to_string(message.partition);
    const std::string offset = std::to_string(message.offset);
    const std::string_view originalTopic =
        message.rkt ? std::string_view(rd_kafka_topic_name(message.rkt)) : std::string_view();
    std::vector<KafkaProducer::Header> headers{{"reason", reason},
                                               {"original_topic", originalTopic},
                                               {"original_partition", partition},
                                               {"original_offset", offset},
                                               {"forwarded_by", group_}};
    if (!field.empty()) {
        headers.push_back({"field", field});
    }
    const std::string_view key(static_cast<const char *>(message.key), message.key_len);
    const std::string_view value(static_cast<const char *>(message.payload), message.len);
    // Rejects are rare next to events: a full queue is waited out briefly rather than dropped.
    for (int attempt = 0; attempt < 100; ++attempt) {
        switch (producer_.produce(topic_, key, value, headers)) {
        case KafkaProducer::ProduceResult::Ok:
            return;
        case KafkaProducer::ProduceResult::QueueFull:
            producer_.poll(10);
            continue;
        case KafkaProducer::ProduceResult::Error:
            return; // counted by the producer
        }
    }
    ++unqueued_;
}

} // namespace trackboard
