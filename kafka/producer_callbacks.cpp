// ProducerWorker's librdkafka callbacks, run on its thread from rd_kafka_poll(): delivery
// reports (the tally, and the messages a fatal error leaves to resend) and client errors.
#include "connection_refusal.h"
#include "producer_worker.h"

namespace trackboard {

void ProducerWorker::onDelivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    auto *self = static_cast<ProducerWorker *>(opaque);
    ProducerStats &s = self->stats_;
    // The purge that follows a fatal error may report its messages before the error callback
    // runs: ask librdkafka rather than wait for the flag.
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR &&
        (self->fatal_ || rd_kafka_fatal_error(rk, nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR)) {
        self->fatal_ = true;
        self->unacknowledged_.push_back(
            {std::string(static_cast<const char *>(message->key), message->key_len),
             std::string(static_cast<const char *>(message->payload), message->len),
             message->_private});
        return;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++s.failed;
        s.lastError = rd_kafka_err2str(message->err);
        return;
    }
    ++s.delivered;
    s.lastPartition = message->partition;
    s.lastOffset = message->offset;
    const auto tally = reinterpret_cast<std::uintptr_t>(message->_private);
    ++s.deliveredByType[tally & 0xF];
    s.deliveredRevenueCents += static_cast<std::int64_t>(tally >> 4);
    if (s.state == "unreachable") {
        s.state = self->running_ ? "running" : "stopped";
        s.lastError.clear();
    }
    s.lastTransportError.clear();
}

void ProducerWorker::onError(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
    auto *self = static_cast<ProducerWorker *>(opaque);
    self->stats_.lastError = reason;
    if (isRefusedConnection(err) && !self->refused_) {
        self->refused_ = true;
        self->stats_.state = "refused";
        emit self->failed(QString::fromStdString(refusedConnectionMessage(err, reason)));
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char why[512];
        rd_kafka_fatal_error(rk, why, sizeof why);
        self->stats_.lastError = std::string("fatal producer error: ") + why;
        self->fatal_ = true;
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__TRANSPORT) {
        self->stats_.lastTransportError = reason;
    }
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__TRANSPORT) {
        self->stats_.state = "unreachable";
    }
}

} // namespace trackboard
