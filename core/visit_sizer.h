#pragma once

#include <cstdint>

namespace trackboard {

// How many visits the simulator keeps open: the rate the producer actually sends times the
// think time, so that each visitor clicks about once per think time. Sized from the asked rate
// alone, a burst that the throttle holds to a fraction of it still opened the asked rate's
// visits, and most of the events that got through were new visitors' first ones: 640,000 new
// users, each state for an hour, for 709,000 events (docs/memory.md, "After a burst"). So the
// visits follow a smoothed sent rate: up gradually, as a real crowd builds, and down at once
// when the asked rate falls. Plain C++, tested without a broker.
class VisitSizer {
public:
    struct Settings {
        double thinkTimeSeconds = 8.0;
        double smoothingSeconds = 3.0; // the sent rate's time constant
        // A producer sending at least this share of the asked rate is keeping up: the visits
        // follow the asked rate, not a measurement's noise.
        double keepingUpShare = 0.9;
        double expectedEventsPerMeasure = 200; // low rates measure over longer spans
    };

    explicit VisitSizer(Settings settings)
        : settings_(settings) {}

    // Traffic (re)starts at `askedRate`, in full swing: the rate's visits at once.
    void start(std::int64_t nowMs, std::uint64_t sentTotal, double askedRate);
    // The asked rate changed: down at once, up as the sent rate follows.
    void setAskedRate(double askedRate);
    // Called often; measures once a span has passed. `sentTotal` counts every event sent so far.
    void observe(std::int64_t nowMs, std::uint64_t sentTotal);

    int visits() const;
    double heldRate() const { return heldRate_; }

private:
    Settings settings_;
    double askedRate_ = 0;
    double heldRate_ = 0;
    std::int64_t spanStartMs_ = 0;
    std::uint64_t spanStartSent_ = 0;
};

} // namespace trackboard
