#pragma once
// What `trackboard demo` gathers while it runs, and the tally it prints at the end.
#include "alert.h"
#include "analytics_snapshot.h"
#include "consumer_stats.h"
#include "drain_watch.h"
#include "fraud_snapshot.h"
#include "producer_stats.h"
#include "scenario.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace trackboard {

struct DemoState {
    ProducerStats producer;
    AnalyticsSnapshot analytics;
    ConsumerStats analyticsStats;
    FraudSnapshot fraud;
    ConsumerStats fraudStats;
    std::uint64_t alerts = 0;
    QJsonArray sampleAlerts;
    std::vector<Alert> allAlerts;
    std::vector<GroundTruth> groundTruth;
    double rssStartMb = -1; // after the first minute of traffic (or at its end, if shorter)
    double rssEndMb = -1;
    QJsonArray rssPerMinute; // where growth comes from: a leak climbs, a working set levels off
    // Beside each minute's RSS, what the memory formula counts (docs/memory.md).
    QJsonArray statePerMinute;
    bool announcedUnreachable = false;
    // How the drain ended and how long it took; Waiting when it never began (a signal, a
    // failure).
    DrainWatch::Verdict drain = DrainWatch::Verdict::Waiting;
    DrainWatch::Limits drainLimits;
    double drainSeconds = 0;
    bool throttleEnabled = false; // the simulator slows down for the consumers (embedded broker)
    // Traffic began before every group was ready: its first events waited for them, and the
    // latency figures count that wait.
    bool trafficBeforeReady = false;
};

// Resident set size of this process, for the soak test's growth figure; -1 where /proc is absent.
double residentMegabytes();
// The state counts of the memory formula at this moment, as one `state_per_minute` entry.
QJsonObject stateSizeJson(const DemoState &s, double rssMb);

// The `--json` object; `seconds` is the traffic time.
QJsonObject demoSummaryJson(const DemoState &s, double seconds);

// The last line of the text output: lost and pending per group, and the alerts.
QString demoTallyText(const DemoState &s);

// Events no group can read any more, over both groups: the demo exits 3 when it is not 0.
std::uint64_t demoLost(const DemoState &s);

// Events on their way when the drain ended, over both groups: unread on the broker, or still
// in the producer's queue.
std::uint64_t demoPending(const DemoState &s);

} // namespace trackboard
