#include "chart_style.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>

#include <array>

namespace trackboard {

namespace {
bool gDark = false;
const std::array<QColor, kChartColorCount> kPalette = {
    QColor(0x2f, 0x80, 0xed), QColor(0xf2, 0x99, 0x4a), QColor(0x27, 0xae, 0x60),
    QColor(0xeb, 0x57, 0x57), QColor(0x9b, 0x51, 0xe0), QColor(0x56, 0xcc, 0xf2),
    QColor(0xf2, 0xc9, 0x4c), QColor(0x82, 0x82, 0x82)};
} // namespace

QColor chartColor(ChartColor colour) {
    return kPalette[static_cast<std::size_t>(colour)];
}

QColor chartColor(std::size_t index) {
    return kPalette[index % kPalette.size()];
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
