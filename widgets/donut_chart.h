#pragma once

#include "analytics_snapshot.h"

#include <QChartView>

class QPieSeries;

namespace trackboard {

// A distribution as a donut: event types, devices, browsers or operating systems. The shares
// come from the snapshot; the chart only draws them. Qt Charts gives a legend at the side at most
// 38 % of the chart's width and cuts longer entries, so a narrow donut labels its slices in fewer
// characters ("Samsung Internet 3 %") rather than "Samsung Internet ...".
class DonutChart : public QChartView {
    Q_OBJECT
public:
    DonutChart(const QString &title, const QString &explanation, int maxSlices = 6,
               QWidget *parent = nullptr);

    void showShares(const std::vector<ShareEntry> &shares);
    int sliceCount() const;
    QString sliceLabel(int index) const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void label();
    // A slice's legend entry: 0 "Safari  19.9 %", 1 "Safari 20 %", 2 "Safari".
    static QString labelText(const ShareEntry &share, int tier);

    QPieSeries *series_;
    int maxSlices_;
    std::vector<ShareEntry> shown_;
};

} // namespace trackboard
