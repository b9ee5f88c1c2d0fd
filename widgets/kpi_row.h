#pragma once

#include "analytics_snapshot.h"
#include "consumer_stats.h"

#include <QMap>
#include <QWidget>

namespace trackboard {

class KpiTile;

// The headline tiles across the top: events/s, active users, revenue, average order value,
// conversion and open alerts, each explained in plain words in its tooltip.
class KpiRow : public QWidget {
    Q_OBJECT
public:
    explicit KpiRow(QWidget *parent = nullptr);

    void showWindow(const WindowMetrics &window, const ConsumerStats &analytics);
    void setOpenAlerts(int open);
    // "events_per_s", "active_users", "revenue", "aov", "conversion" or "alerts".
    KpiTile *tile(const QString &name) const { return tiles_.value(name); }

private:
    QMap<QString, KpiTile *> tiles_;
};

} // namespace trackboard
