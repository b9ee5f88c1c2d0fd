#include "donut_chart.h"
#include "chart_style.h"

#include <QApplication>
#include <QLegend>
#include <QLegendMarker>
#include <QPieSeries>
#include <QPieSlice>

#include <limits>

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
    keepLegendBeside(chart);
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(220, 150);
    setToolTip(explanation);
}

void DonutChart::showShares(const std::vector<ShareEntry> &shares) {
    const int wanted = std::min<int>(int(shares.size()), maxSlices_);
    const bool newCount = wanted != series_->count();
    // Slices are kept and updated in place: recreating them each snapshot would restart the
    // legend's layout and make it flicker.
    while (series_->count() > wanted) {
        series_->remove(series_->slices().constLast());
    }
    while (series_->count() < wanted) {
        series_->append(QString(), 0);
    }
    shown_.assign(shares.begin(), shares.begin() + wanted);
    const auto slices = series_->slices();
    for (int i = 0; i < wanted; ++i) {
        slices[i]->setValue(double(shares[std::size_t(i)].count));
        // The chart themes' own shades of one colour are too close to tell slices apart.
        const QColor colour = chartColor(std::size_t(i));
        if (slices[i]->color() != colour) {
            slices[i]->setColor(colour);
            slices[i]->setBorderColor(colour);
        }
    }
    if (newCount) { // the legend's height changes; otherwise its font stays as label() left it
        fitLegend(chart());
    }
    label();
}

void DonutChart::label() {
    // Qt Charts' side legend is at most 0.382 of the chart wide (its golden ratio), less the
    // marker and the margins around each entry. The labels take the first form that fits:
    // whole, rounded, then the names alone; before a name is shortened, the legend's font
    // steps down to three quarters of the text's.
    QFont font = chart()->legend()->font();
    const auto fitsAll = [this](const QFontMetrics &metrics, double room, int tier) {
        for (const ShareEntry &share : shown_) {
            if (metrics.horizontalAdvance(labelText(share, tier)) > room) {
                return false;
            }
        }
        return true;
    };
    const auto roomFor = [this](const QFontMetrics &metrics) {
        // A chart not on screen (perhaps never laid out: 100 px wide) keeps the whole labels
        // until it is shown.
        return isVisible() ? width() * 0.38 - metrics.height() - 24
                           : std::numeric_limits<double>::max();
    };
    int tier = 0;
    while (tier < 2 && !fitsAll(QFontMetrics(font), roomFor(QFontMetrics(font)), tier)) {
        ++tier;
    }
    const double smallest = QApplication::font().pointSizeF() * 0.75;
    if (tier == 2 && !fitsAll(QFontMetrics(font), roomFor(QFontMetrics(font)), 2) &&
        font.pointSizeF() > smallest) {
        font.setPointSizeF(smallest);
        chart()->legend()->setFont(font);
    }
    const QFontMetrics metrics(font);
    const double room = roomFor(metrics);
    const auto slices = series_->slices();
    for (int i = 0; i < int(shown_.size()) && i < slices.size(); ++i) {
        QString text = labelText(shown_[std::size_t(i)], tier);
        if (metrics.horizontalAdvance(text) > room) { // the name alone, shortened in the middle
            text = metrics.elidedText(text, Qt::ElideMiddle, int(std::min(room, 1e6)));
        }
        if (slices[i]->label() != text) {
            slices[i]->setLabel(text);
        }
    }
}

QString DonutChart::labelText(const ShareEntry &share, int tier) {
    const QString key = QString::fromStdString(share.key);
    switch (tier) {
    case 0:
        return QStringLiteral("%1  %2 %").arg(key).arg(share.percent, 4, 'f', 1);
    case 1:
        return QStringLiteral("%1 %2 %").arg(key).arg(share.percent, 0, 'f', 0);
    default:
        return key;
    }
}

void DonutChart::showEvent(QShowEvent *event) {
    QChartView::showEvent(event);
    fitLegend(chart());
    label();
}

void DonutChart::resizeEvent(QResizeEvent *event) {
    QChartView::resizeEvent(event);
    fitLegend(chart()); // first: the labels are fitted to its font
    label();
}

int DonutChart::sliceCount() const {
    return series_->count();
}

QString DonutChart::sliceLabel(int index) const {
    return index >= 0 && index < series_->count() ? series_->slices().at(index)->label()
                                                  : QString();
}

} // namespace trackboard
