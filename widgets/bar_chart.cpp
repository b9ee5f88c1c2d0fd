#include "bar_chart.h"
#include "chart_style.h"
#include "time_axis.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace trackboard {

BarChart::BarChart(const QString &title, const QString &explanation, QWidget *parent)
    : QChartView(parent)
    , set_(new QBarSet(QString()))
    , axisY_(new QBarCategoryAxis)
    , axisX_(new QValueAxis) {
    auto *chart = new QChart;
    chart->setTitle(title);
    auto *series = new QHorizontalBarSeries;
    series->append(set_);
    series->setBarWidth(0.7);
    chart->addSeries(series);
    chart->addAxis(axisY_, Qt::AlignLeft);
    chart->addAxis(axisX_, Qt::AlignBottom);
    series->attachAxis(axisY_);
    series->attachAxis(axisX_);
    axisX_->setLabelFormat(QStringLiteral("%.0f"));
    scaleValueAxis(axisX_, 0);
    chart->legend()->hide();
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 150);
    setToolTip(explanation);
    connect(set_, &QBarSet::clicked, this, [this](int index) {
        // The axis lists bars bottom-up, so index 0 is the last of the ranking.
        const int rank = shown_ - 1 - index;
        if (rank >= 0 && rank < labels_.size()) {
            emit barClicked(labels_[rank]);
        }
    });
}

void BarChart::setTitle(const QString &title) {
    chart()->setTitle(title);
}

void BarChart::showBars(const QStringList &labels, const QList<qreal> &values,
                        const QString &valueName) {
    labels_ = labels;
    values_ = values;
    set_->setLabel(valueName);
    drawBars();
}

int BarChart::barsThatFit() const {
    // Qt Charts cuts a category's label to "..." when the label's line, with its text item's
    // margins, is taller than the category's share of the plot. The plot is the view less the
    // margins, the title's line and the value axis's line of labels.
    const QFontMetrics labels(axisY_->labelsFont());
    const QFontMetrics title(chart()->titleFont());
    if (!isVisible()) {
        return int(labels_.size()); // its size is not known until it is shown
    }
    const int plot = height() - 16 - (title.height() + 8) - (labels.height() + 14);
    return std::max(1, plot / (labels.height() + 9));
}

void BarChart::drawBars() {
    const int shown = std::min(int(labels_.size()), barsThatFit());
    QStringList bottomUp;
    QList<qreal> valuesBottomUp;
    // Qt Charts gives the labels at most about a third of the chart's width and cuts the rest
    // to "/checkout/confirma...": a long label is shortened in the middle instead, so that both
    // ends stay ("/checko…mation"). The axis needs distinct labels: a clash keeps the whole one.
    const QFontMetrics metrics(axisY_->labelsFont());
    const int room = isVisible() ? int(width() * 0.33) - 12 : 100'000; // not shown: no size yet
    for (int i = shown - 1; i >= 0; --i) {
        const QString shorter = metrics.elidedText(labels_[i], Qt::ElideMiddle, room);
        bottomUp << (bottomUp.contains(shorter) ? labels_[i] : shorter);
        valuesBottomUp << values_.value(i);
    }
    shown_ = shown;
    if (axisY_->categories() != bottomUp) {
        axisY_->setCategories(bottomUp);
    }
    if (set_->count() != valuesBottomUp.size()) {
        set_->remove(0, set_->count());
        set_->append(valuesBottomUp);
    } else {
        for (int i = 0; i < valuesBottomUp.size(); ++i) {
            set_->replace(i, valuesBottomUp[i]);
        }
    }
    const qreal peak = valuesBottomUp.isEmpty()
                           ? 0
                           : *std::max_element(valuesBottomUp.cbegin(), valuesBottomUp.cend());
    // Round ticks (0, 2,000, 4,000 …, not 2560/5120), moved only when the top changes.
    scaleValueAxis(axisX_, peak, chart()->plotArea().width(), false);
}

void BarChart::showEvent(QShowEvent *event) {
    QChartView::showEvent(event);
    drawBars();
}

void BarChart::resizeEvent(QResizeEvent *event) {
    QChartView::resizeEvent(event);
    drawBars(); // the bars that fit, and their labels shortened to the new width
}

} // namespace trackboard
