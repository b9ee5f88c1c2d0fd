// ProducerWorker's throttle: on an embedded broker whose consumers Trackboard runs, the
// simulator slows down as the slowest group falls behind (ProduceThrottle), so that the broker's
// retention never cuts what a group has not read. And the simulator's open visits follow the
// rate actually sent (VisitSizer), so that a held burst does not bring the asked rate's visitors.
#include "producer_worker.h"

#include <cmath>

namespace trackboard {

void ProducerWorker::setConsumerProgress(std::vector<ReadProgress> groups) {
    consumerProgress_ = std::move(groups);
}

void ProducerWorker::applyThrottle() {
    if (!options_.throttle) {
        return;
    }
    std::uint64_t slowestRead = consumerProgress_.empty() ? stats_.produced : ~std::uint64_t{0};
    for (const auto &group : consumerProgress_) {
        slowestRead = std::min(slowestRead, group->load(std::memory_order_relaxed));
    }
    // Buffered events count as ahead: they reach the broker soon, and only the producer can
    // still hold back the ones it has not made yet.
    const std::uint64_t ahead = stats_.produced > slowestRead ? stats_.produced - slowestRead : 0;
    const double meanBytes =
        stats_.produced > 0 ? double(producedBytes_) / double(stats_.produced) : 300.0;
    const double held = throttle_.heldRate(options_.rate, ahead, meanBytes);
    throttleRoom_ = throttle_.roomBeforeHold(ahead, meanBytes);
    // The time since the previous tick counts as throttled if the producer was held then.
    const qint64 sinceLastTick = throttleClock_.isValid() ? throttleClock_.restart() : 0;
    if (!throttleClock_.isValid()) {
        throttleClock_.start();
    }
    if (stats_.throttled) {
        stats_.throttledMs += static_cast<std::uint64_t>(sinceLastTick);
    }
    stats_.throttled = held < options_.rate;
    stats_.throttleBehind = ahead;
    stats_.throttleRate = held;
    // Re-pace only on a real change: each restart drops the fraction of an event due so far,
    // which at a low rate and every 5 ms tick would be every event.
    const bool stopping = (held == 0) != (pacedRate_ == 0);
    if (stopping || std::abs(held - pacedRate_) > 0.05 * options_.rate) {
        pacingClock_.start();
        producedInPeriod_ = 0;
        pacedRate_ = held;
    }
}

int ProducerWorker::visitTarget() const {
    if (options_.simulator.visits > 0) {
        return options_.simulator.visits;
    }
    // A virtual clock stamps events at the asked rate whatever the pace, so the think time in
    // event time comes from the asked rate too.
    if (options_.virtualClock) {
        return static_cast<int>(std::ceil(options_.rate * kThinkTimeSeconds));
    }
    return visitSizer_.visits();
}

void ProducerWorker::followSentRate() {
    const int before = visitTarget();
    visitSizer_.observe(visitClock_.elapsed(), stats_.produced);
    if (visitTarget() != before) {
        simulator_.setTargetSessions(visitTarget());
    }
}

} // namespace trackboard
