#pragma once

#include "analytics_snapshot.h"
#include "time_axis.h"

#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>

#include <vector>

class QLineSeries;
class QValueAxis;

namespace trackboard {

// Events per second by event type over the selected window, scrolling. Each snapshot replaces
// every series' points in one call: appending per point re-strokes the path each time.
class EventRateChart : public QChartView {
    Q_OBJECT
public:
    explicit EventRateChart(QWidget *parent = nullptr);

    void showSnapshot(const AnalyticsSnapshot &snapshot);
    // The time range follows the dashboard's window (TimeAxis); shown from the next snapshot.
    void setWindow(AnalyticsWindow window) { time_.setWindow(window); }
    const QValueAxis *timeAxis() const { return axisX_; }
    const QValueAxis *valueAxis() const { return axisY_; }
    // Points currently drawn for `type`, for tests.
    qsizetype pointCount(EventType type) const;
    double latestValue(EventType type) const;
    QColor lineColor(EventType type) const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Line {
        EventType type;
        QLineSeries *series;
        QList<QPointF> points;
        QColor color;
    };
    std::vector<Line> lines_;
    QValueAxis *axisX_;
    QValueAxis *axisY_;
    TimeAxis time_;
};

} // namespace trackboard
