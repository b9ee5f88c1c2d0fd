#include "business_view.h"
#include "bar_chart.h"
#include "custom_metrics_table.h"
#include "donut_chart.h"
#include "event_rate_chart.h"
#include "funnel_view.h"
#include "geo_chart.h"
#include "journeys_features_view.h"
#include "marketing_view.h"
#include "revenue_chart.h"
#include "segment_view.h"
#include "world_map.h"

#include <QAction>
#include <QGridLayout>

namespace trackboard {

namespace {
enum Tab { Live, PagesAndProducts, Audience };

void productBars(BarChart *chart, const std::vector<ProductEntry> &products,
                 qreal (*value)(const ProductEntry &), const QString &valueName) {
    QStringList labels;
    QList<qreal> values;
    for (const ProductEntry &p : products) {
        if (labels.size() == 8) {
            break;
        }
        labels << QString::fromStdString(p.name.empty() ? p.productId : p.name);
        values << value(p);
    }
    chart->showBars(labels, values, valueName);
}
} // namespace

BusinessView::BusinessView(QWidget *parent)
    : QTabWidget(parent)
    , rate_(new EventRateChart)
    , eventTypes_(new DonutChart(tr("What users do"),
                                 tr("Share of each kind of action in the selected time window.")))
    , revenue_(new RevenueChart)
    , funnel_(new FunnelView)
    , topPages_(new BarChart(tr("Most viewed pages"),
                             tr("The pages people open most in the selected time window.")))
    , productsByViews_(
          new BarChart(tr("Most viewed products"), tr("Products people looked at most.")))
    , productsByUnits_(
          new BarChart(tr("Best sellers (units)"), tr("Products sold most, counted in items.")))
    , productsByRevenue_(new BarChart(tr("Top products by revenue ($)"),
                                      tr("Products that brought in the most money.")))
    , geo_(new GeoChart)
    , devices_(new DonutChart(tr("Devices"), tr("Phones, computers and tablets: who uses what.")))
    , browsers_(new DonutChart(tr("Browsers"), tr("Which web browser people use.")))
    , systems_(new DonutChart(tr("Operating systems"), tr("Which operating system people use.")))
    , journeys_(new JourneysFeaturesView) {
    setObjectName(QStringLiteral("businessView"));
    setDocumentMode(true);
    addTab(page({rate_, eventTypes_, revenue_, funnel_}), tr("Live traffic && funnel"));
    addTab(page({topPages_, productsByViews_, productsByUnits_, productsByRevenue_}),
           tr("Pages && products"));
    addTab(page({geo_, devices_, browsers_, systems_}), tr("Audience"));
    addTab(page({map_ = new WorldMap}), tr("Map"));
    setTabToolTip(indexOf(map_->parentWidget()),
                  tr("Where the activity comes from, city by city."));
    addTab(new MarketingView, tr("Marketing"));
    addTab(new SegmentView, tr("Segments"));
    addTab(journeys_, tr("Journeys && features"));
    setTabToolTip(indexOf(journeys_), tr("How sessions move between pages, which features people "
                                         "use, and what is rising now."));
    addTab(customMetrics_ = new CustomMetricsTable, tr("Custom metrics"));
    setTabToolTip(Live, tr("Actions per second, what users do, money per second, the funnel."));
    setTabToolTip(PagesAndProducts, tr("Popular pages and products."));
    setTabToolTip(Audience, tr("Where users are and what they use."));
    connect(this, &QTabWidget::currentChanged, this, &BusinessView::refreshTab);
    for (const auto &[name, chart] : charts()) {
        auto *copy = new QAction(tr("Copy image to clipboard"), chart);
        QWidget *target = chart;
        connect(copy, &QAction::triggered, this, [this, target] { emit copyRequested(target); });
        chart->addAction(copy);
        chart->setContextMenuPolicy(Qt::ActionsContextMenu);
    }
}

QWidget *BusinessView::page(const QList<QWidget *> &widgets) {
    auto *page = new QWidget;
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    for (int i = 0; i < widgets.size(); ++i) {
        grid->addWidget(widgets[i], i / 2, i % 2, 1, widgets.size() == 1 ? 2 : 1);
    }
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, widgets.size() > 2 ? 1 : 0); // one widget (the map) fills the page
    return page;
}

