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
    , axisY_(new QValueAxis) {
    auto *chart = new QChart;
    chart->setTitle(tr("Events per second"));
    chart->setAnimationOptions(QChart::NoAnimation); // streaming data must not animate
    chart->legend()->setAlignment(Qt::AlignBottom);
    axisX_->setRange(-300, 0);
    axisX_->setTickType(QValueAxis::TicksDynamic);
    axisX_->setTickAnchor(0);
    axisX_->setTickInterval(60);
    axisX_->setTitleText(tr("seconds ago"));
    axisX_->setLabelFormat(QStringLiteral("%d"));
    axisY_->setRange(0, 10);
    axisY_->setLabelFormat(QStringLiteral("%d"));
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
        line.points.reserve(300);
        lines_.push_back(std::move(line));
    }
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    setToolTip(tr("How many actions users take each second, by kind of action, over the last "
                  "five minutes. Time is when the action happened."));
}

void EventRateChart::showSnapshot(const AnalyticsSnapshot &snapshot) {
    // The current second is still filling up; drawing it would show a false dip at the edge.
    const auto count =
        std::max<qsizetype>(0, static_cast<qsizetype>(snapshot.eventsPerSecond.size()) - 1);
    std::uint32_t peak = 0;
    for (Line &line : lines_) {
        line.points.resize(count);
        const auto type = static_cast<std::size_t>(line.type);
        for (qsizetype i = 0; i < count; ++i) {
            const auto value = snapshot.eventsPerSecond[std::size_t(i)][type];
            peak = std::max(peak, value);
            line.points[i] = QPointF(double(i - count), double(value));
        }
        line.series->replace(line.points);
        if (line.series->color() != line.color) { // a theme switch resets the colours
            line.series->setColor(line.color);
        }
    }
    // Round the axis up so it changes in steps rather than with every snapshot.
    double top = 10;
    while (top < peak * 1.1) {
        top *= 2;
    }
    if (axisY_->max() != top) {
        axisY_->setRange(0, top);
        axisY_->applyNiceNumbers();
    }
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

} // namespace trackboard
