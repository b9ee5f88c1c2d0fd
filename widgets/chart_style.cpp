#include "chart_style.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>

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

namespace {
constexpr const char *kLegendBeside = "trackboardLegendBeside";
}

void restyleChart(QChartView *view) {
    if (view->chart() != nullptr) {
        styleChart(view->chart());
        fitLegend(view->chart());
    }
}

void keepLegendBeside(QChart *chart) {
    chart->setProperty(kLegendBeside, true);
    chart->legend()->setAlignment(Qt::AlignRight);
}

void fitLegend(QChart *chart) {
    const bool mayGoUnder = !chart->property(kLegendBeside).toBool();
    QLegend *legend = chart->legend();
    if (!legend->isVisible() || legend->alignment() == Qt::AlignLeft) {
        return;
    }
    const QFont base = QApplication::font();
    const qreal room = chart->size().width() - chart->margins().left() - chart->margins().right();
    const qreal tall = chart->size().height() - QFontMetrics(chart->titleFont()).height() - 24;
    // The legend's font steps down, to three quarters of the text's at most, before an entry is
    // left out of sight below a side legend (six event types in a short chart under large text).
    for (const qreal factor : {1.0, 0.9, 0.8, 0.75}) {
        QFont font = base;
        font.setPointSizeF(base.pointSizeF() * factor);
        const QFontMetrics metrics(font);
        // Each entry: its text, a marker about a line high, and the margins around both.
        qreal wide = 0;
        qreal widest = 0;
        int entries = 0;
        for (const QLegendMarker *marker : legend->markers()) {
            if (marker->isVisible()) {
                const qreal text = metrics.horizontalAdvance(marker->label());
                wide += text + metrics.height() + 20;
                widest = std::max(widest, text);
                ++entries;
            }
        }
        const bool underFits = mayGoUnder && wide <= room;
        const bool besideFits = entries * (metrics.height() + 8) <= tall || factor == 0.75;
        if (underFits || besideFits) {
            const Qt::Alignment wanted = underFits ? Qt::AlignBottom : Qt::AlignRight;
            if (legend->alignment() != wanted) {
                legend->setAlignment(wanted);
            }
            if (legend->font() != font) {
                legend->setFont(font);
            }
            return;
        }
    }
}

} // namespace trackboard