QString BusinessView::windowName(AnalyticsWindow window) {
    const int minutes = kAnalyticsWindowMinutes[std::size_t(window)];
    return minutes == 0 ? tr("since start") : tr("last %n min", nullptr, minutes);
}

QList<QPair<QString, QWidget *>> BusinessView::charts() const {
    return {{QStringLiteral("events-per-second"), rate_},
            {QStringLiteral("event-types"), eventTypes_},
            {QStringLiteral("revenue"), revenue_},
            {QStringLiteral("funnel"), funnel_},
            {QStringLiteral("top-pages"), topPages_},
            {QStringLiteral("products-by-views"), productsByViews_},
            {QStringLiteral("products-by-units"), productsByUnits_},
            {QStringLiteral("products-by-revenue"), productsByRevenue_},
            {QStringLiteral("geography"), geo_},
            {QStringLiteral("devices"), devices_},
            {QStringLiteral("browsers"), browsers_},
            {QStringLiteral("operating-systems"), systems_},
            {QStringLiteral("map"), map_}};
}

void BusinessView::showSnapshot(const AnalyticsSnapshot &snapshot) {
    last_ = snapshot;
    refreshTab(currentIndex());
}

void BusinessView::setWindow(AnalyticsWindow window) {
    window_ = window;
    rate_->setWindow(window);
    revenue_->setWindow(window);
    refreshTab(currentIndex());
}

void BusinessView::refreshAll() {
    for (int tab = 0; tab < count(); ++tab) {
        refreshTab(tab);
    }
}

void BusinessView::refreshTab(int tab) {
    if (widget(tab) == customMetrics_) {
        customMetrics_->showReport(last_.business.custom);
        return;
    }
    if (widget(tab) == journeys_) { // all-time and trend figures: the window does not apply
        journeys_->showBusiness(last_.business);
        return;
    }
    const WindowMetrics &w = last_.window(window_);
    if (auto *marketing = qobject_cast<MarketingView *>(widget(tab))) {
        marketing->showSnapshot(last_.business); // since start: campaigns are not windowed
    } else if (auto *segments = qobject_cast<SegmentView *>(widget(tab))) {
        segments->showSegments(last_.business.segments);
    } else if (widget(tab) == map_->parentWidget()) {
        map_->showWindow(w, windowName(window_));
    }
    switch (tab) {
    case Live:
        rate_->showSnapshot(last_);
        revenue_->showSnapshot(last_);
        eventTypes_->showShares(w.eventTypes);
        funnel_->showFunnel(w.steps, windowName(window_)); // in order: never over 100 %
        break;
    case PagesAndProducts: {
        QStringList labels;
        QList<qreal> values;
        for (const CountEntry &page : w.topPages) {
            if (labels.size() == 8) {
                break;
            }
            labels << QString::fromStdString(page.key);
            values << qreal(page.count);
        }
        topPages_->showBars(labels, values, tr("page views"));
        productBars(
            productsByViews_, w.topProductsByViews,
            [](const ProductEntry &p) { return qreal(p.views); }, tr("views"));
        productBars(
            productsByUnits_, w.topProductsByUnits,
            [](const ProductEntry &p) { return qreal(p.unitsSold); }, tr("units"));
        productBars(
            productsByRevenue_, w.topProductsByRevenue,
            [](const ProductEntry &p) { return qreal(p.revenueCents) / 100; }, tr("revenue ($)"));
        break;
    }
    case Audience:
        geo_->showWindow(w);
        devices_->showShares(w.deviceTypes);
        browsers_->showShares(w.browsers);
        systems_->showShares(w.operatingSystems);
        break;
    default:
        break;
    }
}

} // namespace trackboard
