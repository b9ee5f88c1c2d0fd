#pragma once

#include <cstddef>
#include <cstdint>

namespace trackboard {

// How fast the simulator may produce when Trackboard also runs every consumer of the topic on
// an embedded broker. That broker keeps only 5 MiB per partition (docs/embedded-broker.md):
// events further ahead of the slowest consumer group than that are evicted unread. The
// throttle lets the producer run at the asked rate while the slowest group is less than
// `startFraction` of the broker's retention behind, slows it linearly from there, and holds it
// at `holdFraction`. The margin above the hold point covers partitions filling unevenly and
// the consumer figures being up to one batch old (ConsumerWorker::readProgress). Plain C++, tested
// without a broker.
class ProduceThrottle {
public:
    struct Settings {
        int partitions = 6;
        std::size_t retentionBytesPerPartition = 5 * 1024 * 1024;
        // The broker's own bytes per message on top of key and value (record header, batch
        // share): 1,000,000 events of 300 B left about 16k per 5 MiB partition.
        std::size_t overheadBytesPerMessage = 40;
        double startFraction = 0.25;
        double holdFraction = 0.5;
    };

    explicit ProduceThrottle(Settings settings)
        : settings_(settings) {}

    // Events the broker keeps, over all partitions, for messages of `meanMessageBytes` (key and
    // value).
    std::uint64_t retainedEvents(double meanMessageBytes) const;

    // The rate to hold: `askedRate` while the producer is little ahead of the slowest group,
    // less as it gets closer to what retention keeps, 0 at the hold point. `ahead` counts
    // events produced (buffered ones included: they reach the broker soon) that the slowest
    // group has not read yet.
    double heldRate(double askedRate, std::uint64_t ahead, double meanMessageBytes) const;
    // Events the producer may still make before the hold point. The rate alone is not enough:
    // a producer thread that was descheduled catches up in one burst (up to 0.1 s of the rate),
    // which at 100k events/s is more than a 1-partition topic keeps.
    std::uint64_t roomBeforeHold(std::uint64_t ahead, double meanMessageBytes) const;

    const Settings &settings() const { return settings_; }

private:
    Settings settings_;
};

} // namespace trackboard
