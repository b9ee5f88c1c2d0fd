// The window a presenter drives: it opens, shows live data, and Start/Stop controls traffic.
#include "alert_table_model.h"
#include "event_rate_chart.h"
#include "kpi_tile.h"
#include "main_window.h"
#include "pipeline_panel.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

using namespace trackboard;

class TestDashboard : public QObject {
    Q_OBJECT

private slots:
    void windowOpensAndStartStopControlTraffic();
    void alertModelPassesModelTester();
    void alertModelKeepsNewestFirstAndCaps();
};

void TestDashboard::windowOpensAndStartStopControlTraffic() {
    MainWindow::Options options;
    options.pipeline.rate = 1000;
    options.startTraffic = false;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    QVERIFY(window.brokerStatusText().contains(QLatin1String("127.0.0.1:")));
    QVERIFY(window.pipelinePanel()->brokerText().contains(QLatin1String("embedded broker")));
    QVERIFY(!window.trafficRunning());
    QCOMPARE(window.trafficButton()->text(), QStringLiteral("Start traffic"));

    QTest::mouseClick(window.trafficButton(), Qt::LeftButton);
    QVERIFY(window.trafficRunning());
    QCOMPARE(window.trafficButton()->text(), QStringLiteral("Stop traffic"));
    // Live data reaches the tiles, the chart and the pipeline panel.
    QTRY_VERIFY_WITH_TIMEOUT(
        window.kpi(QStringLiteral("events"))->displayedText() != QStringLiteral("–") &&
            window.kpi(QStringLiteral("events"))->displayedText() != QStringLiteral("0"),
        30'000);
    QTRY_VERIFY_WITH_TIMEOUT(window.rateChart()->pointCount(EventType::PageView) > 0, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(window.pipelinePanel()
                                 ->consumerText(PipelinePanel::Reader::Analytics)
                                 .contains(QLatin1String("consuming")),
                             10'000);

    window.rateBox()->setValue(3000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.pipelinePanel()->producerText().contains(QLatin1String("running")), 5'000);

    // A scenario button injects an attack, and the status bar names its target.
    auto *bot = window.findChild<QPushButton *>(QStringLiteral("scenario_bot"));
    QVERIFY(bot);
    QTest::mouseClick(bot, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.statusBar()->currentMessage().startsWith(QLatin1String("Injected bot on user-")),
        5'000);

    // Space toggles too.
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!window.trafficRunning());
    QCOMPARE(window.trafficButton()->text(), QStringLiteral("Start traffic"));
    QTRY_VERIFY_WITH_TIMEOUT(
        window.pipelinePanel()->producerText().contains(QLatin1String("stopped")), 5'000);
    window.close();
}

void TestDashboard::alertModelPassesModelTester() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<Alert> batch(3);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].alertId = "a" + std::to_string(i);
        batch[i].rule = "HIGH_VELOCITY";
        batch[i].severity = Severity::High;
        batch[i].userId = "user-" + std::to_string(i);
        batch[i].message = "User has 31 events in the last minute";
        batch[i].evidence = {{"events", "31"}};
    }
    model.addAlerts(batch);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(AlertTableModel::ColumnCount));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestDashboard::alertModelKeepsNewestFirstAndCaps() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<Alert> batch(AlertTableModel::kMaxAlerts + 10);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].userId = "user-" + std::to_string(i);
        batch[i].severity = i % 2 ? Severity::Medium : Severity::High;
    }
    model.addAlerts({batch.begin(), batch.begin() + 5});
    QCOMPARE(model.index(0, AlertTableModel::User).data().toString(), QStringLiteral("user-4"));
    model.addAlerts({batch.begin() + 5, batch.end()});
    QCOMPARE(model.rowCount(), AlertTableModel::kMaxAlerts);
    const QString newest = QString::fromStdString(batch.back().userId);
    QCOMPARE(model.index(0, AlertTableModel::User).data().toString(), newest);
    QCOMPARE(model.index(0, AlertTableModel::Severity).data().toString(), QStringLiteral("MEDIUM"));
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
