#pragma once

#include <QImage>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

class QWidget;

namespace trackboard {

// Writes what the dashboard shows into files, the way it looks on screen.
namespace DashboardExporter {

// `widget` rendered at `scale` times its size (2 for crisp slides), whether shown or not.
QImage renderImage(QWidget *widget, qreal scale = 2);
bool writePng(QWidget *widget, const QString &file, qreal scale, QString &error);
bool writeSvg(QWidget *widget, const QString &file, const QString &title, QString &error);
bool writePdf(QWidget *widget, const QString &file, const QString &title, QString &error);
void copyToClipboard(QWidget *widget);

enum Format { Png = 1, Svg = 2, Pdf = 4 };
// `widget` as BASE.png, BASE.svg and BASE.pdf, as `formats` asks; appends each file to `written`.
bool exportWidget(QWidget *widget, const QString &base, const QString &title, int formats,
                  qreal scale, QStringList &written, QString &error);
// The dashboard as dashboard.{png,svg,pdf} and each chart as NAME.{png,svg,pdf}, as
// `dashboardFormats` and `chartFormats` ask. Appends every file written to `written`.
bool exportAll(QWidget *dashboard, const QList<QPair<QString, QWidget *>> &charts,
               const QString &dir, int dashboardFormats, int chartFormats, qreal dashboardScale,
               QStringList &written, QString &error);
bool writeText(const QString &file, const QString &text, QString &error);

} // namespace DashboardExporter

} // namespace trackboard
