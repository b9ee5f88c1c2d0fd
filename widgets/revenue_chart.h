#pragma once

#include "analytics_snapshot.h"
#include "time_axis.h"

#include <QChartView>
#include <QList>
#include <QPointF>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace trackboard {

// Money taken per second over the selected window, scrolling, redrawn with one replace().
class RevenueChart : public QChartView {
    Q_OBJECT
public:
    explicit RevenueChart(QWidget *parent = nullptr);

    void showSnapshot(const AnalyticsSnapshot &snapshot);
    void setWindow(AnalyticsWindow window) { time_.setWindow(window); }
    qsizetype pointCount() const;
    const QValueAxis *timeAxis() const { return axisX_; }
    const QValueAxis *valueAxis() const { return axisY_; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QLineSeries *upper_;
    QLineSeries *lower_;
    QAreaSeries *area_ = nullptr;
    QList<QPointF> points_;
    QList<QPointF> baseline_;
    QValueAxis *axisX_;
    QValueAxis *axisY_;
    TimeAxis time_;
};

} // namespace trackboard
