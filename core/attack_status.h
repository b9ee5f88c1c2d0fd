#pragma once

#include "alert.h"
#include "scenario.h"

#include <cstdint>
#include <string>

namespace trackboard {

// One scenario pressed in the dashboard, and what has become of it: waiting for traffic,
// injected, or detected after N seconds by which rule. A flash sale is legitimate: it should
// stay without an alert. Worked out by AttackTracker; the attack strip only shows it.
struct AttackStatus {
    enum class State {
        WaitingForTraffic, // pressed while traffic is stopped: its events go out on Start
        Injected,          // its events are flowing; no alert on its users yet
        Detected,          // an alert named one of its users
    };
    Scenario scenario = Scenario::Bot;
    std::string userId;    // the (first) targeted user
    std::size_t users = 1; // a flash sale brings many shoppers
    State state = State::Injected;
    std::int64_t elapsedMs = 0;        // since its events started to flow; 0 while waiting
    std::int64_t detectedAfterMs = -1; // from the start of its events to the first alert
    std::string rule;                  // of the first alert
    Severity severity = Severity::Medium;

    bool operator==(const AttackStatus &) const = default;
    // A flash sale is no attack: an alert on one of its shoppers is a false alarm.
    bool legitimate() const { return scenario == Scenario::FlashSale; }
};

} // namespace trackboard
