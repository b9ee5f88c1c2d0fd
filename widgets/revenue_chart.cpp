#include "revenue_chart.h"
#include "chart_style.h"

#include <QAreaSeries>
#include <QLineSeries>
#include <QValueAxis>

namespace trackboard {

namespace {
constexpr qsizetype kSeconds = 300;
}

RevenueChart::RevenueChart(QWidget *parent)
    : QChartView(parent)
    , upper_(new QLineSeries)
    , lower_(new QLineSeries)
    , axisY_(new QValueAxis) {
    auto *chart = new QChart;
    chart->setTitle(tr("Revenue per second"));
    auto *area = new QAreaSeries(upper_, lower_);
    area->setName(tr("revenue, all currencies"));
    chart->addSeries(area);
    auto *axisX = new QValueAxis;
    axisX->setRange(-double(kSeconds), 0);
    axisX->setTickType(QValueAxis::TicksDynamic);
    axisX->setTickAnchor(0);
    axisX->setTickInterval(60);
    axisX->setLabelFormat(QStringLiteral("%d"));
    axisX->setTitleText(tr("seconds ago"));
    axisY_->setRange(0, 10);
    axisY_->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY_, Qt::AlignLeft);
    area->attachAxis(axisX);
    area->attachAxis(axisY_);
    chart->legend()->setAlignment(Qt::AlignBottom);
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(300, 200);
    points_.reserve(kSeconds);
    baseline_.reserve(kSeconds);
    setToolTip(tr("Money taken each second from completed purchases, over the last five "
                  "minutes. Spikes are large orders or a sale."));
}

void RevenueChart::showSnapshot(const AnalyticsSnapshot &snapshot) {
    // The current second is still filling up; drawing it would show a false dip at the edge.
    const auto total = static_cast<qsizetype>(snapshot.revenueCentsPerSecond.size());
    const qsizetype count = std::clamp<qsizetype>(total - 1, 0, kSeconds);
    const qsizetype first = std::max<qsizetype>(0, total - 1 - count);
    points_.resize(count);
    baseline_.resize(count);
    double peak = 0;
    for (qsizetype i = 0; i < count; ++i) {
        const double dollars = double(snapshot.revenueCentsPerSecond[std::size_t(first + i)]) / 100;
        peak = std::max(peak, dollars);
        points_[i] = QPointF(double(i - count), dollars);
        baseline_[i] = QPointF(double(i - count), 0);
    }
    upper_->replace(points_);
    lower_->replace(baseline_);
    double top = 10;
    while (top < peak * 1.1) {
        top *= 2;
    }
    if (axisY_->max() != top) {
        axisY_->setRange(0, top);
    }
}

qsizetype RevenueChart::pointCount() const {
    return upper_->count();
}

} // namespace trackboard
