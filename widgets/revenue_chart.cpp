#include "revenue_chart.h"
#include "chart_style.h"

#include <QAreaSeries>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

namespace trackboard {

RevenueChart::RevenueChart(QWidget *parent)
    : QChartView(parent)
    , upper_(new QLineSeries)
    , lower_(new QLineSeries)
    , axisX_(new QValueAxis)
    , axisY_(new QValueAxis)
    , time_(axisX_) {
    auto *chart = new QChart;
    chart->setTitle(tr("Revenue per second"));
    area_ = new QAreaSeries(upper_, lower_);
    area_->setName(tr("revenue, all currencies"));
    chart->addSeries(area_);
    axisY_->setLabelFormat(QStringLiteral("$%.0f"));
    scaleValueAxis(axisY_, 0);
    chart->addAxis(axisX_, Qt::AlignBottom);
    chart->addAxis(axisY_, Qt::AlignLeft);
    area_->attachAxis(axisX_);
    area_->attachAxis(axisY_);
    chart->legend()->setAlignment(Qt::AlignBottom);
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(300, 150);
    points_.reserve(900);
    baseline_.reserve(900);
    setToolTip(tr("Money taken each second from completed purchases, over the selected time "
                  "window (10-second averages for the last hour). Spikes are large orders or a "
                  "sale."));
}

void RevenueChart::showSnapshot(const AnalyticsSnapshot &snapshot) {
    time_.setPlotWidth(chart()->plotArea().width());
    time_.begin(snapshot);
    const double peak = time_.fill(points_, [&](std::size_t i, bool bucket) {
        return double(bucket ? snapshot.revenueCentsPerBucket[i]
                             : snapshot.revenueCentsPerSecond[i]) /
               100;
    });
    time_.finish();
    baseline_.resize(points_.size());
    for (qsizetype i = 0; i < points_.size(); ++i) {
        baseline_[i] = QPointF(points_[i].x(), 0);
    }
    upper_->replace(points_);
    lower_->replace(baseline_);
    // The chart theme draws the area's outline in its own colour (white on the dark theme), a
    // line the legend does not explain: the outline takes the fill's colour instead.
    const QColor fill = chartColor(ChartColor::Green);
    if (area_->brush().color() != fill || area_->pen().color() != fill.darker(130)) {
        area_->setBrush(fill);
        area_->setPen(QPen(fill.darker(130), 1.5));
    }
    scaleValueAxis(axisY_, peak, chart()->plotArea().height());
}

qsizetype RevenueChart::pointCount() const {
    return upper_->count();
}

void RevenueChart::resizeEvent(QResizeEvent *event) {
    QChartView::resizeEvent(event);
    fitLegend(chart());
}

} // namespace trackboard
