#pragma once

#include "analytics_snapshot.h"

#include <QJsonObject>
#include <QString>

namespace trackboard {

// The parts of the analytics report and JSON that cover the new metrics and the windows;
// report_format.cpp composes them. Field names are the contract in docs/analytics.md.
QJsonObject windowJson(const WindowMetrics &window);
// {"1m": ..., "5m": ..., "15m": ..., "60m": ..., "all": ...}
QJsonObject windowsJson(const AnalyticsSnapshot &snapshot);
QJsonObject seriesJson(const AnalyticsSnapshot &snapshot);
QString windowKey(AnalyticsWindow window);
// The sections the demo guide's layout did not have: windows, engagement, business, geography
// and devices.
QString analyticsExtraText(const AnalyticsSnapshot &snapshot);

} // namespace trackboard
