#include "attack_tracker.h"

#include <algorithm>

namespace trackboard {

AttackTracker::AttackTracker(QObject *parent)
    : QObject(parent)
    , tick_(this) {
    clock_.start();
    tick_.setInterval(500);
    connect(&tick_, &QTimer::timeout, this, &AttackTracker::publish);
}

std::vector<AttackStatus> AttackTracker::attacks() const {
    std::vector<AttackStatus> out;
    out.reserve(tracked_.size());
    const qint64 now = clock_.elapsed();
    for (const Tracked &t : tracked_) {
        AttackStatus s = t.status;
        if (s.state == AttackStatus::State::Injected) {
            s.elapsedMs = now - t.startedAt;
        }
        out.push_back(std::move(s));
    }
    return out;
}

void AttackTracker::noteInjected(const std::vector<GroundTruth> &entries) {
    if (entries.empty()) {
        return;
    }
    // A press reports all its users at once (a flash sale has many): one entry for them.
    Tracked t;
    t.status.scenario = entries.front().scenario;
    t.status.userId = entries.front().userId;
    for (const GroundTruth &g : entries) {
        t.users.insert(g.userId);
    }
    t.status.users = t.users.size();
    if (trafficRunning_) {
        t.startedAt = clock_.elapsed();
        t.status.state = AttackStatus::State::Injected;
    } else {
        t.status.state = AttackStatus::State::WaitingForTraffic;
    }
    tracked_.push_back(std::move(t));
    if (tracked_.size() > kMaxShown) {
        tracked_.erase(tracked_.begin(),
                       tracked_.begin() + static_cast<long>(tracked_.size() - kMaxShown));
    }
    publish();
}

void AttackTracker::noteAlerts(const std::vector<Alert> &alerts) {
    bool any = false;
    const qint64 now = clock_.elapsed();
    for (const Alert &a : alerts) {
        if (a.severity < kMinSeverity) {
            continue;
        }
        for (Tracked &t : tracked_) {
            if (t.status.state == AttackStatus::State::Injected && t.users.count(a.userId)) {
                t.status.state = AttackStatus::State::Detected;
                t.status.detectedAfterMs = now - t.startedAt;
                t.status.elapsedMs = t.status.detectedAfterMs;
                t.status.rule = a.rule;
                t.status.severity = a.severity;
                any = true;
            }
        }
    }
    if (any) {
        publish();
    }
}

void AttackTracker::noteTraffic(bool running) {
    trafficRunning_ = running;
    if (!running) {
        return;
    }
    bool any = false;
    for (Tracked &t : tracked_) {
        if (t.status.state == AttackStatus::State::WaitingForTraffic) {
            t.status.state = AttackStatus::State::Injected;
            t.startedAt = clock_.elapsed();
            any = true;
        }
    }
    if (any) {
        publish();
    }
}

void AttackTracker::clear() {
    tracked_.clear();
    publish();
}

void AttackTracker::publish() {
    const qint64 now = clock_.elapsed();
    const bool counting = std::any_of(tracked_.begin(), tracked_.end(), [now](const Tracked &t) {
        return t.status.state == AttackStatus::State::Injected && now - t.startedAt < kWatchMs;
    });
    if (counting != tick_.isActive()) {
        counting ? tick_.start() : tick_.stop();
    }
    emit changed(attacks());
}

} // namespace trackboard
