#pragma once

#include <cstdint>

namespace trackboard {

// How many visits the simulator keeps open: the rate the producer actually sends times the
// think time, so that each visitor clicks about once per think time. Sized from the asked rate
// alone, a burst that the throttle holds to a fraction of it still opened the asked rate's
// visits, and most of the events that got through were new visitors' first ones: 640,000 new
// users, each state for an hour, for 709,000 events (docs/memory.md, "After a burst"). So the
// visits follow a smoothed sent rate: slowly, and only on a change of a tenth or more, and down
// at once when the asked rate falls. Slowly, because every change churns visits: a rise opens
// new ones and a fall ends open ones early, and at a throttle's pulse (seconds) that churn
// made new visitors at every swing. Followed with a 3 s time constant, a 90-minute soak's users
// kept growing after the windows had filled (docs/memory.md). Plain C++, tested without a broker.
class VisitSizer {
public:
    struct Settings {
        double thinkTimeSeconds = 8.0;
        double smoothingSeconds = 60.0; // the sent rate's time constant
        double deadBand = 0.1;          // visits change only when the rate moved this share
        // A producer sending at least this share of the asked rate, smoothed, is keeping up:
        // the visits follow the asked rate, not a measurement's noise.
        double keepingUpShare = 0.9;
        double measureSeconds = 5;             // spans several of the throttle's pulses
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

    int visits() const { return visits_; }

private:
    Settings settings_;
    double askedRate_ = 0;
    double heldRate_ = 0;
    std::int64_t spanStartMs_ = 0;
    std::uint64_t spanStartSent_ = 0;
    int visits_ = 1;

    int visitsFor(double rate) const;
};

} // namespace trackboard
