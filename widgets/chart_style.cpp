#include "chart_style.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>

namespace trackboard {

namespace {
bool gDark = false;
}

void setChartsDark(bool dark) {
    gDark = dark;
}

bool chartsDark() {
    return gDark;
}

void styleChart(QChart *chart) {
    chart->setTheme(gDark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    // Chart text follows the application font, so the presentation font scale reaches it.
    const QFont base = QApplication::font();
    QFont title = base;
    title.setBold(true);
    title.setPointSizeF(base.pointSizeF() * 1.1);
    chart->setTitleFont(title);
    chart->legend()->setFont(base);
    QFont small = base;
    small.setPointSizeF(base.pointSizeF() * 0.9);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsFont(small);
        axis->setTitleFont(small);
    }
}

void restyleChart(QChartView *view) {
    if (view->chart() != nullptr) {
        styleChart(view->chart());
    }
}

} // namespace trackboard
