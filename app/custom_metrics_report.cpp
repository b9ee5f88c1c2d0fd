// The custom_metrics key of --json and the "Custom metrics" lines of the text report.
#include "business_report.h"
#include "money.h"
#include "report_format.h"

#include <QJsonArray>

namespace trackboard {

namespace {

// Counts are events; sums are in the summed field's unit, cents for money.
QString unitOf(const CustomMetricResult &m) {
    if (m.kind == "count") {
        return QStringLiteral("events");
    }
    return m.money ? QStringLiteral("cents") : QStringLiteral("items");
}

QString valueText(const CustomMetricResult &m, std::int64_t value) {
    return m.money ? QString::fromStdString(formatMoney(value)) : QString::number(value);
}

} // namespace

QJsonValue customMetricsJson(const CustomMetricsReport &r) {
    QJsonArray out;
    for (const CustomMetricResult &m : r.metrics) {
        QJsonArray groups;
        for (const CustomMetricGroup &g : m.groups) {
            groups.append(QJsonObject{{QStringLiteral("key"), utf8Text(g.key)},
                                      {QStringLiteral("value"), qint64(g.value)}});
        }
        out.append(QJsonObject{{QStringLiteral("name"), utf8Text(m.name)},
                               {QStringLiteral("title"), utf8Text(m.title)},
                               {QStringLiteral("window"), utf8Text(m.window)},
                               {QStringLiteral("kind"), utf8Text(m.kind)},
                               {QStringLiteral("event_type"), utf8Text(m.eventType)},
                               {QStringLiteral("sum"), utf8Text(m.sumField)},
                               {QStringLiteral("unit"), unitOf(m)},
                               {QStringLiteral("group_by"), utf8Text(m.groupBy)},
                               {QStringLiteral("total"), qint64(m.total)},
                               {QStringLiteral("groups"), groups},
                               {QStringLiteral("overflow_events"), qint64(m.overflowEvents)}});
    }
    return out;
}

QString customMetricsText(const CustomMetricsReport &r) {
    if (r.metrics.empty()) {
        return {};
    }
    QString text = QStringLiteral("\n🧩 Custom metrics (%1)\n").arg(utf8Text(r.source));
    constexpr std::size_t kShownGroups = 5;
    for (const CustomMetricResult &m : r.metrics) {
        text += QStringLiteral("  %1 [%2]: %3")
                    .arg(utf8Text(m.title), utf8Text(m.window), valueText(m, m.total));
        QStringList parts;
        for (std::size_t i = 0; i < m.groups.size() && i < kShownGroups; ++i) {
            parts << QStringLiteral("%1 %2").arg(utf8Text(m.groups[i].key),
                                                 valueText(m, m.groups[i].value));
        }
        if (m.groups.size() > kShownGroups) {
            parts << QStringLiteral("+%1 more").arg(m.groups.size() - kShownGroups);
        }
        if (!parts.isEmpty()) {
            text += QStringLiteral(" | ") + parts.join(QStringLiteral(", "));
        }
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace trackboard
