#include "marketing_view.h"
#include "bar_chart.h"
#include "experiment_card.h"
#include "metric_table.h"

#include <QGridLayout>

namespace trackboard {

namespace {

constexpr int kCampaignRows = 8;

QList<QStringList> campaignRows(const std::vector<CampaignRow> &rows, int limit) {
    QList<QStringList> out;
    for (const CampaignRow &r : rows) {
        if (out.size() == limit) {
            break;
        }
        out.append({QString::fromStdString(r.name), countText(r.visitors, r.estimated),
                    countText(r.sessions), percentText(r.conversion()), countText(r.orders),
                    moneyText(r.revenueCents)});
    }
    return out;
}

} // namespace

MarketingView::MarketingView(QWidget *parent)
    : QWidget(parent)
    , channels_(new MetricTable(tr("Channels"),
                                tr("Where sessions come from: the first page's utm parameters, "
                                   "else the referrer. A purchase counts for its session's "
                                   "channel; conversion = buyers / visitors.")))
    , campaigns_(new MetricTable(tr("Campaigns (utm_campaign)"),
                                 tr("Sessions by utm_campaign; \"(none)\" without one.")))
    , experiment_(new ExperimentCard)
    , conversion_(
          new BarChart(tr("Conversion by channel (%)"),
                       tr("Visitors of each channel who purchased in a session from it."))) {
    setObjectName(QStringLiteral("marketingView"));
    const QStringList headers = {tr("Name"),       tr("Visitors"), tr("Sessions"),
                                 tr("Conversion"), tr("Orders"),   tr("Revenue")};
    channels_->setHeaders(headers);
    campaigns_->setHeaders(headers);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    grid->addWidget(channels_, 0, 0);
    grid->addWidget(experiment_, 0, 1);
    grid->addWidget(campaigns_, 1, 0);
    grid->addWidget(conversion_, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    showSnapshot({});
}

void MarketingView::showSnapshot(const BusinessSnapshot &snapshot) {
    const CampaignReport &c = snapshot.campaigns;
    const QString waiting = tr("No sessions yet");
    channels_->showRows(campaignRows(c.channels, kCampaignRows), waiting);
    campaigns_->showRows(campaignRows(c.campaigns, kCampaignRows), waiting);
    experiment_->showExperiments(snapshot.experiments);
    QStringList labels;
    QList<qreal> values;
    std::vector<CampaignRow> byConversion = c.channels;
    std::stable_sort(
        byConversion.begin(), byConversion.end(),
        [](const CampaignRow &a, const CampaignRow &b) { return a.conversion() > b.conversion(); });
    for (const CampaignRow &r : byConversion) {
        labels << QString::fromStdString(r.name);
        values << 100 * r.conversion();
    }
    conversion_->showBars(labels, values, tr("conversion (%)"));
}

} // namespace trackboard
