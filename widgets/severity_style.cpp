#include "severity_style.h"

#include <QPainter>
#include <QPixmap>

#include <array>

namespace trackboard {

QColor severityColor(Severity severity) {
    switch (severity) {
    case Severity::Low:
        return QColor(0x2f, 0x80, 0xed);
    case Severity::Medium:
        return QColor(0xe2, 0xa1, 0x00);
    case Severity::High:
        return QColor(0xd6, 0x30, 0x31);
    case Severity::Critical:
        return QColor(0x8e, 0x24, 0xaa);
    }
    return {};
}

QString severityText(Severity severity) {
    const auto name = severityName(severity);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QIcon severityIcon(Severity severity) {
    // A shape per level as well as a colour: circle, triangle, square, diamond.
    static std::array<QIcon, 4> icons;
    QIcon &icon = icons[std::size_t(severity)];
    if (!icon.isNull()) {
        return icon;
    }
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::white, 2));
    p.setBrush(severityColor(severity));
    switch (severity) {
    case Severity::Low:
        p.drawEllipse(QRectF(4, 4, 24, 24));
        break;
    case Severity::Medium:
        p.drawPolygon(QPolygonF({QPointF(16, 3), QPointF(29, 28), QPointF(3, 28)}));
        break;
    case Severity::High:
        p.drawRect(QRectF(5, 5, 22, 22));
        break;
    case Severity::Critical:
        p.drawPolygon(
            QPolygonF({QPointF(16, 2), QPointF(30, 16), QPointF(16, 30), QPointF(2, 16)}));
        break;
    }
    p.end();
    icon = QIcon(pixmap);
    return icon;
}

} // namespace trackboard
