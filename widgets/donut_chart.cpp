#include "donut_chart.h"
#include "chart_style.h"

#include <QLegendMarker>
#include <QPieSeries>
#include <QPieSlice>

namespace trackboard {

DonutChart::DonutChart(const QString &title, const QString &explanation, int maxSlices,
                       QWidget *parent)
    : QChartView(parent)
    , series_(new QPieSeries)
    , maxSlices_(maxSlices) {
    auto *chart = new QChart;
    chart->setTitle(title);
    series_->setHoleSize(0.45);
    series_->setPieSize(0.85);
    chart->addSeries(series_);
    chart->legend()->setAlignment(Qt::AlignRight);
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(220, 150);
    setToolTip(explanation);
}

void DonutChart::showShares(const std::vector<ShareEntry> &shares) {
    const int wanted = std::min<int>(int(shares.size()), maxSlices_);
    // Slices are kept and updated in place: recreating them each snapshot would restart the
    // legend's layout and make it flicker.
    while (series_->count() > wanted) {
        series_->remove(series_->slices().constLast());
    }
    while (series_->count() < wanted) {
        series_->append(QString(), 0);
    }
    const auto slices = series_->slices();
    for (int i = 0; i < wanted; ++i) {
        const ShareEntry &share = shares[std::size_t(i)];
        const QString label = QStringLiteral("%1  %2 %")
                                  .arg(QString::fromStdString(share.key))
                                  .arg(share.percent, 4, 'f', 1);
        if (slices[i]->label() != label) {
            slices[i]->setLabel(label);
        }
        slices[i]->setValue(double(share.count));
        // The chart themes' own shades of one colour are too close to tell slices apart.
        const QColor colour = chartColor(std::size_t(i));
        if (slices[i]->color() != colour) {
            slices[i]->setColor(colour);
            slices[i]->setBorderColor(colour);
        }
    }
}

int DonutChart::sliceCount() const {
    return series_->count();
}

QString DonutChart::sliceLabel(int index) const {
    return index >= 0 && index < series_->count() ? series_->slices().at(index)->label()
                                                  : QString();
}

} // namespace trackboard
