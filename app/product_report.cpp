// The product answers (#20 sections 3, 4, 6) in --json and in the text report. Field names are
// documented in docs/analytics.md, "Business value".
#include "business_report.h"
#include "report_format.h"

#include <QJsonArray>
#include <QStringList>

namespace trackboard {

namespace {

QJsonArray pagesJson(const std::vector<JourneyPage> &pages) {
    QJsonArray out;
    for (const JourneyPage &p : pages) {
        out.append(QJsonObject{{QStringLiteral("page"), utf8Text(p.page)},
                               {QStringLiteral("sessions"), qint64(p.sessions)}});
    }
    return out;
}

QJsonArray flowsJson(const std::vector<JourneyFlow> &flows) {
    QJsonArray out;
    for (const JourneyFlow &f : flows) {
        QJsonArray pages;
        for (const std::string &page : f.pages) {
            pages.append(utf8Text(page));
        }
        out.append(QJsonObject{{QStringLiteral("pages"), pages},
                               {QStringLiteral("count"), qint64(f.count)}});
    }
    return out;
}

QJsonArray trendItemsJson(const std::vector<TrendItem> &items, bool products) {
    QJsonArray out;
    for (const TrendItem &t : items) {
        QJsonObject o{{QStringLiteral("last_5m"), qint64(t.lastFiveMinutes)},
                      {QStringLiteral("last_hour"), qint64(t.lastHour)},
                      {QStringLiteral("ratio"), t.ratio},
                      {QStringLiteral("rise"), t.rise}};
        if (products) {
            o.insert(QStringLiteral("product_id"), utf8Text(t.id));
            o.insert(QStringLiteral("name"), utf8Text(t.name));
        } else {
            o.insert(QStringLiteral("page"), utf8Text(t.name));
        }
        out.append(o);
    }
    return out;
}

QString flowText(const JourneyFlow &f) {
    QStringList pages;
    for (const std::string &page : f.pages) {
        pages << utf8Text(page);
    }
    return pages.join(QStringLiteral(" → "));
}

} // namespace

QJsonValue journeysJson(const JourneyReport &r) {
    return QJsonObject{{QStringLiteral("sessions"), qint64(r.sessions)},
                       {QStringLiteral("steps"), qint64(r.steps)},
                       {QStringLiteral("entry_pages"), pagesJson(r.entryPages)},
                       {QStringLiteral("exit_pages"), pagesJson(r.exitPages)},
                       {QStringLiteral("transitions"), flowsJson(r.transitions)},
                       {QStringLiteral("paths"), flowsJson(r.paths)},
                       {QStringLiteral("untracked_session_views"), qint64(r.untrackedSessionViews)},
                       {QStringLiteral("uncounted_transitions"), qint64(r.uncountedTransitions)},
                       {QStringLiteral("uncounted_paths"), qint64(r.uncountedPaths)},
                       {QStringLiteral("other_page_events"), qint64(r.otherPageEvents)}};
}

QJsonValue featuresJson(const FeatureReport &r) {
    QJsonArray top;
    for (const FeatureUsage &f : r.top) {
        top.append(QJsonObject{{QStringLiteral("element"), utf8Text(f.element)},
                               {QStringLiteral("clicks"), qint64(f.clicks)},
                               {QStringLiteral("users"), qint64(f.users)},
                               {QStringLiteral("clicks_per_visitor"), f.clicksPerVisitor},
                               {QStringLiteral("visitor_share"), f.visitorShare},
                               {QStringLiteral("estimated"), f.estimated}});
    }
    return QJsonObject{{QStringLiteral("visitors"), qint64(r.visitors)},
                       {QStringLiteral("visitors_estimated"), r.visitorsEstimated},
                       {QStringLiteral("clicks"), qint64(r.clicks)},
                       {QStringLiteral("unnamed_clicks"), qint64(r.unnamedClicks)},
                       {QStringLiteral("elements"), qint64(r.elements)},
                       {QStringLiteral("top"), top},
                       {QStringLiteral("untracked_user_events"), qint64(r.untrackedUserEvents)},
                       {QStringLiteral("other_element_clicks"), qint64(r.otherElementClicks)}};
}

QJsonValue trendsJson(const TrendReport &r) {
    return QJsonObject{{QStringLiteral("minutes_observed"), r.minutesObserved},
                       {QStringLiteral("min_last_5m"), qint64(TrendMetrics::kMinRecent)},
                       {QStringLiteral("min_ratio"), TrendMetrics::kMinRatio},
                       {QStringLiteral("pages"), trendItemsJson(r.pages, false)},
                       {QStringLiteral("products"), trendItemsJson(r.products, true)},
                       {QStringLiteral("other_key_events"), qint64(r.otherKeyEvents)},
                       {QStringLiteral("too_old_events"), qint64(r.tooOldEvents)}};
}

QString productText(const BusinessSnapshot &s) {
    QString out;
    const JourneyReport &j = s.journeys;
    if (j.sessions > 0) {
        out += QStringLiteral("\n🧭 Journeys (all time): %1 sessions, %2 page-to-page moves\n")
                   .arg(j.sessions)
                   .arg(j.steps);
        const auto pages = [&out](const char *title, const std::vector<JourneyPage> &list) {
            QStringList parts;
            for (std::size_t i = 0; i < std::min<std::size_t>(5, list.size()); ++i) {
                parts << QStringLiteral("%1 %2").arg(utf8Text(list[i].page)).arg(list[i].sessions);
            }
            out += QStringLiteral("  %1 %2\n")
                       .arg(QLatin1String(title) + QLatin1Char(':'), -12)
                       .arg(parts.join(QStringLiteral(", ")));
        };
        pages("Entry pages", j.entryPages);
        pages("Exit pages", j.exitPages);
        for (std::size_t i = 0; i < std::min<std::size_t>(5, j.paths.size()); ++i) {
            out +=
                QStringLiteral("  Path %1 %2\n").arg(j.paths[i].count, 6).arg(flowText(j.paths[i]));
        }
    }
    const FeatureReport &f = s.features;
    if (f.clicks > 0) {
        out += QStringLiteral("\n🖱 Feature usage (all time): %1 clicks by %2%3 visitors\n")
                   .arg(f.clicks)
                   .arg(f.visitorsEstimated ? QStringLiteral("≈") : QString())
                   .arg(f.visitors);
        for (std::size_t i = 0; i < std::min<std::size_t>(5, f.top.size()); ++i) {
            const FeatureUsage &u = f.top[i];
            out += QStringLiteral("  %1 %2 clicks, %3 per visitor, used by %4% of visitors\n")
                       .arg(utf8Text(u.element), -24)
                       .arg(u.clicks, 6)
                       .arg(u.clicksPerVisitor, 0, 'f', 2)
                       .arg(100.0 * u.visitorShare, 0, 'f', 1);
        }
    }
    const TrendReport &t = s.trends;
    if (!t.pages.empty() || !t.products.empty()) {
        out += QStringLiteral("\n📈 Trending now (last 5 min against the last hour):\n");
        for (const TrendItem &item : t.products) {
            out += QStringLiteral("  product %1 (%2): %3x, %4 in 5 min\n")
                       .arg(utf8Text(item.name), utf8Text(item.id))
                       .arg(item.ratio, 0, 'f', 1)
                       .arg(item.lastFiveMinutes);
        }
        for (const TrendItem &item : t.pages) {
            out += QStringLiteral("  page %1: %2x, %3 in 5 min\n")
                       .arg(utf8Text(item.name))
                       .arg(item.ratio, 0, 'f', 1)
                       .arg(item.lastFiveMinutes);
        }
    }
    return out;
}

} // namespace trackboard
