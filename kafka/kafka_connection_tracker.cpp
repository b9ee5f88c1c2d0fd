#include "kafka_connection_tracker.h"

#include <cmath>

namespace trackboard {

KafkaConnectionTracker::KafkaConnectionTracker(QObject *parent)
    : QObject(parent)
    , tick_(this) {
    clock_.start();
    tick_.setInterval(500);
    connect(&tick_, &QTimer::timeout, this, &KafkaConnectionTracker::update);
}

void KafkaConnectionTracker::noteProducer(const ProducerStats &stats) {
    const qint64 now = clock_.elapsed();
    if (stats.state == "unreachable" && producer_.state != "unreachable") {
        downAt_ = ++evidence_;
    }
    if (stats.delivered > producer_.delivered) {
        upAt_ = ++evidence_;
        lastDeliveryAt_ = now;
    }
    producer_ = stats;
    update();
}

void KafkaConnectionTracker::noteCluster(const ClusterHealth &health) {
    const qint64 now = clock_.elapsed();
    cluster_ = health;
    haveCluster_ = true;
    if (health.reachable) {
        upAt_ = ++evidence_;
    } else if (lastDeliveryAt_ < 0 || now - lastDeliveryAt_ > kDeliveryProvesReachableMs) {
        downAt_ = ++evidence_;
    }
    update();
}

void KafkaConnectionTracker::noteSimulatedOutage(bool down, int seconds) {
    simulated_ = down;
    if (down) {
        downAt_ = ++evidence_;
        outageEnd_.setRemainingTime(seconds * 1000);
    }
    update();
}

KafkaConnection::State KafkaConnectionTracker::evidenceState() const {
    if (producer_.state == "refused") {
        return KafkaConnection::State::Refused;
    }
    // While the dashboard holds the broker down, a delivery still in flight proves nothing.
    if (simulated_ || downAt_ > upAt_) {
        return KafkaConnection::State::Unreachable;
    }
    return upAt_ > 0 ? KafkaConnection::State::Connected : KafkaConnection::State::Connecting;
}

std::string KafkaConnectionTracker::reason(int secondsLeft) const {
    if (producer_.state == "refused") {
        return producer_.lastError;
    }
    if (simulated_) {
        return "simulated outage, broker back in " + std::to_string(secondsLeft) + " s";
    }
    const std::string &why =
        !producer_.lastTransportError.empty() ? producer_.lastTransportError : cluster_.error;
    return (why.empty() ? std::string("no broker answers") : KafkaConnection::plainReason(why)) +
           ", retrying";
}

void KafkaConnectionTracker::update() {
    const qint64 now = clock_.elapsed();
    KafkaConnection next = current_;
    next.state = evidenceState();
    next.simulatedOutage = simulated_;
    next.outageSecondsLeft =
        simulated_ ? int(std::ceil(double(outageEnd_.remainingTime()) / 1000.0)) : 0;
    next.buffered = producer_.buffered;
    next.lost = producer_.failed;
    const bool wasDown = current_.state == KafkaConnection::State::Unreachable;
    const bool isDown = next.state == KafkaConnection::State::Unreachable;
    if (isDown && !wasDown) {
        outageStartedAt_ = now;
        failedAtOutageStart_ = producer_.failed;
        next.recovering = next.recovered = false;
    }
    if (isDown) {
        next.outageMs = now - outageStartedAt_;
        next.lostInOutage = producer_.failed - failedAtOutageStart_;
        bufferedWhileDown_ = producer_.buffered;
        deliveredWhileDown_ = producer_.delivered;
    }
    if (wasDown && next.state == KafkaConnection::State::Connected) {
        // Back: the backlog is what the banner last showed buffered; caught up once that many
        // more events have been delivered since.
        next.recovering = true;
        next.backlog = bufferedWhileDown_;
        deliveredAtRecovery_ = deliveredWhileDown_;
    }
    if (next.recovering) {
        next.caughtUp = producer_.delivered - deliveredAtRecovery_;
        next.lostInOutage = producer_.failed - failedAtOutageStart_;
        if (next.caughtUp >= next.backlog) {
            next.recovering = false;
            next.recovered = true;
            recoveredAt_ = now;
        }
    }
    if (next.recovered && now - recoveredAt_ > kRecoveredShowMs) {
        next.recovered = false;
    }
    const bool refused = next.state == KafkaConnection::State::Refused;
    next.reason = isDown || refused ? reason(next.outageSecondsLeft) : std::string();
    // Keep ticking while something counts down or is about to expire.
    if (next.noteworthy() != tick_.isActive()) {
        next.noteworthy() ? tick_.start() : tick_.stop();
    }
    if (!(next == current_)) {
        current_ = next;
        emit changed(current_);
    }
}

} // namespace trackboard
