#pragma once

#include "alert.h"
#include "attack_status.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <set>
#include <vector>

namespace trackboard {

// Follows each scenario the presenter injects from the ground truth the producer reports to
// the first alert the fraud detector raises on one of its users, on the GUI's clock: the time
// the audience waits between the press and the alert. One pressed while traffic is stopped
// waits, and its clock starts with the traffic. Keeps the latest kMaxShown.
class AttackTracker : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kMaxShown = 4; // fits one row at 1280 px
    // An attack counts as detected by its first HIGH or CRITICAL alert: what the alert list
    // shows by default. Ordinary luxury orders raise MEDIUM alerts about once a second at
    // 2,000 events/s, and would otherwise brand a flash sale's shoppers.
    static constexpr Severity kMinSeverity = Severity::High;
    // How long the strip counts the seconds of an attack still without an alert (a flash sale
    // never gets one); its figures stay right when shown later.
    static constexpr qint64 kWatchMs = 120'000;

    explicit AttackTracker(QObject *parent = nullptr);
    std::vector<AttackStatus> attacks() const;

public slots:
    void noteInjected(const std::vector<trackboard::GroundTruth> &entries);
    void noteAlerts(const std::vector<trackboard::Alert> &alerts);
    void noteTraffic(bool running);
    void clear();

signals:
    void changed(const std::vector<trackboard::AttackStatus> &attacks);

private:
    struct Tracked {
        AttackStatus status;
        std::set<std::string> users;
        qint64 startedAt = -1; // on clock_; -1 while waiting for traffic
    };
    void publish();

    QElapsedTimer clock_;
    QTimer tick_; // advances the "injected N s ago" of attacks not yet detected
    std::vector<Tracked> tracked_;
    bool trafficRunning_ = false;
};

} // namespace trackboard
