#include "analytics_report.h"
#include "money.h"
#include "report_format.h"

#include <QJsonArray>

namespace trackboard {

namespace {

QJsonArray sharesJson(const std::vector<ShareEntry> &entries, const char *keyName) {
    QJsonArray out;
    for (const auto &e : entries) {
        out.append(QJsonObject{{QLatin1String(keyName), utf8Text(e.key)},
                               {QStringLiteral("count"), qint64(e.count)},
                               {QStringLiteral("percent"), e.percent}});
    }
    return out;
}

QJsonArray productsJson(const std::vector<ProductEntry> &products) {
    QJsonArray out;
    for (const auto &p : products) {
        out.append(QJsonObject{{QStringLiteral("product_id"), utf8Text(p.productId)},
                               {QStringLiteral("name"), utf8Text(p.name)},
                               {QStringLiteral("category"), utf8Text(p.category)},
                               {QStringLiteral("views"), qint64(p.views)},
                               {QStringLiteral("units_sold"), qint64(p.unitsSold)},
                               {QStringLiteral("revenue_cents"), qint64(p.revenueCents)}});
    }
    return out;
}

QJsonArray geoJson(const std::vector<GeoEntry> &entries, bool cities) {
    QJsonArray out;
    for (const auto &g : entries) {
        QJsonObject o{{QStringLiteral("country"), utf8Text(g.country)},
                      {QStringLiteral("users"), qint64(g.users)},
                      {QStringLiteral("events"), qint64(g.events)},
                      {QStringLiteral("revenue_cents"), qint64(g.revenueCents)}};
        if (cities) {
            o.insert(QStringLiteral("city"), utf8Text(g.key));
            o.insert(QStringLiteral("lat"), g.lat);
            o.insert(QStringLiteral("lon"), g.lon);
        }
        out.append(o);
    }
    return out;
}

std::int64_t totalCents(const WindowMetrics &w) {
    std::int64_t total = 0;
    for (const auto &r : w.revenue) {
        total += r.cents;
    }
    return total;
}

QString money(std::int64_t cents, std::string_view currency = "USD") {
    return QString::fromStdString(formatMoney(cents, currency));
}

} // namespace

QString windowKey(AnalyticsWindow window) {
    static const char *kKeys[] = {"1m", "5m", "15m", "60m", "all"};
    return QLatin1String(kKeys[static_cast<std::size_t>(window)]);
}

QJsonObject windowJson(const WindowMetrics &w) {
    QJsonObject byType;
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        byType.insert(utf8Text(eventTypeName(EventType(t))), qint64(w.eventsByType[t]));
    }
    QJsonArray pages;
    for (const auto &page : w.topPages) {
        pages.append(QJsonObject{{QStringLiteral("page"), utf8Text(page.key)},
                                 {QStringLiteral("views"), qint64(page.count)}});
    }
    QJsonArray users;
    for (const auto &u : w.topUsers) {
        users.append(QJsonObject{{QStringLiteral("user_id"), utf8Text(u.userId)},
                                 {QStringLiteral("score"), qint64(u.score)},
                                 {QStringLiteral("events"), qint64(u.events)}});
    }
    const auto funnelJson = [](const std::array<FunnelStage, 5> &stages) {
        QJsonArray out;
        for (std::size_t i = 0; i < kFunnelStages.size(); ++i) {
            const FunnelStage &f = stages[i];
            out.append(
                QJsonObject{{QStringLiteral("stage"), utf8Text(eventTypeName(kFunnelStages[i]))},
                            {QStringLiteral("users"), qint64(f.users)},
                            {QStringLiteral("conversion_from_previous"), f.conversionFromPrevious},
                            {QStringLiteral("conversion_overall"), f.conversionOverall},
                            {QStringLiteral("drop_off"), qint64(f.dropOff)}});
        }
        return out;
    };
    const QJsonArray funnel = funnelJson(w.funnel);
    QJsonObject revenue;
    QJsonObject revenueCents;
    for (const auto &r : w.revenue) {
        revenue.insert(utf8Text(r.currency), double(r.cents) / 100.0);
        revenueCents.insert(utf8Text(r.currency), qint64(r.cents));
    }
    return QJsonObject{
        {QStringLiteral("minutes"), w.minutes},
        {QStringLiteral("events"), qint64(w.events)},
        {QStringLiteral("events_by_type"), byType},
        {QStringLiteral("event_types"), sharesJson(w.eventTypes, "type")},
        {QStringLiteral("top_pages"), pages},
        {QStringLiteral("top_users"), users},
        {QStringLiteral("active_users"), qint64(w.activeUsers)},
        {QStringLiteral("active_sessions"), qint64(w.activeSessions)},
        {QStringLiteral("distinct_exact"), w.distinctExact},
        {QStringLiteral("top_exact"), w.topExact},
        {QStringLiteral("funnel"), funnel},
        {QStringLiteral("funnel_steps"), funnelJson(w.steps)},
        {QStringLiteral("orders"), qint64(w.orders)},
        {QStringLiteral("revenue"), revenue},
        {QStringLiteral("revenue_cents_by_currency"), revenueCents},
        {QStringLiteral("revenue_cents"), qint64(totalCents(w))},
        {QStringLiteral("average_order_value_cents"), qint64(w.averageOrderValueCents)},
        {QStringLiteral("top_products_by_views"), productsJson(w.topProductsByViews)},
        {QStringLiteral("top_products_by_units"), productsJson(w.topProductsByUnits)},
        {QStringLiteral("top_products_by_revenue"), productsJson(w.topProductsByRevenue)},
        {QStringLiteral("cart_users"), qint64(w.cartUsers)},
        {QStringLiteral("abandoned_carts"), qint64(w.abandonedCarts)},
        {QStringLiteral("cart_abandonment_percent"), w.cartAbandonmentPercent},
        {QStringLiteral("countries"), geoJson(w.countries, false)},
        {QStringLiteral("cities"), geoJson(w.cities, true)},
        {QStringLiteral("device_types"), sharesJson(w.deviceTypes, "name")},
        {QStringLiteral("browsers"), sharesJson(w.browsers, "name")},
        {QStringLiteral("operating_systems"), sharesJson(w.operatingSystems, "name")},
    };
}

