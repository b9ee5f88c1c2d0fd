#include "event_rate_chart.h"
#include "chart_style.h"

#include <QLineSeries>
#include <QValueAxis>

namespace trackboard {

namespace {
constexpr std::array<EventType, 6> kShownTypes = {EventType::PageView,    EventType::Click,
                                                  EventType::ProductView, EventType::AddToCart,
                                                  EventType::Checkout,    EventType::Purchase};
// Six lines need six colours; the chart themes cycle through five, so purchase, the line that
// matters most, took page_view's colour. Purchase is red.
constexpr std::array<ChartColor, 6> kLineColors = {ChartColor::Blue,  ChartColor::Orange,
                                                   ChartColor::Green, ChartColor::Purple,
                                                   ChartColor::Cyan,  ChartColor::Red};
} // namespace

EventRateChart::EventRateChart(QWidget *parent)
    : QChartView(parent)
    , axisX_(new QValueAxis)
    , axisY_(new QValueAxis)
    , time_(axisX_) {
    auto *chart = new QChart;
    chart->setTitle(tr("Events per second"));
    chart->setAnimationOptions(QChart::NoAnimation); // streaming data must not animate
    // No axis title: the chart's title already says "per second", and the room goes to the plot.
    chart->legend()->setAlignment(Qt::AlignBottom);
    axisY_->setLabelFormat(QStringLiteral("%.0f"));
    scaleValueAxis(axisY_, 0);
    chart->addAxis(axisX_, Qt::AlignBottom);
    chart->addAxis(axisY_, Qt::AlignLeft);
    for (std::size_t i = 0; i < kShownTypes.size(); ++i) {
        const EventType type = kShownTypes[i];
        auto *series = new QLineSeries;
        const auto name = eventTypeName(type);
        series->setName(QString::fromLatin1(name.data(), qsizetype(name.size())));
        chart->addSeries(series);
        series->attachAxis(axisX_);
        series->attachAxis(axisY_);
        Line line{type, series, {}, chartColor(kLineColors[i])};
        line.points.reserve(900);
        lines_.push_back(std::move(line));
    }
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);
    setToolTip(tr("How many actions users take each second, by kind of action, over the "
                  "selected time window (10-second averages for the last hour). Time is when "
                  "the action happened."));
}

void EventRateChart::showSnapshot(const AnalyticsSnapshot &snapshot) {
    double peak = 0;
    time_.setPlotWidth(chart()->plotArea().width());
    time_.begin(snapshot);
    for (Line &line : lines_) {
        const auto type = static_cast<std::size_t>(line.type);
        peak = std::max(peak, time_.fill(line.points, [&](std::size_t i, bool bucket) {
            return bucket ? double(snapshot.eventsPerBucket[i][type])
                          : double(snapshot.eventsPerSecond[i][type]);
        }));
    }
    time_.finish();
    for (Line &line : lines_) {
        line.series->replace(line.points);
        if (line.series->color() != line.color) { // a theme switch resets the colours
            line.series->setColor(line.color);
        }
    }
    scaleValueAxis(
        axisY_, peak,
        chart()->plotArea().height()); // what is on screen now, so it shrinks after a burst
}

qsizetype EventRateChart::pointCount(EventType type) const {
    for (const Line &line : lines_) {
        if (line.type == type) {
            return line.series->count();
        }
    }
    return 0;
}

QColor EventRateChart::lineColor(EventType type) const {
    for (const Line &line : lines_) {
        if (line.type == type) {
            return line.series->color();
        }
    }
    return {};
}

double EventRateChart::latestValue(EventType type) const {
    for (const Line &line : lines_) {
        if (line.type == type && line.series->count() > 0) {
            return line.series->at(line.series->count() - 1).y();
        }
    }
    return 0;
}

void EventRateChart::resizeEvent(QResizeEvent *event) {
    QChartView::resizeEvent(event);
    fitLegend(chart());
}

} // namespace trackboard
