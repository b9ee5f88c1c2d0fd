#include "theme.h"
#include "chart_style.h"

#include <QApplication>
#include <QChartView>
#include <QFile>
#include <QIcon>
#include <QPainter>
#include <QPalette>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOption>
#include <QWidget>

#include <memory>

namespace trackboard {

namespace {
bool gDark = false;
double gScale = 1.0;
double gBasePointSize = 0;

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x1f, 0x23, 0x2a);
    const QColor base(0x16, 0x19, 0x1e);
    const QColor text(0xe6, 0xe9, 0xee);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2f, 0x38));
    p.setColor(QPalette::ToolTipBase, QColor(0x2a, 0x2f, 0x38));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2b, 0x30, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x80, 0xed));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x5a, 0xa9, 0xff));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x40, 0x4c));
    p.setColor(QPalette::Dark, QColor(0x9a, 0xa3, 0xb0)); // secondary text (tile titles)
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x93, 0xa0));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x76, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x76, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x76, 0x80));
    return p;
}

// Fusion outlines check boxes and radio buttons in a shade of the window colour, which on the
// dark palette leaves them nearly invisible. This draws Fusion's indicator, then a ring in the
// secondary-text colour around it.
class VisibleIndicatorStyle : public QProxyStyle {
public:
    VisibleIndicatorStyle()
        : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (!gDark || (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton)) {
            return;
        }
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(option->palette.color(QPalette::Dark), 1));
        painter->setBrush(Qt::NoBrush);
        const QRectF ring = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        if (element == PE_IndicatorRadioButton) {
            painter->drawEllipse(ring);
        } else {
            painter->drawRoundedRect(ring, 2, 2);
        }
        painter->restore();
    }
};

QPalette lightPalette() {
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion->standardPalette();
    p.setColor(QPalette::Window, QColor(0xf3, 0xf5, 0xf8));
    p.setColor(QPalette::AlternateBase, QColor(0xe8, 0xec, 0xf1));
    p.setColor(QPalette::Dark, QColor(0x5f, 0x6b, 0x7a));
    return p;
}
} // namespace

void applyTheme(bool dark, double fontScale) {
    gDark = dark;
    gScale = fontScale;
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/trackboard/trackboard.svg")));
    QApplication::setStyle(new VisibleIndicatorStyle); // the application takes ownership
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    QFont font = QApplication::font();
    if (gBasePointSize <= 0) {
        gBasePointSize = font.pointSizeF() > 0 ? font.pointSizeF() : 10;
    }
    font.setPointSizeF(gBasePointSize * fontScale);
    QApplication::setFont(font);
    QString sheet;
    QFile theme(QStringLiteral(":/trackboard/theme.qss"));
    if (theme.open(QIODevice::ReadOnly)) {
        sheet = QString::fromUtf8(theme.readAll());
    }
    // Sizes that follow the font scale; the rest of the sheet uses palette colours only. The
    // headline numbers grow less than the text under large text, so that the window still fits
    // a 1366x768 screen.
    sheet += QStringLiteral("QLabel#kpiValue { font-size: %1pt; font-weight: bold; }\n")
                 .arg(gBasePointSize * (fontScale > 1 ? 1.6 * fontScale : 1.9), 0, 'f', 1);
    qApp->setStyleSheet(sheet);
    setChartsDark(dark);
    for (QWidget *widget : QApplication::allWidgets()) {
        if (auto *chart = qobject_cast<QChartView *>(widget)) {
            restyleChart(chart);
        }
    }
}

bool themeIsDark() {
    return gDark;
}

double themeFontScale() {
    return gScale;
}

} // namespace trackboard
