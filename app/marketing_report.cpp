// The marketing answers (campaigns, experiments, segments) in --json and the text report. Field
// names are documented in docs/analytics.md, "Business value".
#include "business_report.h"
#include "experiment_headline.h"
#include "money.h"
#include "report_format.h"

#include <QJsonArray>

namespace trackboard {

namespace {

QJsonArray campaignRowsJson(const std::vector<CampaignRow> &rows) {
    QJsonArray out;
    for (const CampaignRow &r : rows) {
        out.append(QJsonObject{{QStringLiteral("name"), utf8Text(r.name)},
                               {QStringLiteral("visitors"), qint64(r.visitors)},
                               {QStringLiteral("sessions"), qint64(r.sessions)},
                               {QStringLiteral("converting_users"), qint64(r.convertingUsers)},
                               {QStringLiteral("conversion_rate"), r.conversion()},
                               {QStringLiteral("orders"), qint64(r.orders)},
                               {QStringLiteral("revenue_cents"), qint64(r.revenueCents)},
                               {QStringLiteral("estimated"), r.estimated}});
    }
    return out;
}

QJsonObject comparisonJson(const ProportionComparison &c) {
    return {{QStringLiteral("enough_data"), c.enoughData},
            {QStringLiteral("difference"), c.difference},
            {QStringLiteral("relative_lift"), c.relativeLift},
            {QStringLiteral("z"), c.z},
            {QStringLiteral("p_value"), c.pValue},
            {QStringLiteral("ci95_low"), c.ciLow},
            {QStringLiteral("ci95_high"), c.ciHigh},
            {QStringLiteral("relative_ci95_low"), c.relativeCiLow},
            {QStringLiteral("relative_ci95_high"), c.relativeCiHigh}};
}

QJsonArray groupsJson(const std::vector<AudienceGroup> &groups) {
    QJsonArray out;
    for (const AudienceGroup &g : groups) {
        out.append(QJsonObject{{QStringLiteral("name"), utf8Text(g.name)},
                               {QStringLiteral("users"), qint64(g.users)},
                               {QStringLiteral("converting_users"), qint64(g.convertingUsers)},
                               {QStringLiteral("conversion_rate"), g.conversion()},
                               {QStringLiteral("estimated"), g.estimated}});
    }
    return out;
}

QJsonArray namedCountsJson(const std::vector<NamedCount> &rows) {
    QJsonArray out;
    for (const NamedCount &r : rows) {
        out.append(QJsonObject{{QStringLiteral("name"), utf8Text(r.name)},
                               {QStringLiteral("events"), qint64(r.count)}});
    }
    return out;
}

QString money(std::int64_t cents) {
    return QString::fromStdString(formatMoney(cents));
}

// A distinct count as the text report shows it: "≈" before an estimate (DistinctCount).
QString users(std::uint64_t n, bool estimated, int width) {
    return QStringLiteral("%1").arg(
        (estimated ? QStringLiteral("≈") : QString()) + QString::number(n), width);
}

QString percent(double fraction) {
    return QStringLiteral("%1%").arg(100 * fraction, 0, 'f', 1);
}

} // namespace

QJsonValue campaignsJson(const CampaignReport &r) {
    return QJsonObject{{QStringLiteral("channels"), campaignRowsJson(r.channels)},
                       {QStringLiteral("sources"), campaignRowsJson(r.sources)},
                       {QStringLiteral("campaigns"), campaignRowsJson(r.campaigns)},
                       {QStringLiteral("untracked_sessions"), qint64(r.untrackedSessions)},
                       {QStringLiteral("unattributed_orders"), qint64(r.unattributedOrders)},
                       {QStringLiteral("other_names"), qint64(r.otherNames)},
                       {QStringLiteral("untracked_visitors"), qint64(r.untrackedVisitors)}};
}

QJsonValue experimentsJson(const ExperimentReport &r) {
    QJsonArray experiments;
    for (const ExperimentResult &e : r.experiments) {
        QJsonArray variants;
        for (const VariantResult &v : e.variants) {
            QJsonObject o{{QStringLiteral("name"), utf8Text(v.name)},
                          {QStringLiteral("control"), v.control},
                          {QStringLiteral("users"), qint64(v.users)},
                          {QStringLiteral("converting_users"), qint64(v.convertingUsers)},
                          {QStringLiteral("conversion_rate"), v.conversion()},
                          {QStringLiteral("orders"), qint64(v.orders)},
                          {QStringLiteral("revenue_cents"), qint64(v.revenueCents)},
                          {QStringLiteral("revenue_per_user_cents"), v.revenuePerUserCents()},
                          {QStringLiteral("estimated"), v.estimated}};
            if (!v.control) {
                o.insert(QStringLiteral("vs_control"), comparisonJson(v.vsControl));
            }
            variants.append(o);
        }
        experiments.append(
            QJsonObject{{QStringLiteral("id"), utf8Text(e.id)},
                        {QStringLiteral("users"), qint64(e.users)},
                        {QStringLiteral("estimated"), e.estimated},
                        {QStringLiteral("headline"), utf8Text(experimentHeadline(e))},
                        {QStringLiteral("variants"), variants}});
    }
    return QJsonObject{{QStringLiteral("experiments"), experiments},
                       {QStringLiteral("other_arms"), qint64(r.otherArms)},
                       {QStringLiteral("untracked_users"), qint64(r.untrackedUsers)}};
}

QJsonValue segmentsJson(const SegmentReport &r) {
    QJsonArray top;
    for (const TopUser &u : r.topUsers) {
        top.append(QJsonObject{{QStringLiteral("user_id"), utf8Text(u.userId)},
                               {QStringLiteral("revenue_cents"), qint64(u.revenueCents)},
                               {QStringLiteral("orders"), qint64(u.orders)}});
    }
    QJsonArray regions;
    for (const CountryPreferences &p : r.regions) {
        regions.append(
            QJsonObject{{QStringLiteral("country"), utf8Text(p.country)},
                        {QStringLiteral("product_events"), qint64(p.productEvents)},
                        {QStringLiteral("top_categories"), namedCountsJson(p.categories)},
                        {QStringLiteral("top_products"), namedCountsJson(p.products)}});
    }
    return QJsonObject{{QStringLiteral("top_users_by_revenue"), top},
                       {QStringLiteral("visitor_types"), groupsJson(r.visitorTypes)},
                       {QStringLiteral("devices"), groupsJson(r.devices)},
                       {QStringLiteral("regions"), regions},
                       {QStringLiteral("untracked_users"), qint64(r.untrackedUsers)},
                       {QStringLiteral("other_names"), qint64(r.otherNames)}};
}

QString marketingText(const BusinessSnapshot &s) {
    QString out;
    if (!s.campaigns.channels.empty()) {
        out += QStringLiteral("\n📣 Channels (visitors, conversion, revenue):\n");
        for (const CampaignRow &r : s.campaigns.channels) {
            out += QStringLiteral("  %1 %2 visitors  %3  %4\n")
                       .arg(utf8Text(r.name), -10)
                       .arg(users(r.visitors, r.estimated, 6))
                       .arg(percent(r.conversion()), 6)
                       .arg(money(r.revenueCents));
        }
        out += QStringLiteral("  Campaigns:\n");
        for (const CampaignRow &r : s.campaigns.campaigns) {
            out += QStringLiteral("  %1 %2 visitors  %3  %4\n")
                       .arg(utf8Text(r.name), -20)
                       .arg(users(r.visitors, r.estimated, 6))
                       .arg(percent(r.conversion()), 6)
                       .arg(money(r.revenueCents));
        }
    }
    for (const ExperimentResult &e : s.experiments.experiments) {
        out += QStringLiteral("\n🧪 Experiment %1: %2\n")
                   .arg(utf8Text(e.id), utf8Text(experimentHeadline(e)));
        for (const VariantResult &v : e.variants) {
            out += QStringLiteral("  %1 %2 users  %3 converted (%4)  %5 per user%6\n")
                       .arg(utf8Text(v.name), -10)
                       .arg(users(v.users, v.estimated, 6))
                       .arg(users(v.convertingUsers, v.estimated, 5))
                       .arg(percent(v.conversion()))
                       .arg(money(std::llround(v.revenuePerUserCents())))
                       .arg(v.control ? QStringLiteral("  (control)") : QString());
        }
    }
    const SegmentReport &g = s.segments;
    if (!g.visitorTypes.empty()) {
        out += QStringLiteral("\n👥 Segments (users, conversion):\n");
        for (const auto *groups : {&g.visitorTypes, &g.devices}) {
            for (const AudienceGroup &a : *groups) {
                out += QStringLiteral("  %1 %2 users  %3\n")
                           .arg(utf8Text(a.name), -10)
                           .arg(users(a.users, a.estimated, 6))
                           .arg(percent(a.conversion()));
            }
        }
        out += QStringLiteral("  High-value users:");
        for (const TopUser &u : g.topUsers) {
            out += QStringLiteral(" %1 %2;").arg(utf8Text(u.userId), money(u.revenueCents));
        }
        out += QStringLiteral("\n  Regional preferences (top category, top product):\n");
        for (const CountryPreferences &p : g.regions) {
            out += QStringLiteral("  %1 %2  %3\n")
                       .arg(utf8Text(p.country), -4)
                       .arg(p.categories.empty() ? QString() : utf8Text(p.categories[0].name), -14)
                       .arg(p.products.empty() ? QString() : utf8Text(p.products[0].name));
        }
    }
    return out;
}

} // namespace trackboard
