#include "kpi_tile.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QVBoxLayout>

namespace trackboard {

KpiTile::KpiTile(const QString &title, const QString &explanation, QWidget *parent)
    : QFrame(parent)
    , title_(new QLabel(title))
    , value_(new QLabel(QStringLiteral("–")))
    , trend_(new QLabel) {
    setObjectName(QStringLiteral("kpiTile"));
    setFrameShape(QFrame::StyledPanel);
    setToolTip(explanation);
    title_->setObjectName(QStringLiteral("kpiTitle"));
    value_->setObjectName(QStringLiteral("kpiValue"));
    // Tabular digits keep the tile from jumping as numbers change; the size comes from the
    // style sheet so that it follows the presentation font scale.
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fixed.setBold(true);
    value_->setFont(fixed);
    // Any width will do: fitValue() shrinks the digits to what the tile has.
    value_->setMinimumWidth(1);
    value_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    trend_->setObjectName(QStringLiteral("kpiTrend"));
    trend_->setFixedWidth(trend_->fontMetrics().horizontalAdvance(QStringLiteral("▲")) + 4);

    auto *row = new QHBoxLayout;
    row->addWidget(value_, 1);
    row->addWidget(trend_);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(row);
    setMinimumWidth(150);
}

namespace {
const QColor kGood(0x2e, 0x9d, 0x57);
const QColor kBad(0xc0, 0x39, 0x2b);
const QColor kSteady(0x88, 0x88, 0x88);
} // namespace

void KpiTile::fitValue() {
    value_->setStyleSheet(QString()); // back to the theme's size, then down from there
    value_->ensurePolished();
    const int room = value_->width();
    const int needed = value_->fontMetrics().horizontalAdvance(value_->text());
    if (room <= 0 || needed <= room) {
        return;
    }
    // Proportional first, then down in half points: glyph widths do not scale exactly.
    QFont smaller = value_->font();
    const double least = smaller.pointSizeF() * 0.5;
    double size = std::max(least, smaller.pointSizeF() * room / needed);
    for (;; size -= 0.5) {
        smaller.setPointSizeF(size);
        if (size <= least || QFontMetrics(smaller).horizontalAdvance(value_->text()) <= room) {
            break;
        }
    }
    value_->setStyleSheet(QStringLiteral("font-size: %1pt;").arg(size, 0, 'f', 1));
}

void KpiTile::resizeEvent(QResizeEvent *event) {
    QFrame::resizeEvent(event);
    fitValue();
}

void KpiTile::changeEvent(QEvent *event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        fitValue();
    }
}

void KpiTile::setValue(const QString &display, double value) {
    const bool widthChanged = display.size() != value_->text().size();
    value_->setText(display);
    if (widthChanged) {
        fitValue();
    }
    QColor color = kSteady;
    if (hasPrevious_ && value > previous_) {
        trend_->setText(QStringLiteral("▲"));
        color = higherIsBetter_ ? kGood : kBad;
    } else if (hasPrevious_ && value < previous_) {
        trend_->setText(QStringLiteral("▼"));
        color = higherIsBetter_ ? kBad : kGood;
    } else {
        trend_->setText(QStringLiteral("▶"));
    }
    trend_->setStyleSheet(QStringLiteral("color: ") + color.name());
    trend_->setProperty("trendColor", color);
    previous_ = value;
    hasPrevious_ = true;
}

QColor KpiTile::trendColor() const {
    return trend_->property("trendColor").value<QColor>();
}

QString KpiTile::displayedText() const {
    return value_->text();
}

} // namespace trackboard

namespace trackboard {

QString KpiTile::trendText() const {
    return trend_->text();
}

} // namespace trackboard
