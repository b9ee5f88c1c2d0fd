#pragma once

#include "analytics_snapshot.h"

#include <QChartView>
#include <QList>
#include <QPointF>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace trackboard {

// Money taken per second over the last five minutes, scrolling, redrawn with one replace().
class RevenueChart : public QChartView {
    Q_OBJECT
public:
    explicit RevenueChart(QWidget *parent = nullptr);

    void showSnapshot(const AnalyticsSnapshot &snapshot);
    qsizetype pointCount() const;

private:
    QLineSeries *upper_;
    QLineSeries *lower_;
    QList<QPointF> points_;
    QList<QPointF> baseline_;
    QValueAxis *axisY_;
};

} // namespace trackboard
