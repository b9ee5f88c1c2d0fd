#pragma once

#include "event.h"

#include <array>
#include <cstdint>
#include <string>

namespace trackboard {

// What the simulator's producer has done, for the dashboard and `--json`. The tally counts
// delivered events only, so that it must equal what each consumer group aggregates.
struct ProducerStats {
    std::string state = "idle"; // idle, running, stopped, unreachable, refused, done
    std::string lastError;
    // librdkafka's latest connection failure ("Connect to ... failed: Connection refused"):
    // its "all brokers are down" that follows would hide why. Cleared by the next delivery.
    std::string lastTransportError;
    double targetRate = 0;
    double deliveredPerSecond = 0;
    std::uint64_t produced = 0;          // handed to librdkafka
    std::uint64_t delivered = 0;         // acknowledged by the broker
    std::uint64_t failed = 0;            // given up by librdkafka
    std::uint64_t buffered = 0;          // produced, not yet acknowledged
    std::uint64_t backpressureWaits = 0; // local queue full: generation paused
    bool queueFull = false;              // waiting for room in the local queue right now
    std::uint64_t resent = 0;            // sent again by a new producer after a fatal error
    std::uint64_t producerRestarts = 0;  // fatal errors recovered from
    std::int32_t lastPartition = -1;
    std::int64_t lastOffset = -1;
    int activeSessions = 0;
    std::uint64_t pendingInjected = 0;    // scenario events scheduled but not yet due...
    std::uint64_t pendingAttackSteps = 0; // ...of which attacks' (a flash sale's are not)
    // Held back because the slowest consumer group of an embedded broker fell behind
    // (ProduceThrottle): how many events it is behind, the rate the throttle allows, and for how
    // long in all the producer ran slower than asked.
    bool throttled = false;
    std::uint64_t throttleBehind = 0;
    double throttleRate = 0;
    std::uint64_t throttledMs = 0;
    std::array<std::uint64_t, kEventTypeCount> deliveredByType{};
    std::int64_t deliveredRevenueCents = 0;
};

} // namespace trackboard
