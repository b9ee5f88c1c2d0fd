#pragma once

#include <algorithm>
#include <cmath>

namespace trackboard {

// How often a worker may build its snapshot. Building one merges every partition's state
// (AnalyticsGlobalView::snapshot), so its cost grows with the users and sessions held: in the
// 90-minute soak at 20,000 events/s the analytics worker's thread spent about 80 % of its time
// merging by minute 16, at the default 10 snapshots a second, and from minute 60 it could no
// longer keep up with the events (docs/performance.md). The interval stretches so that
// snapshots take at most `kSnapshotShare` of the thread, and comes back as they get cheaper.
inline constexpr double kSnapshotShare = 0.1;

// `askedMs`: the interval the user or the caller asked for; `lastCostMs`: the thread's CPU
// time the last snapshot took.
inline int snapshotIntervalMs(int askedMs, double lastCostMs) {
    if (!(lastCostMs > 0)) {
        return askedMs;
    }
    const double budgeted = std::ceil(lastCostMs / kSnapshotShare);
    return budgeted > double(askedMs) ? int(std::min(budgeted, 3'600'000.0)) : askedMs;
}

} // namespace trackboard
