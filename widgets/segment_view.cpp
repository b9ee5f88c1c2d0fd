#include "segment_view.h"
#include "bar_chart.h"
#include "metric_table.h"

#include <QGridLayout>

namespace trackboard {

namespace {

QString names(const std::vector<NamedCount> &rows) {
    QStringList out;
    for (const NamedCount &r : rows) {
        out << QString::fromStdString(r.name);
    }
    return out.join(QStringLiteral(", "));
}

QString capitalised(const std::string &name) {
    QString text = QString::fromStdString(name);
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

} // namespace

SegmentView::SegmentView(QWidget *parent)
    : QWidget(parent)
    , audiences_(new MetricTable(tr("Who converts"),
                                 tr("Returning = seen in a second session. A user on two "
                                    "devices counts for each; converted on a device = "
                                    "purchased on it.")))
    , conversion_(
          new BarChart(tr("Conversion by segment (%)"), tr("Users of each segment who purchased.")))
    , regions_(new MetricTable(tr("Regional preferences"),
                               tr("Product views, carts and purchases per country: its top "
                                  "categories and products.")))
    , topUsers_(new MetricTable(tr("High-value users"), tr("The 10 users who spent most."))) {
    setObjectName(QStringLiteral("segmentView"));
    audiences_->setHeaders({tr("Segment"), tr("Users"), tr("Converted"), tr("Conversion")});
    regions_->setHeaders({tr("Country"), tr("Events"), tr("Top categories"), tr("Top products")},
                         {0, 2, 3});
    topUsers_->setHeaders({tr("User"), tr("Orders"), tr("Revenue")});
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    grid->addWidget(audiences_, 0, 0);
    grid->addWidget(conversion_, 0, 1);
    grid->addWidget(regions_, 1, 0);
    grid->addWidget(topUsers_, 1, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    showSegments({});
}

void SegmentView::showSegments(const SegmentReport &r) {
    QList<QStringList> audiences;
    QStringList labels;
    QList<qreal> values;
    for (const auto *groups : {&r.visitorTypes, &r.devices}) {
        for (const AudienceGroup &g : *groups) {
            audiences.append({capitalised(g.name), countText(g.users, g.estimated),
                              countText(g.convertingUsers, g.estimated),
                              percentText(g.conversion())});
            labels << capitalised(g.name);
            values << 100 * g.conversion();
        }
    }
    audiences_->showRows(audiences, tr("No users yet"));
    conversion_->showBars(labels, values, tr("conversion (%)"));
    QList<QStringList> regions;
    for (const CountryPreferences &p : r.regions) {
        regions.append({QString::fromStdString(p.country), countText(p.productEvents),
                        names(p.categories), names(p.products)});
    }
    regions_->showRows(regions, tr("No product events yet"));
    QList<QStringList> top;
    for (const TopUser &u : r.topUsers) {
        top.append(
            {QString::fromStdString(u.userId), countText(u.orders), moneyText(u.revenueCents)});
    }
    topUsers_->showRows(top, tr("No purchases yet"));
}

} // namespace trackboard
