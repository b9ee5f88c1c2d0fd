// The small things a presenter trips over: Space in the rate box, Reset without asking, a second
// dashboard started by a double click, invisible check boxes in the dark theme, exporting into a
// folder that does not exist yet, and Settings that contradict --brokers.
#include "dashboard_instance.h"
#include "dashboard_settings.h"
#include "export_folder_dialog.h"
#include "funnel_view.h"
#include "kpi_tile.h"
#include "main_window.h"
#include "pipeline_panel.h"
#include "rate_control.h"
#include "settings_dialog.h"
#include "theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace trackboard;

namespace {
// Runs `act` on the next modal dialog of type T once it is up.
template <typename T> void onNextModal(const std::function<void(T *)> &act) {
    auto *poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, [poll, act] {
        if (auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            act(dialog);
        }
    });
    poll->start(20);
}

int colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}
} // namespace

class TestDashboardChores : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void spaceInTheRateBoxTogglesTraffic();
    void secondDashboardAsksFirst();
    void checkBoxesShowInTheDarkTheme();
    void exportFolderMayBeNew();
    void settingsSayWhenBrokersAreOverridden();
    void textFitsUnderLargeText();
};

void TestDashboardChores::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard_chores"));
}

void TestDashboardChores::spaceInTheRateBoxTogglesTraffic() {
    MainWindow::Options options;
    options.pipeline.rate = 200;
    options.startTraffic = false;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    window.activateWindow();
    window.rateBox()->setFocus();
    QTRY_VERIFY(window.rateBox()->hasFocus());
    const QString before = window.rateBox()->text();
    QTest::keyClick(window.rateBox(), Qt::Key_Space);
    QVERIFY(window.trafficRunning());
    QCOMPARE(window.rateBox()->text(), before);
    QTest::keyClick(window.rateBox(), Qt::Key_Space);
    QVERIFY(!window.trafficRunning());
    QCOMPARE(window.rateBox()->value(), 200);

    // Reset asks first: Cancel keeps everything, Reset stops the traffic.
    window.setAskBeforeReset(true);
    window.toggleTraffic();
    QVERIFY(window.trafficRunning());
    QString question;
    onNextModal<QMessageBox>([&question](QMessageBox *box) {
        question = box->text();
        box->button(QMessageBox::Cancel)->click();
    });
    QVERIFY(!window.confirmAndReset());
    QVERIFY(question.contains(QLatin1String("clears every figure")));
    QVERIFY(window.trafficRunning());
    onNextModal<QMessageBox>([](QMessageBox *box) { box->button(QMessageBox::Reset)->click(); });
    QVERIFY(window.confirmAndReset());
    QVERIFY(!window.trafficRunning());
    window.close();
}

void TestDashboardChores::secondDashboardAsksFirst() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dashboard.lock"));
    int asked = 0;
    qint64 askedPid = -1;
    const auto decline = [&](qint64 pid) {
        ++asked;
        askedPid = pid;
        return false;
    };
    const auto first = DashboardInstance::acquire(decline, path);
    QVERIFY(first && first->isLocked());
    QCOMPARE(asked, 0);
    QVERIFY(!DashboardInstance::acquire(decline, path));
    QCOMPARE(asked, 1);
    QCOMPARE(askedPid, QCoreApplication::applicationPid());
    QVERIFY(DashboardInstance::acquire([](qint64) { return true; }, path) != nullptr);
}

void TestDashboardChores::checkBoxesShowInTheDarkTheme() {
    applyTheme(true, 1.0);
    QCheckBox box; // no text: only the indicator is drawn
    box.resize(box.sizeHint());
    const QImage image = box.grab().toImage();
    const QColor window = box.palette().color(QPalette::Window);
    // The indicator's outline: some pixel stands well out of the window colour (Fusion's own
    // outline is within a few shades of it).
    int best = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            best = std::max(best, colourDistance(image.pixelColor(x, y), window));
        }
    }
    QVERIFY2(best > 150, qPrintable(QStringLiteral("outline contrast %1").arg(best)));
    applyTheme(false, 1.0);
}

void TestDashboardChores::exportFolderMayBeNew() {
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("client-demo/exports"));
    QDir().mkpath(dir.filePath(QStringLiteral("client-demo")));
    // The dialog fills in its dated default once its folder has loaded, which may come after a
    // first typing: the name is typed again until it holds, then accepted.
    QTimer typeName;
    connect(&typeName, &QTimer::timeout, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            return;
        }
        if (dialog->selectedFiles().value(0) == fresh) {
            typeName.stop();
            QMetaObject::invokeMethod(dialog, "accept", Qt::QueuedConnection);
        } else if (auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))) {
            name->setText(fresh); // as typed: selectFile() leaves a focused name box alone
        }
    });
    typeName.start(20);
    QCOMPARE(chooseExportFolder(nullptr, QStringLiteral("Export")), fresh);
}

void TestDashboardChores::settingsSayWhenBrokersAreOverridden() {
    DashboardSettings stored; // embedded by default
    SettingsDialog dialog(stored);
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("kafkaOverrideNote"));
    QVERIFY(note);
    dialog.showRunningKafka(QStringLiteral("10.0.0.5:9092"));
    QVERIFY(!note->isHidden());
    QVERIFY(note->text().contains(QLatin1String("10.0.0.5:9092")));
    dialog.showRunningKafka(QString());
    QVERIFY(note->isHidden());
}

void TestDashboardChores::textFitsUnderLargeText() {
    applyTheme(true, 1.35);
    // A revenue figure in a narrow tile is drawn smaller, never cut to "$226,835.3".
    KpiTile tile(QStringLiteral("Revenue"), QString());
    tile.resize(150, 90);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    tile.setValue(QStringLiteral("$226,835.30"), 1);
    auto *value = tile.findChild<QLabel *>(QStringLiteral("kpiValue"));
    QVERIFY(value);
    QTRY_VERIFY(value->fontMetrics().horizontalAdvance(value->text()) <= value->width());

    // The pipeline figures follow the application font (they stayed at 11 px before).
    PipelinePanel panel;
    auto *figures = panel.findChild<QLabel *>(QStringLiteral("pipelineValue"));
    QVERIFY(figures);
    const qreal large = figures->font().pointSizeF();
    applyTheme(true, 1.0);
    QTRY_VERIFY(figures->font().pointSizeF() < large * 0.8);

    // A narrow funnel says less rather than "1,777 dropp".
    FunnelView funnel;
    std::array<FunnelStage, kFunnelStages.size()> stages{};
    stages[0].users = 1859;
    stages[1] = {82, 4.4, 4.4, 1777};
    funnel.showFunnel(stages, QStringLiteral("last 5 min"));
    const QString full = funnel.fittedStageText(1, 10'000);
    QCOMPARE(full, funnel.stageText(1));
    const int narrow = funnel.fontMetrics().horizontalAdvance(full) - 10;
    const QString shorter = funnel.fittedStageText(1, narrow);
    QVERIFY(funnel.fontMetrics().horizontalAdvance(shorter) <= narrow);
    QVERIFY(shorter.contains(QLatin1String("1,777")));
    applyTheme(false, 1.0);
}

QTEST_MAIN(TestDashboardChores)
#include "tst_dashboard_chores.moc"
