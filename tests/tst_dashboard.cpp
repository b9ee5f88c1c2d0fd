// The window a presenter drives, over the live pipeline: it opens, shows live data, and the
// controls (Start/Stop, rate, a scenario button, the window selector, reset) change what it shows.
#include "alert_filter_model.h"
#include "alert_panel.h"
#include "alert_table_model.h"
#include "business_view.h"
#include "control_bar.h"
#include "event_rate_chart.h"
#include "funnel_view.h"
#include "kpi_tile.h"
#include "main_window.h"
#include "pipeline_panel.h"
#include "rate_control.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace trackboard;

class TestDashboard : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void presenterDrivesTheLiveDashboard();
    void pipelinePanelFollowsTheAnalyticsStatsBetweenSnapshots();
};

void TestDashboard::initTestCase() {
    // Never touch the user's real settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard"));
}

void TestDashboard::presenterDrivesTheLiveDashboard() {
    MainWindow::Options options;
    options.pipeline.rate = 1000;
    options.startTraffic = false;
    MainWindow window(options);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAbstractItemModelTester tester(window.alertModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    QVERIFY(window.brokerStatusText().contains(QLatin1String("127.0.0.1:")));
    QVERIFY(window.pipelinePanel()->brokerText().contains(QLatin1String("embedded broker")));
    QVERIFY(!window.trafficRunning());
    QCOMPARE(window.trafficButton()->text(), QStringLiteral("Start traffic"));

    QTest::mouseClick(window.trafficButton(), Qt::LeftButton);
    QVERIFY(window.trafficRunning());
    QCOMPARE(window.trafficButton()->text(), QStringLiteral("Stop traffic"));
    // Live data reaches the tiles, the charts, the funnel and the pipeline panel.
    const auto users = [&] { return window.kpi(QStringLiteral("active_users"))->displayedText(); };
    QTRY_VERIFY_WITH_TIMEOUT(users() != QStringLiteral("–") && users() != QStringLiteral("0"),
                             30'000);
    QTRY_VERIFY_WITH_TIMEOUT(window.rateChart()->pointCount(EventType::PageView) > 0, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(window.business()->funnel()->stages()[0].users > 0, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(window.pipelinePanel()
                                 ->consumerText(PipelinePanel::Reader::Analytics)
                                 .contains(QLatin1String("consuming")),
                             10'000);

    // The rate slider (log scale) reaches the simulator.
    QSlider *slider = window.rateControl()->slider();
    slider->setValue(RateControl::rateToSlider(3000));
    // The slider moves in steps of 1/100 of a decade: about 3,000.
    QCOMPARE(window.rateBox()->value(), RateControl::sliderToRate(RateControl::rateToSlider(3000)));
    QTRY_VERIFY_WITH_TIMEOUT(
        window.pipelinePanel()->producerText().contains(QLatin1String("running")), 5'000);

    // Thresholds apply live: with a bot threshold of 5 actions a minute, the bot button's
    // attack lands in the alert list within seconds, and it flashes (HIGH).
    DashboardSettings settings = window.settings();
    settings.thresholds.velocityMaxEvents = 5;
    window.applySettings(settings);
    auto *bot = window.findChild<QPushButton *>(QStringLiteral("scenario_bot"));
    QVERIFY(bot);
    QTest::mouseClick(bot, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.statusBar()->currentMessage().startsWith(QLatin1String("Injected bot on user-")),
        5'000);
    const QString botUser = window.statusBar()->currentMessage().section(QLatin1Char(' '), 3, 3);
    const auto botAlertRow = [&] {
        for (int row = 0; row < window.alertModel()->rowCount(); ++row) {
            const Alert &a = window.alertModel()->alertAt(row);
            if (a.rule == "HIGH_VELOCITY" && QString::fromStdString(a.userId) == botUser) {
                return row;
            }
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(botAlertRow() >= 0, 20'000);
    QVERIFY(window.kpi(QStringLiteral("alerts"))->displayedText() != QStringLiteral("0"));

    // The severity filter and the details pane.
    AlertPanel *panel = window.alertPanel();
    panel->severityFilter()->setCurrentIndex(panel->severityFilter()->count() - 1); // CRITICAL
    QTRY_COMPARE(panel->filter()->rowCount(), 0);
    panel->severityFilter()->setCurrentIndex(0);
    QVERIFY(panel->filter()->rowCount() > 0);
    panel->selectRow(0);
    QVERIFY(panel->detailsText().contains(
        QString::fromStdString(window.alertModel()->alertAt(0).rule)));
    const int open = window.alertModel()->openCount();
    QTest::mouseClick(panel->acknowledgeButton(), Qt::LeftButton);
    QCOMPARE(window.alertModel()->openCount(), open - 1);

    // The window selector: the funnel follows it.
    QTest::mouseClick(window.controls()->windowButton(AnalyticsWindow::Last1Min), Qt::LeftButton);
    QCOMPARE(window.business()->window(), AnalyticsWindow::Last1Min);
    QVERIFY(window.controls()->windowButton(AnalyticsWindow::Last1Min)->isChecked());
    QCOMPARE(window.business()->funnel()->windowName(), QStringLiteral("last 1 min"));
    const int rendersBefore = window.renderCount();
    QTRY_VERIFY_WITH_TIMEOUT(window.renderCount() > rendersBefore, 5'000);

    // Export: every file written, and CSV of the alert list.
    QTemporaryDir dir;
    QStringList written;
    QVERIFY2(window.exportTo(dir.path(), 1, 1, 1, written, error), qPrintable(error));
    QCOMPARE(written.size(), 1 + window.business()->charts().size());
    QVERIFY2(window.exportCsv(dir.path(), written, error), qPrintable(error));
    QFile alerts(dir.filePath(QStringLiteral("alerts.csv")));
    QVERIFY(alerts.open(QIODevice::ReadOnly));
    QVERIFY(alerts.readAll().contains(botUser.toUtf8()));

    // Space toggles too, and Reset stops traffic and clears the list.
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!window.trafficRunning());
    QCOMPARE(window.trafficButton()->text(), QStringLiteral("Start traffic"));
    QTRY_VERIFY_WITH_TIMEOUT(
        window.pipelinePanel()->producerText().contains(QLatin1String("stopped")), 5'000);
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(window.trafficRunning());
    window.controls()->resetAction->trigger();
    QVERIFY(!window.trafficRunning());
    QCOMPARE(window.alertModel()->rowCount(), 0);
    QCOMPARE(window.business()->window(), AnalyticsWindow::Last5Min);
    QCOMPARE(window.rateBox()->value(), 1000);
    window.close();
}

void TestDashboard::pipelinePanelFollowsTheAnalyticsStatsBetweenSnapshots() {
    MainWindow::Options options;
    options.startTraffic = false;
    MainWindow window(options);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy snapshots(&window.pipeline(), &Pipeline::analyticsSnapshot);
    // The worker's figures between two merged snapshots: no snapshot comes with them.
    ConsumerStats stats;
    stats.state = "consuming";
    stats.consumed = 1'234'567;
    stats.recentLatencyP99Ms = 48;
    stats.heldMessages = 2'500;
    stats.heldPartitions = 3;
    emit window.pipeline().analyticsStats(stats);
    const QString text = window.pipelinePanel()->consumerText(PipelinePanel::Reader::Analytics);
    QVERIFY2(text.contains(QLocale().toString(1'234'567)) && text.contains(QLatin1String("p99 48")),
             qPrintable(text));
    // A backlog read in event time holds the partitions that run ahead: said, with how many.
    QVERIFY2(
        text.contains(QStringLiteral("%1 held in 3 partitions").arg(QLocale().toString(2'500))),
        qPrintable(text));
    QCOMPARE(snapshots.count(), 0);
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
