#pragma once

#include "kafka_settings.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trackboard {

// A plain librdkafka producer with delivery accounting, for code that drives its own loop
// (`trackboard replay`). Not thread-safe: use it from one thread. It is neither copyable nor
// movable because librdkafka holds its address for the delivery-report callback.
class KafkaProducer {
public:
    enum class ProduceResult {
        Ok,        // queued; a delivery report will follow
        QueueFull, // nothing queued: poll() to make room, then offer the same message again
        Error,     // refused for good; counted in failed()
    };

    KafkaProducer() = default;
    ~KafkaProducer();
    KafkaProducer(const KafkaProducer &) = delete;
    KafkaProducer &operator=(const KafkaProducer &) = delete;

    // Creates the handle from `defaults` then the user's -X properties. Returns false with
    // `error` set when librdkafka refuses the configuration.
    bool open(const KafkaSettings &settings,
              const std::vector<std::pair<std::string, std::string>> &defaults, std::string &error);
    bool isOpen() const { return handle_ != nullptr; }

    // Asks for the topic's partitions and leaders now, so the first message does not wait
    // for them. Best effort: a failure shows up later as delivery errors.
    void warmUp(const std::string &topic, int timeoutMs);

    struct Header {
        std::string_view name;
        std::string_view value;
    };

    // Copies key, value and headers; the caller may reuse its buffers at once.
    ProduceResult produce(const std::string &topic, std::string_view key, std::string_view value,
                          const std::vector<Header> &headers = {});

    // Serves delivery reports and errors for up to `timeoutMs`.
    void poll(int timeoutMs);
    // Waits up to `timeoutMs` for every queued message. Returns true when none is left.
    bool flush(int timeoutMs);
    // Messages queued or in flight whose delivery report has not been served yet.
    int outstanding() const;

    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t failed() const { return failed_; }
    // librdkafka's text for the most recent failed delivery, refusal or client error.
    const std::string &lastError() const { return lastError_; }

    // Bounded flush, then releases the handle. Messages still queued after `flushTimeoutMs`
    // are dropped and stay counted in outstanding(). Safe to call twice; the destructor calls
    // it with kCloseFlushMs.
    void close(int flushTimeoutMs);
    static constexpr int kCloseFlushMs = 2500;

private:
    static void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque);
    static void onError(rd_kafka_t *, int err, const char *reason, void *opaque);

    KafkaHandle handle_;
    std::uint64_t delivered_ = 0;
    std::uint64_t failed_ = 0;
    int inFlight_ = 0;
    std::string lastError_;
};

} // namespace trackboard
