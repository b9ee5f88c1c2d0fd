#pragma once

#include "analytics_snapshot.h"

#include <QString>

namespace trackboard {

class AlertTableModel;

// The figures behind the charts, one row per value: window,metric,key,value. Every window.
QString aggregatesCsv(const AnalyticsSnapshot &snapshot);
// The alert list as shown: time,severity,rule,user,message,acknowledged,evidence.
QString alertsCsv(const AlertTableModel &model);

} // namespace trackboard
