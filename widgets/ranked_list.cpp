#include "ranked_list.h"

#include "chart_style.h"

#include <QPainter>

namespace trackboard {

RankedList::RankedList(const QString &title, const QString &explanation, QWidget *parent)
    : QWidget(parent)
    , title_(title) {
    setToolTip(explanation);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void RankedList::showRows(const QList<RankedRow> &rows, const QString &emptyText) {
    if (rows == rows_ && emptyText == emptyText_) {
        return; // the same figures: no repaint
    }
    rows_ = rows;
    emptyText_ = emptyText;
    update();
}

QSize RankedList::sizeHint() const {
    return {520, 240};
}

QSize RankedList::minimumSizeHint() const {
    return {300, fontMetrics().height() * 5};
}

void RankedList::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const QColor text = palette().color(QPalette::WindowText);
    p.setPen(text);
    p.drawText(QRect(8, 4, width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter, title_);
    p.setFont(font());

    const int top = line + 10;
    if (rows_.isEmpty()) {
        QColor muted = text;
        muted.setAlphaF(0.6F);
        p.setPen(muted);
        p.drawText(QRect(8, top, width() - 16, height() - top - 4),
                   Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, emptyText_);
        return;
    }
    const int rowHeight = line + 8;
    // Only whole rows: a ranking cut mid-row reads as a different number.
    const int fitting = std::max(1, (height() - top - 4) / rowHeight);
    QColor bar = chartColor(ChartColor::Blue);
    bar.setAlphaF(0.28F);
    for (int i = 0; i < std::min<int>(fitting, int(rows_.size())); ++i) {
        const RankedRow &row = rows_[i];
        const QRect rect(8, top + i * rowHeight, width() - 16, rowHeight - 3);
        const qreal fraction = std::clamp<qreal>(row.fraction, 0, 1);
        p.fillRect(QRectF(rect.left(), rect.top(), rect.width() * fraction, rect.height()), bar);
        const int valueWidth = std::min(fm.horizontalAdvance(row.value) + 8, rect.width() / 2);
        const QRect valueRect = rect.adjusted(rect.width() - valueWidth, 0, -4, 0);
        const QRect labelRect = rect.adjusted(4, 0, -valueWidth - 4, 0);
        p.setPen(text);
        p.drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(row.label, Qt::ElideMiddle, labelRect.width()));
        p.drawText(valueRect, Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(row.value, Qt::ElideRight, valueRect.width()));
    }
}

} // namespace trackboard
