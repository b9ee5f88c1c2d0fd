// A message's way in: decoded here or by the decode helper, then screened (key, event time,
// event_id seen before); what fails is counted and set aside on the dead-letter topic. Also the
// decode helper's start and the prefetching of what it has decoded.
#include "consumer_worker.h"

#include <QThread>

#include <system_error>

namespace trackboard {

DecodeResult ConsumerWorker::screen(const rd_kafka_message_t *message,
                                    const DecodeAhead::Decoded *decoded, std::int64_t nowMs,
                                    bool rememberId) {
    DecodeResult result;
    if (decoded != nullptr) {
        result = decoded->result;
        screened_ = &decoded->event;
    } else {
        const std::string_view payload(static_cast<const char *>(message->payload), message->len);
        result = decoder_.decode(payload, event_);
        screened_ = &event_;
    }
    if (!result.ok()) {
        return result;
    }
    const Event &event = *screened_;
    // The key is the user_id: without one, a user's events scatter over partitions and lose
    // their order, which the fraud rules rely on.
    if (message->key_len == 0) {
        return DecodeResult{RejectReason::EmptyKey, "key"};
    }
    if (event.timestampMs < kEarliestEventMs || event.timestampMs > nowMs + kMaxFutureMs) {
        return DecodeResult{RejectReason::BadTimestamp, "timestamp"};
    }
    // Last, so that only applied events are remembered.
    if (rememberId && (decoded != nullptr ? recentIds_.seenBeforeHashed(decoded->idHash)
                                          : recentIds_.seenBefore(event.eventId))) {
        return DecodeResult{RejectReason::DuplicateEventId, "event_id"};
    }
    return result;
}

void ConsumerWorker::startDecodeHelper() {
    // Named after the worker's thread: "trackboard-analytics" has "analytics-ahead".
    QString role = QThread::currentThread()->objectName();
    role.remove(QStringLiteral("trackboard-"));
    const std::string name = (role.isEmpty() ? QStringLiteral("decode") : role).toStdString();
    try {
        ahead_ = std::make_unique<DecodeAhead>(kBatchSize, name + "-ahead");
        aheadPayloads_.reserve(kBatchSize);
    } catch (const std::system_error &e) {
        // No thread to be had: every message is decoded here, as with --no-decode-ahead.
        stats_.lastError = std::string("decode helper not started: ") + e.what();
    }
}

bool ConsumerWorker::startDecodingAhead(rd_kafka_message_t *const *batch, ssize_t count) {
    if (!ahead_ || count < kMinBatchToDecodeAhead) {
        return false;
    }
    aheadPayloads_.clear();
    for (ssize_t i = 0; i < count; ++i) {
        const rd_kafka_message_t *m = batch[i];
        aheadPayloads_.push_back(
            m->err == RD_KAFKA_RESP_ERR_NO_ERROR
                ? std::string_view(static_cast<const char *>(m->payload), m->len)
                : std::string_view());
    }
    ahead_->start(aheadPayloads_);
    return true;
}

void ConsumerWorker::prefetchDecoded(std::size_t at) {
    // Two messages ahead the decoded event's own lines, one ahead the texts they point to and
    // the duplicate screen's slots: each step's loads then find the last step's lines here.
    if (const DecodeAhead::Decoded *later = ahead_->peek(at + 2)) {
        DecodeAhead::prefetchFixedPart(*later);
    }
    if (const DecodeAhead::Decoded *next = ahead_->peek(at + 1)) {
        DecodeAhead::prefetchTexts(*next);
        if (next->result.ok()) {
            recentIds_.prefetch(next->idHash);
        }
    }
}

void ConsumerWorker::reject(const rd_kafka_message_t *message, const DecodeResult &result) {
    ++stats_.rejected;
    ++stats_.rejectedBy[static_cast<std::size_t>(result.reason)];
    if (deadLetter_.isOpen()) {
        deadLetter_.forward(*message, rejectReasonName(result.reason), result.field);
    }
}

} // namespace trackboard
