#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace trackboard {

// The collector's counters, bumped from the I/O threads and the producer thread and read by
// GET /metrics. Plain relaxed atomics: each is a tally, none orders other memory.
class CollectorMetrics {
public:
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> eventsAccepted{0}; // answered 202, bots included
    std::atomic<std::uint64_t> bots{0};
    std::atomic<std::uint64_t> produced{0};  // given to librdkafka
    std::atomic<std::uint64_t> delivered{0}; // acknowledged by the broker
    std::atomic<std::uint64_t> deliveryFailed{0};
    std::atomic<std::uint64_t> undelivered{0};  // accepted, then dropped at shutdown
    std::atomic<std::uint64_t> rateLimited{0};  // 429
    std::atomic<std::uint64_t> overloaded{0};   // 503
    std::atomic<std::uint64_t> queueDepth{0};   // events waiting for the producer thread
    std::atomic<std::uint64_t> liveVisitors{0}; // visitors seen in the last 5 minutes
    std::atomic<std::uint64_t> connectionsOpen{0};
    std::atomic<std::uint64_t> connectionsRefused{0}; // over the connection limit
    std::atomic<std::uint64_t> timedOut{0};           // idle or slow connections closed
    std::atomic<std::uint64_t> languagesDropped{0};   // malformed `lang` left out of an event

    // A 400, 403, 413 or 431, by reason ("unknown_event_type", "body_too_large", ...). Rare, so a
    // mutex-guarded map is cheap enough.
    void countRejected(std::string_view reason);
    std::uint64_t rejected(std::string_view reason) const;
    void countStatus(unsigned status);

    // Prometheus text exposition format 0.0.4.
    std::string prometheusText() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::uint64_t, std::less<>> rejected_;
    // Counted on every reply from every I/O thread, so lock-free: one slot per status code.
    std::array<std::atomic<std::uint64_t>, 600> statuses_{};
};

} // namespace trackboard
