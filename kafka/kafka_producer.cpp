#include "kafka_producer.h"

namespace trackboard {

KafkaProducer::~KafkaProducer() {
    close(kCloseFlushMs);
}

bool KafkaProducer::open(const KafkaSettings &settings,
                         const std::vector<std::pair<std::string, std::string>> &defaults,
                         std::string &error) {
    // The partitioner first, so that a caller's defaults and the user's -X may still override it.
    std::vector<std::pair<std::string, std::string>> all{{"partitioner", kPartitioner}};
    all.insert(all.end(), defaults.begin(), defaults.end());
    auto conf = makeKafkaConf(settings, all, error);
    if (!conf) {
        return false;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducer::onDelivery);
    rd_kafka_conf_set_error_cb(conf.get(), &KafkaProducer::onError);
    handle_ = newKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    return handle_ != nullptr;
}

void KafkaProducer::warmUp(const std::string &topic, int timeoutMs) {
    fetchTopicMetadata(handle_.get(), topic, timeoutMs);
}

KafkaProducer::ProduceResult KafkaProducer::produce(const std::string &topic, std::string_view key,
                                                    std::string_view value,
                                                    const std::vector<Header> &headers) {
    rd_kafka_headers_t *list = nullptr;
    if (!headers.empty()) {
        list = rd_kafka_headers_new(headers.size());
        for (const Header &h : headers) {
            rd_kafka_header_add(list, h.name.data(), static_cast<ssize_t>(h.name.size()),
                                h.value.data(), static_cast<ssize_t>(h.value.size()));
        }
    }
    // RD_KAFKA_V_VALUE insists on a non-const pointer; with MSG_F_COPY librdkafka only reads
    // the bytes, so casting the const away is safe. On success librdkafka owns the headers.
    const auto err = rd_kafka_producev(
        handle_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), value.size()), RD_KAFKA_V_HEADERS(list),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && list) {
        rd_kafka_headers_destroy(list);
    }
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++inFlight_;
        return ProduceResult::Ok;
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        return ProduceResult::QueueFull;
    }
    ++failed_;
    lastError_ = rd_kafka_err2str(err);
    return ProduceResult::Error;
}

void KafkaProducer::poll(int timeoutMs) {
    if (handle_) {
        rd_kafka_poll(handle_.get(), timeoutMs);
    }
}

bool KafkaProducer::flush(int timeoutMs) {
    if (handle_) {
        rd_kafka_flush(handle_.get(), timeoutMs);
    }
    return inFlight_ == 0;
}

int KafkaProducer::outstanding() const {
    return inFlight_;
}

void KafkaProducer::close(int flushTimeoutMs) {
    if (!handle_) {
        return;
    }
    flush(flushTimeoutMs);
    handle_.reset();
}

void KafkaProducer::onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque) {
    auto *self = static_cast<KafkaProducer *>(opaque);
    --self->inFlight_;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++self->failed_;
        self->lastError_ = rd_kafka_err2str(message->err);
        return;
    }
    ++self->delivered_;
}

void KafkaProducer::onError(rd_kafka_t *, int, const char *reason, void *opaque) {
    static_cast<KafkaProducer *>(opaque)->lastError_ = reason;
}

} // namespace trackboard
