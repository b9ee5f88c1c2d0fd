#include "kpi_row.h"
#include "kpi_tile.h"
#include "money.h"

#include <QHBoxLayout>
#include <QLocale>

namespace trackboard {

KpiRow::KpiRow(QWidget *parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("kpiRow"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const struct {
        const char *key;
        QString title;
        QString tip;
    } kTiles[] = {
        {"events_per_s", tr("Events / s"), tr("User actions counted per second right now.")},
        {"active_users", tr("Active users"),
         tr("Different people who did anything in the selected time window.")},
        {"web_visitors", tr("Live web visitors"),
         tr("People on your web pages now: different visitors whose pages sent an event to "
            "this dashboard's web collector in the last 5 minutes.")},
        {"revenue", tr("Revenue"),
         tr("Money taken from completed purchases in the selected time window.")},
        {"aov", tr("Avg order value"),
         tr("Typical spend per order: revenue divided by the number of orders.")},
        {"conversion", tr("Conversion"),
         tr("Of the people who visited, the share who went on to buy, in the selected time "
            "window.")},
        {"alerts", tr("Open alerts"), tr("Suspicious activity flagged and not yet acknowledged.")},
    };
    for (const auto &tile : kTiles) {
        auto *widget = new KpiTile(tile.title, tile.tip);
        widget->setObjectName(QStringLiteral("kpi_") + QLatin1String(tile.key));
        tiles_.insert(QLatin1String(tile.key), widget);
        layout->addWidget(widget, 1); // equal widths: a longer number never moves a tile
    }
    // More open alerts is bad news: a red ▲, not a green one.
    tiles_[QStringLiteral("alerts")]->setHigherIsBetter(false);
    hideWebVisitors();
}

void KpiRow::showWindow(const WindowMetrics &w, const ConsumerStats &analytics) {
    tiles_[QStringLiteral("events_per_s")]->setValue(
        QLocale().toString(analytics.recentEventsPerSecond, 'f', 0),
        analytics.recentEventsPerSecond);
    tiles_[QStringLiteral("active_users")]->setValue(QLocale().toString(qulonglong(w.activeUsers)),
                                                     double(w.activeUsers));
    // One figure per currency; the shop sells in one, so the first is the headline.
    const CurrencyAmount revenue = w.revenue.empty() ? CurrencyAmount{"USD", 0} : w.revenue.front();
    QString text = QString::fromStdString(formatMoney(revenue.cents, revenue.currency));
    if (w.revenue.size() > 1) {
        text += tr(" +%1").arg(w.revenue.size() - 1);
    }
    tiles_[QStringLiteral("revenue")]->setValue(text, double(revenue.cents));
    tiles_[QStringLiteral("aov")]->setValue(
        QString::fromStdString(formatMoney(w.averageOrderValueCents)),
        double(w.averageOrderValueCents));
    const double conversion = w.funnel.back().conversionOverall;
    tiles_[QStringLiteral("conversion")]->setValue(
        QStringLiteral("%1 %").arg(conversion, 0, 'f', 1), conversion);
}

void KpiRow::showWebVisitors(qulonglong visitors) {
    KpiTile *tile = tiles_[QStringLiteral("web_visitors")];
    tile->setValue(QLocale().toString(visitors), double(visitors));
    tile->show();
}

void KpiRow::hideWebVisitors() {
    tiles_[QStringLiteral("web_visitors")]->hide();
}

void KpiRow::setOpenAlerts(int open, int hidden) {
    KpiTile *tile = tiles_[QStringLiteral("alerts")];
    tile->setValue(QLocale().toString(open), open);
    const QString explanation = tr("Suspicious activity flagged and not yet acknowledged, as the "
                                   "alert list shows it.");
    tile->setToolTip(hidden > 0 ? explanation + u' ' +
                                      tr("%n more below the list's filters.", nullptr, hidden)
                                : explanation);
}

} // namespace trackboard
