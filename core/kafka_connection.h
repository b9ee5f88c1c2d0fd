#pragma once

#include <cstdint>
#include <string>

namespace trackboard {

// The dashboard's link to Kafka in words a presenter can read out: are events reaching the
// broker, and if not, how many wait in the producer and whether any were lost. Worked out by
// KafkaConnectionTracker from the producer's stats and the cluster monitor's metadata answers;
// views only show it.
struct KafkaConnection {
    enum class State { Connecting, Connected, Unreachable, Refused };
    State state = State::Connecting;
    std::string reason;           // plain words: "connection refused, retrying"
    bool simulatedOutage = false; // the dashboard's "Simulate Kafka outage" holds the broker down
    int outageSecondsLeft = 0;    // ...until then
    std::uint64_t buffered = 0;   // produced, not yet acknowledged by the broker
    std::uint64_t lost = 0;       // given up by librdkafka since the start: never delivered
    // After an outage: reachable again and the events buffered at the time are on their way
    // (recovering), then all of them delivered (recovered, shown for a few seconds).
    bool recovering = false;
    bool recovered = false;
    std::uint64_t backlog = 0;  // buffered when the broker came back
    std::uint64_t caughtUp = 0; // delivered since the broker came back
    std::int64_t outageMs = 0;  // how long the last outage lasted
    std::uint64_t lostInOutage = 0;

    bool operator==(const KafkaConnection &) const = default;
    // Whether the dashboard should draw attention to it (a banner).
    bool noteworthy() const { return state != State::Connected || recovering || recovered; }
    // "connecting…", "connected", "unreachable: connection refused, retrying", "refused: …".
    std::string summary() const;
    // librdkafka's error text made plain: "Connect to ipv4#127.0.0.1:1 failed: Connection
    // refused (after 0ms in state CONNECT)" is "connection refused". Unknown texts pass through.
    static std::string plainReason(const std::string &librdkafkaError);
};

} // namespace trackboard
