#pragma once

#include "analytics_snapshot.h"
#include "consumer_stats.h"

#include <QMap>
#include <QWidget>

namespace trackboard {

class KpiTile;

// The headline tiles across the top: events/s, active users, live web visitors (only while a
// web collector runs), revenue, average order value, conversion and open alerts, each explained
// in plain words in its tooltip.
class KpiRow : public QWidget {
    Q_OBJECT
public:
    explicit KpiRow(QWidget *parent = nullptr);

    void showWindow(const WindowMetrics &window, const ConsumerStats &analytics);
    // `hidden`: open alerts below the alert list's filters, named in the tile's tooltip.
    void setOpenAlerts(int open, int hidden = 0);
    // The web collector's visitors seen in the last 5 minutes. The tile shows from the first
    // count on; hideWebVisitors() takes it away when no collector runs, since a tile that
    // always reads "off" would only take room from the others.
    void showWebVisitors(qulonglong visitors);
    void hideWebVisitors();
    // "events_per_s", "active_users", "web_visitors", "revenue", "aov", "conversion" or
    // "alerts".
    KpiTile *tile(const QString &name) const { return tiles_.value(name); }

private:
    QMap<QString, KpiTile *> tiles_;
};

} // namespace trackboard
