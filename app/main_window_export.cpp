// MainWindow's exports: every view as images and the figures as CSV, from the menu or a CLI.
#include "business_view.h"
#include "csv_export.h"
#include "dashboard_exporter.h"
#include "export_folder_dialog.h"
#include "main_window.h"

#include <QCoreApplication>
#include <QDir>
#include <QMessageBox>
#include <QStatusBar>

namespace trackboard {

bool MainWindow::exportTo(const QString &dir, int dashboardFormats, int chartFormats, qreal scale,
                          QStringList &written, QString &error) {
    render();
    business_->refreshAll();
    if (!QDir().mkpath(dir)) {
        error = tr("cannot create %1").arg(dir);
        return false;
    }
    const QDir out(dir);
    if (!DashboardExporter::exportWidget(this, out.filePath(QStringLiteral("dashboard")),
                                         windowTitle(), dashboardFormats, scale, written, error)) {
        return false;
    }
    // A chart on a tab never shown has no size yet: each tab is brought up to lay it out.
    const int shownTab = business_->currentIndex();
    bool ok = true;
    for (const auto &[name, chart] : business_->charts()) {
        if (business_->currentWidget() != chart->parentWidget()) {
            business_->setCurrentWidget(chart->parentWidget());
            QCoreApplication::sendPostedEvents();
        }
        ok = DashboardExporter::exportWidget(chart, out.filePath(name), name, chartFormats, 2,
                                             written, error);
        if (!ok) {
            break;
        }
    }
    business_->setCurrentIndex(shownTab);
    return ok;
}

bool MainWindow::exportCsv(const QString &dir, QStringList &written, QString &error) {
    const QDir out(dir);
    const QString aggregates = out.filePath(QStringLiteral("aggregates.csv"));
    const QString alerts = out.filePath(QStringLiteral("alerts.csv"));
    if (!QDir().mkpath(dir) ||
        !DashboardExporter::writeText(aggregates, aggregatesCsv(latest_), error) ||
        !DashboardExporter::writeText(alerts, alertsCsv(*alertModel_), error)) {
        error = error.isEmpty() ? tr("cannot create %1").arg(dir) : error;
        return false;
    }
    written << aggregates << alerts;
    return true;
}

void MainWindow::exportWithDialog() {
    const QString dir = chooseExportFolder(this, tr("Export the dashboard to a folder"));
    if (dir.isEmpty()) {
        return;
    }
    QStringList written;
    QString error;
    const int all = DashboardExporter::Png | DashboardExporter::Svg | DashboardExporter::Pdf;
    if (!exportTo(dir, all, all, 2, written, error) || !exportCsv(dir, written, error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    statusBar()->showMessage(tr("Exported %1 files to %2").arg(written.size()).arg(dir), 8000);
}

void MainWindow::exportCsvWithDialog() {
    const QString dir = chooseExportFolder(this, tr("Save the CSV files to a folder"));
    QStringList written;
    QString error;
    if (dir.isEmpty()) {
        return;
    }
    if (!exportCsv(dir, written, error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(written.join(QStringLiteral(", "))), 8000);
}

} // namespace trackboard