QJsonObject windowsJson(const AnalyticsSnapshot &s) {
    QJsonObject out;
    for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
        out.insert(windowKey(AnalyticsWindow(i)), windowJson(s.windows[i]));
    }
    return out;
}

QJsonObject seriesJson(const AnalyticsSnapshot &s) {
    QJsonObject byType;
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QJsonArray counts;
        for (const auto &second : s.eventsPerSecond) {
            counts.append(qint64(second[t]));
        }
        byType.insert(utf8Text(eventTypeName(EventType(t))), counts);
    }
    QJsonArray revenue;
    for (const auto cents : s.revenueCentsPerSecond) {
        revenue.append(qint64(cents));
    }
    return QJsonObject{{QStringLiteral("end_second"), qint64(s.seriesEndSecond)},
                       {QStringLiteral("events_per_second"), byType},
                       {QStringLiteral("revenue_cents_per_second"), revenue}};
}

QString analyticsExtraText(const AnalyticsSnapshot &s) {
    QString out;
    out += QStringLiteral("\n🕒 Windows (by event time):\n");
    out += QStringLiteral("  %1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("window"), -8)
               .arg(QStringLiteral("events"), 9)
               .arg(QStringLiteral("users"), 8)
               .arg(QStringLiteral("sessions"), 9)
               .arg(QStringLiteral("revenue"), 14);
    for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
        const WindowMetrics &w = s.windows[i];
        out += QStringLiteral("  %1 %2 %3%4 %5 %6\n")
                   .arg(windowKey(AnalyticsWindow(i)), -8)
                   .arg(w.events, 9)
                   .arg(w.activeUsers, 8)
                   .arg(w.distinctExact ? QLatin1Char(' ') : QLatin1Char('~'))
                   .arg(w.activeSessions, 8)
                   .arg(money(totalCents(w)), 14);
    }
    if (s.late > 0) {
        out += QStringLiteral("  late events (older than %1 s behind the latest): %2\n")
                   .arg(double(s.allowedLatenessMs) / 1000.0)
                   .arg(s.late);
    }

    const WindowMetrics &recent = s.window(AnalyticsWindow::Last5Min);
    out += QStringLiteral("\n👥 Engagement (last 5 min): %1 active users, %2 active sessions\n")
               .arg(recent.activeUsers)
               .arg(recent.activeSessions);
    for (const auto &u : recent.topUsers) {
        out += QStringLiteral("  %1 score %2 (%3 events)\n")
                   .arg(utf8Text(u.userId), -30)
                   .arg(u.score, 6)
                   .arg(u.events);
    }

    const WindowMetrics &all = s.window(AnalyticsWindow::AllTime);
    out += QStringLiteral("\n🛒 Business (all time):\n");
    for (const auto &r : all.revenue) {
        out += QStringLiteral("  Revenue %1: %2\n")
                   .arg(utf8Text(r.currency), money(r.cents, r.currency));
    }
    out += QStringLiteral("  Cart abandonment  : %1 of %2 carts (%3%)\n")
               .arg(all.abandonedCarts)
               .arg(all.cartUsers)
               .arg(all.cartAbandonmentPercent, 0, 'f', 1);
    for (std::size_t i = 1; i < kFunnelStages.size(); ++i) {
        out += QStringLiteral("  %1: %2% of previous, %3% overall, drop-off %4\n")
                   .arg(utf8Text(eventTypeName(kFunnelStages[i])), -16)
                   .arg(all.funnel[i].conversionFromPrevious, 0, 'f', 1)
                   .arg(all.funnel[i].conversionOverall, 0, 'f', 1)
                   .arg(all.funnel[i].dropOff);
    }
    const auto products = [&out](const char *title, const std::vector<ProductEntry> &list) {
        if (list.empty()) {
            return;
        }
        out += QStringLiteral("  %1:\n").arg(QLatin1String(title));
        for (std::size_t i = 0; i < std::min<std::size_t>(5, list.size()); ++i) {
            const auto &p = list[i];
            out += QStringLiteral("    %1 %2 views %3 sold %4\n")
                       .arg(utf8Text(p.name.empty() ? p.productId : p.name), -24)
                       .arg(p.views, 6)
                       .arg(p.unitsSold, 5)
                       .arg(money(p.revenueCents));
        }
    };
    products("Top products by views", all.topProductsByViews);
    products("Top products by units sold", all.topProductsByUnits);
    products("Top products by revenue", all.topProductsByRevenue);

    out += QStringLiteral("\n🌍 Geography (all time):\n");
    for (std::size_t i = 0; i < std::min<std::size_t>(8, all.countries.size()); ++i) {
        const auto &g = all.countries[i];
        out += QStringLiteral("  %1 %2 users %3 events %4\n")
                   .arg(utf8Text(g.key), -4)
                   .arg(g.users, 7)
                   .arg(g.events, 8)
                   .arg(money(g.revenueCents));
    }
    for (std::size_t i = 0; i < std::min<std::size_t>(5, all.cities.size()); ++i) {
        const auto &g = all.cities[i];
        out += QStringLiteral("  %1 %2 users %3 events %4\n")
                   .arg(utf8Text(g.key + " (" + g.country + ")"), -24)
                   .arg(g.users, 7)
                   .arg(g.events, 8)
                   .arg(money(g.revenueCents));
    }

    out += QStringLiteral("\n📱 Devices (all time):\n");
    const auto shares = [&out](const char *title, const std::vector<ShareEntry> &list) {
        QStringList parts;
        for (const auto &e : list) {
            parts << QStringLiteral("%1 %2%").arg(utf8Text(e.key)).arg(e.percent, 0, 'f', 1);
        }
        out += QStringLiteral("  %1: %2\n")
                   .arg(QLatin1String(title), -8)
                   .arg(parts.join(QStringLiteral(", ")));
    };
    shares("Type", all.deviceTypes);
    shares("Browser", all.browsers);
    shares("OS", all.operatingSystems);
    return out;
}

} // namespace trackboard
