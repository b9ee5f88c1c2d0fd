#include "csv_export.h"
#include "alert_table_model.h"

#include <QDateTime>

namespace trackboard {

namespace {
QString field(const QString &text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n'))) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString str(const std::string &text) {
    return QString::fromStdString(text);
}

class Rows {
public:
    explicit Rows(QString &out)
        : out_(out) {}
    void setWindow(const QString &window) { window_ = window; }
    template <typename Value> void add(const QString &metric, const QString &key, Value value) {
        out_ += window_ + QLatin1Char(',') + metric + QLatin1Char(',') + field(key) +
                QLatin1Char(',') + QString::number(value) + QLatin1Char('\n');
    }

private:
    QString &out_;
    QString window_;
};
} // namespace

QString aggregatesCsv(const AnalyticsSnapshot &snapshot) {
    QString out = QStringLiteral("window,metric,key,value\n");
    Rows rows(out);
    for (const WindowMetrics &w : snapshot.windows) {
        rows.setWindow(w.minutes == 0 ? QStringLiteral("all")
                                      : QStringLiteral("%1min").arg(w.minutes));
        rows.add(QStringLiteral("events"), QString(), w.events);
        rows.add(QStringLiteral("active_users"), QString(), w.activeUsers);
        rows.add(QStringLiteral("active_sessions"), QString(), w.activeSessions);
        rows.add(QStringLiteral("orders"), QString(), w.orders);
        rows.add(QStringLiteral("average_order_value_cents"), QString(), w.averageOrderValueCents);
        rows.add(QStringLiteral("cart_abandonment_percent"), QString(), w.cartAbandonmentPercent);
        for (const CurrencyAmount &r : w.revenue) {
            rows.add(QStringLiteral("revenue_cents"), str(r.currency), r.cents);
        }
        for (std::size_t i = 0; i < w.funnel.size(); ++i) {
            const auto stage = eventTypeName(kFunnelStages[i]);
            const QString key = QString::fromLatin1(stage.data(), qsizetype(stage.size()));
            rows.add(QStringLiteral("funnel_users"), key, w.funnel[i].users);
            rows.add(QStringLiteral("funnel_conversion_percent"), key,
                     w.funnel[i].conversionFromPrevious);
            rows.add(QStringLiteral("funnel_drop_off"), key, w.funnel[i].dropOff);
            rows.add(QStringLiteral("funnel_steps_users"), key, w.steps[i].users);
            rows.add(QStringLiteral("funnel_steps_conversion_percent"), key,
                     w.steps[i].conversionFromPrevious);
        }
        for (const ShareEntry &e : w.eventTypes) {
            rows.add(QStringLiteral("event_type_percent"), str(e.key), e.percent);
        }
        for (const CountEntry &e : w.topPages) {
            rows.add(QStringLiteral("page_views"), str(e.key), e.count);
        }
        for (const ProductEntry &p : w.topProductsByRevenue) {
            rows.add(QStringLiteral("product_revenue_cents"), str(p.productId), p.revenueCents);
        }
        for (const GeoEntry &g : w.countries) {
            rows.add(QStringLiteral("country_events"), str(g.key), g.events);
        }
        for (const GeoEntry &g : w.cities) {
            rows.add(QStringLiteral("city_events"), str(g.key + " (" + g.country + ")"), g.events);
        }
        for (const auto &[metric, shares] :
             {std::pair{QStringLiteral("device_percent"), &w.deviceTypes},
              std::pair{QStringLiteral("browser_percent"), &w.browsers},
              std::pair{QStringLiteral("os_percent"), &w.operatingSystems}}) {
            for (const ShareEntry &e : *shares) {
                rows.add(metric, str(e.key), e.percent);
            }
        }
    }
    return out;
}

QString alertsCsv(const AlertTableModel &model) {
    QString out = QStringLiteral("time,severity,rule,user,message,acknowledged,evidence\n");
    for (int row = 0; row < model.rowCount(); ++row) {
        const Alert &a = model.alertAt(row);
        QString evidence;
        for (const auto &[key, value] : a.evidence) {
            evidence += str(key) + QLatin1Char('=') + str(value) + QLatin1Char(';');
        }
        const auto severity = severityName(a.severity);
        out += QStringList{QDateTime::fromMSecsSinceEpoch(a.eventTimeMs).toString(Qt::ISODate),
                           QString::fromLatin1(severity.data(), qsizetype(severity.size())),
                           field(str(a.rule)),
                           field(str(a.userId)),
                           field(str(a.message)),
                           model.isAcknowledged(row) ? QStringLiteral("yes") : QStringLiteral("no"),
                           field(evidence)}
                   .join(QLatin1Char(',')) +
               QLatin1Char('\n');
    }
    return out;
}

} // namespace trackboard
