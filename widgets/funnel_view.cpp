#include "funnel_view.h"

#include <QLocale>
#include <QPainter>

namespace trackboard {

namespace {
const std::array<const char *, kFunnelStages.size()> kStageNames = {
    QT_TRANSLATE_NOOP("FunnelView", "Visited"), QT_TRANSLATE_NOOP("FunnelView", "Viewed a product"),
    QT_TRANSLATE_NOOP("FunnelView", "Added to cart"),
    QT_TRANSLATE_NOOP("FunnelView", "Checked out"), QT_TRANSLATE_NOOP("FunnelView", "Purchased")};
const std::array<QColor, kFunnelStages.size()> kStageColors = {
    QColor(0x2f, 0x80, 0xed), QColor(0x27, 0x9a, 0xd8), QColor(0x1f, 0xab, 0xa8),
    QColor(0x2e, 0x9d, 0x57), QColor(0x5c, 0xa8, 0x2e)};
} // namespace

FunnelView::FunnelView(QWidget *parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("funnelView"));
    setToolTip(tr("The shopping journey: how many different people reached each step after "
                  "every step before it, in order, within the time window; what share of the "
                  "step before went on, and how many stopped there."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QString FunnelView::stageName(int index) const {
    return tr(kStageNames[std::size_t(index)]);
}

QString FunnelView::stageText(int index) const {
    const FunnelStage &s = stages_[std::size_t(index)];
    if (index == 0) {
        return tr("%L1 users").arg(s.users);
    }
    return tr("%L1 users · %2 % of previous · %L3 dropped")
        .arg(s.users)
        .arg(s.conversionFromPrevious, 0, 'f', 1)
        .arg(s.dropOff);
}

QString FunnelView::fittedStageText(int index, int width) const {
    // Shorter forms for a narrow funnel (large text, a small screen) rather than a cut-off
    // "1,777 dropp"; the tooltip and stageText() keep the full sentence.
    const QString full = stageText(index);
    if (index == 0 || fontMetrics().horizontalAdvance(full) <= width) {
        return full;
    }
    const FunnelStage &s = stages_[std::size_t(index)];
    const QString medium = tr("%L1 users · %2 % · −%L3")
                               .arg(s.users)
                               .arg(s.conversionFromPrevious, 0, 'f', 1)
                               .arg(s.dropOff);
    if (fontMetrics().horizontalAdvance(medium) <= width) {
        return medium;
    }
    return tr("%L1 · %2 %").arg(s.users).arg(s.conversionFromPrevious, 0, 'f', 1);
}

void FunnelView::showFunnel(const std::array<FunnelStage, kFunnelStages.size()> &stages,
                            const QString &windowName) {
    if (stages == stages_ && windowName == windowName_) {
        return;
    }
    stages_ = stages;
    windowName_ = windowName;
    update();
}

QSize FunnelView::sizeHint() const {
    return {520, 260};
}

QSize FunnelView::minimumSizeHint() const {
    const int line = fontMetrics().height();
    // What paintEvent() needs at least: the title row, then one line per stage (compact).
    return {320, top() + 4 + int(kFunnelStages.size()) * (line + 6)};
}

int FunnelView::top() const {
    return fontMetrics().height() + 10;
}

bool FunnelView::compact() const {
    const int line = fontMetrics().height();
    return (height() - top() - 4) / int(kFunnelStages.size()) < line * 2 + 4;
}

int FunnelView::rowHeight() const {
    const int line = fontMetrics().height();
    const int rows = int(kFunnelStages.size());
    return std::max(compact() ? line + 6 : line * 2 + 4, (height() - top() - 4) / rows);
}

int FunnelView::shownStages() const {
    int shown = 0;
    for (int i = 0; i < int(kFunnelStages.size()); ++i) {
        shown += top() + (i + 1) * rowHeight() <= height() ? 1 : 0;
    }
    return shown;
}

void FunnelView::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(8, 4, width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Shopping funnel — %1").arg(windowName_));
    p.setFont(font());

    const int rows = int(kFunnelStages.size());
    const int rowHeight = this->rowHeight();
    const bool oneLine = compact();
    // Stage names sit in a fixed column so the bars start at the same place whatever the text.
    int nameWidth = 0;
    for (int i = 0; i < rows; ++i) {
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(stageName(i)));
    }
    nameWidth += 16;
    const int barLeft = 8 + nameWidth;
    const int barSpace = std::max(40, width() - barLeft - 8);
    for (int i = 0; i < rows; ++i) {
        const int y = top() + i * rowHeight;
        const int barHeight = oneLine ? rowHeight - 4 : rowHeight - line - 6;
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(8, y, nameWidth, barHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   stageName(i));
        const double share = std::clamp(stages_[std::size_t(i)].conversionOverall, 0.0, 100.0);
        const int barWidth = std::max(2, int(barSpace * share / 100.0));
        const QRect bar(barLeft, y, barWidth, barHeight);
        p.fillRect(QRect(barLeft, y, barSpace, barHeight),
                   palette().color(QPalette::AlternateBase));
        p.fillRect(bar, kStageColors[std::size_t(i)]);
        if (oneLine) {
            // The figures on the bar's track, right of the fill, or in white on the fill when
            // the track beyond it is too narrow for them.
            const int beyond = barSpace - barWidth - 12;
            const bool onFill =
                beyond < fm.horizontalAdvance(fittedStageText(i, barSpace)) && barWidth > beyond;
            const QRect room = onFill ? bar.adjusted(6, 0, -6, 0)
                                      : QRect(barLeft + barWidth + 6, y, beyond, barHeight);
            p.setPen(onFill ? QColor(Qt::white) : palette().color(QPalette::WindowText));
            p.drawText(room, Qt::AlignLeft | Qt::AlignVCenter, fittedStageText(i, room.width()));
            continue;
        }
        p.setPen(Qt::white);
        if (barWidth > fm.horizontalAdvance(QStringLiteral("100.0 %")) + 12) {
            p.drawText(bar.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                       QStringLiteral("%1 %").arg(share, 0, 'f', 1));
        }
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(barLeft, y + barHeight + 1, barSpace, line), Qt::AlignLeft | Qt::AlignTop,
                   fittedStageText(i, barSpace));
    }
}

} // namespace trackboard
