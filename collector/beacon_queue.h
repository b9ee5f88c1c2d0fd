#pragma once

#include "beacon.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace trackboard {

// One accepted request's events and where they came from.
struct BeaconJob {
    std::vector<Beacon> beacons;
    BeaconContext context;
};

// The bounded hand-off from the I/O threads to the producer thread, counted in events. An I/O
// thread never waits on it: a batch that does not fit is refused whole (503), so no part of a
// batch is produced without the rest.
class BeaconQueue {
public:
    explicit BeaconQueue(std::size_t capacityEvents)
        : capacity_(capacityEvents) {}

    // False, leaving `job` untouched, when its events do not fit.
    bool tryPush(BeaconJob &job);
    // Moves every waiting job into `out`, waiting up to `timeout` for the first. Returns the
    // number of events taken.
    std::size_t popAll(std::vector<BeaconJob> &out, std::chrono::milliseconds timeout);
    void close();

    std::size_t depth() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<BeaconJob> jobs_;
    std::size_t events_ = 0;
    std::size_t capacity_;
    bool closed_ = false;
};

} // namespace trackboard
