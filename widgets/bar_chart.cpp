#include "bar_chart.h"
#include "chart_style.h"

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
    axisX_->setRange(0, 10);
    chart->legend()->hide();
    styleChart(chart);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 150);
    setToolTip(explanation);
    connect(set_, &QBarSet::clicked, this, [this](int index) {
        // The axis lists bars bottom-up, so index 0 is the last of the ranking.
        const int rank = int(labels_.size()) - 1 - index;
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
    QStringList bottomUp(labels.crbegin(), labels.crend());
    QList<qreal> valuesBottomUp(values.crbegin(), values.crend());
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
    set_->setLabel(valueName);
    const qreal peak = values.isEmpty() ? 0 : *std::max_element(values.cbegin(), values.cend());
    // The axis grows in steps, not with every snapshot, so bars do not rescale constantly.
    double top = 10;
    while (top < peak * 1.05) {
        top *= 2;
    }
    if (axisX_->max() != top) {
        axisX_->setRange(0, top);
    }
}

} // namespace trackboard
