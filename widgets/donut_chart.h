#pragma once

#include "analytics_snapshot.h"

#include <QChartView>

class QPieSeries;

namespace trackboard {

// A distribution as a donut: event types, devices, browsers or operating systems. The shares
// come from the snapshot; the chart only draws them.
class DonutChart : public QChartView {
    Q_OBJECT
public:
    DonutChart(const QString &title, const QString &explanation, int maxSlices = 6,
               QWidget *parent = nullptr);

    void showShares(const std::vector<ShareEntry> &shares);
    int sliceCount() const;
    QString sliceLabel(int index) const;

private:
    QPieSeries *series_;
    int maxSlices_;
};

} // namespace trackboard
