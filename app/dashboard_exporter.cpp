#include "dashboard_exporter.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace trackboard::DashboardExporter {

QImage renderImage(QWidget *widget, qreal scale) {
    QImage image(widget->size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widget->palette().color(QPalette::Window));
    widget->render(&image);
    return image;
}

bool writePng(QWidget *widget, const QString &file, qreal scale, QString &error) {
    if (!renderImage(widget, scale).save(file, "PNG")) {
        error = QObject::tr("cannot write %1").arg(file);
        return false;
    }
    return true;
}

bool writeSvg(QWidget *widget, const QString &file, const QString &title, QString &error) {
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(widget->size());
    svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
    svg.setTitle(title);
    svg.setDescription(QObject::tr("Trackboard dashboard export"));
    QPainter painter;
    if (!painter.begin(&svg)) {
        error = QObject::tr("cannot write %1").arg(file);
        return false;
    }
    painter.fillRect(QRect(QPoint(0, 0), widget->size()),
                     widget->palette().color(QPalette::Window));
    widget->render(&painter);
    painter.end();
    return true;
}

bool writePdf(QWidget *widget, const QString &file, const QString &title, QString &error) {
    QPdfWriter pdf(file);
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("Trackboard"));
    pdf.setResolution(144);
    // A page the shape of the widget, so it fills the page like a slide.
    pdf.setPageSize(QPageSize(QSizeF(widget->size()) * 0.5, QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter;
    if (!painter.begin(&pdf)) {
        error = QObject::tr("cannot write %1").arg(file);
        return false;
    }
    const QRect page = painter.viewport();
    const qreal scale =
        std::min(page.width() / qreal(widget->width()), page.height() / qreal(widget->height()));
    painter.scale(scale, scale);
    painter.fillRect(QRect(QPoint(0, 0), widget->size()),
                     widget->palette().color(QPalette::Window));
    widget->render(&painter);
    painter.end();
    return true;
}

void copyToClipboard(QWidget *widget) {
    QApplication::clipboard()->setImage(renderImage(widget, 2));
}

bool writeText(const QString &file, const QString &text, QString &error) {
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text) || out.write(text.toUtf8()) < 0 ||
        !out.commit()) {
        error = QObject::tr("cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

bool exportWidget(QWidget *widget, const QString &base, const QString &title, int formats,
                  qreal scale, QStringList &written, QString &error) {
    const struct {
        Format format;
        const char *suffix;
    } kinds[] = {{Png, ".png"}, {Svg, ".svg"}, {Pdf, ".pdf"}};
    for (const auto &kind : kinds) {
        if (!(formats & kind.format)) {
            continue;
        }
        const QString file = base + QLatin1String(kind.suffix);
        const bool ok = kind.format == Png   ? writePng(widget, file, scale, error)
                        : kind.format == Svg ? writeSvg(widget, file, title, error)
                                             : writePdf(widget, file, title, error);
        if (!ok) {
            return false;
        }
        written << file;
    }
    return true;
}

bool exportAll(QWidget *dashboard, const QList<QPair<QString, QWidget *>> &charts,
               const QString &dir, int dashboardFormats, int chartFormats, qreal dashboardScale,
               QStringList &written, QString &error) {
    if (!QDir().mkpath(dir)) {
        error = QObject::tr("cannot create %1").arg(dir);
        return false;
    }
    const QDir out(dir);
    if (!exportWidget(dashboard, out.filePath(QStringLiteral("dashboard")),
                      QObject::tr("Trackboard dashboard"), dashboardFormats, dashboardScale,
                      written, error)) {
        return false;
    }
    for (const auto &[name, chart] : charts) {
        if (!exportWidget(chart, out.filePath(name), name, chartFormats, 2, written, error)) {
            return false;
        }
    }
    return true;
}

} // namespace trackboard::DashboardExporter
