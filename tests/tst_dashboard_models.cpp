// The alert list's models: the table, its filter, acknowledging, flashing, CSV.
#include "alert_filter_model.h"
#include "alert_table_model.h"
#include "csv_export.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace trackboard;

namespace {
Alert makeAlert(int i, Severity severity, const std::string &rule) {
    Alert a;
    a.alertId = "a" + std::to_string(i);
    a.rule = rule;
    a.severity = severity;
    a.userId = "user-" + std::to_string(i);
    a.eventTimeMs = 1'700'000'000'000 + i * 1000;
    a.message = "User has 31 events in the last minute, \"fast\"";
    a.evidence = {{"events", "31"}, {"window", "60 s"}};
    return a;
}
} // namespace

class TestDashboardModels : public QObject {
    Q_OBJECT

private slots:
    void alertModelPassesModelTester();
    void alertModelKeepsNewestFirstAndCaps();
    void acknowledgingCountsOpenAlerts();
    void seriousAlertsFlashBriefly();
    void eachHighlightKeepsItsOwnTime();
    void summaryHoldsRuleUserAndMessage();
    void filterBySeverityAndRule();
    void alertsCsvQuotesFields();
    void aggregatesCsvListsEveryWindow();
};

void TestDashboardModels::alertModelPassesModelTester() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addAlerts({makeAlert(0, Severity::High, "HIGH_VELOCITY"),
                     makeAlert(1, Severity::Low, "MULTIPLE_IPS"),
                     makeAlert(2, Severity::Critical, "ACCOUNT_TAKEOVER")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(AlertTableModel::ColumnCount));
    QCOMPARE(model.index(0, AlertTableModel::Rule).data().toString(),
             QStringLiteral("ACCOUNT_TAKEOVER"));
    QVERIFY(!model.index(0, AlertTableModel::Severity).data(Qt::DecorationRole).isNull());
    QVERIFY(model.index(0, AlertTableModel::Message)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("events: 31")));
    QVERIFY(model.setData(model.index(1, AlertTableModel::Time), Qt::Checked, Qt::CheckStateRole));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestDashboardModels::alertModelKeepsNewestFirstAndCaps() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<Alert> batch;
    for (int i = 0; i < AlertTableModel::kMaxAlerts + 10; ++i) {
        batch.push_back(makeAlert(i, i % 2 ? Severity::Medium : Severity::High, "R"));
    }
    model.addAlerts({batch.begin(), batch.begin() + 5});
    QCOMPARE(model.index(0, AlertTableModel::User).data().toString(), QStringLiteral("user-4"));
    model.addAlerts({batch.begin() + 5, batch.end()});
    QCOMPARE(model.rowCount(), AlertTableModel::kMaxAlerts);
    QCOMPARE(model.openCount(), AlertTableModel::kMaxAlerts);
    QCOMPARE(model.index(0, AlertTableModel::User).data().toString(),
             QString::fromStdString(batch.back().userId));
    QCOMPARE(model.index(0, AlertTableModel::Severity).data().toString(), QStringLiteral("MEDIUM"));
}

void TestDashboardModels::acknowledgingCountsOpenAlerts() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy open(&model, &AlertTableModel::openCountChanged);
    model.addAlerts({makeAlert(0, Severity::High, "A"), makeAlert(1, Severity::Low, "B")});
    QCOMPARE(model.openCount(), 2);
    QVERIFY(model.setData(model.index(1, AlertTableModel::Time), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.isAcknowledged(1));
    QCOMPARE(model.index(1, AlertTableModel::Time).data(Qt::CheckStateRole).value<Qt::CheckState>(),
             Qt::Checked);
    QCOMPARE(model.openCount(), 1);
    model.acknowledge(1); // twice is once
    QCOMPARE(model.openCount(), 1);
    QCOMPARE(open.count(), 2);
    QCOMPARE(open.last().first().toInt(), 1);
    // Only the check box of the time column acknowledges.
    QVERIFY(!model.setData(model.index(0, AlertTableModel::Rule), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.flags(model.index(0, AlertTableModel::Time)) & Qt::ItemIsUserCheckable);
}

void TestDashboardModels::seriousAlertsFlashBriefly() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFlashMs(300); // the dashboard's 10 s is checked in tst_alert_panel
    model.addAlerts({makeAlert(0, Severity::Medium, "A"), makeAlert(1, Severity::Critical, "B")});
    QVERIFY(model.isFlashing(0)); // the CRITICAL one, newest first
    QVERIFY(!model.isFlashing(1));
    QVERIFY(model.index(0, AlertTableModel::Rule).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model.index(1, AlertTableModel::Rule).data(Qt::BackgroundRole).isValid());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFlashing(0), 300 * 3);
    QVERIFY(changed.count() >= 1);
    QVERIFY(!model.index(0, AlertTableModel::Rule).data(Qt::BackgroundRole).isValid());
}

void TestDashboardModels::eachHighlightKeepsItsOwnTime() {
    // A later serious alert neither cuts an earlier highlight short nor stretches it.
    AlertTableModel model;
    model.setFlashMs(600);
    QElapsedTimer clock;
    clock.start();
    model.addAlerts({makeAlert(0, Severity::High, "A")});
    QTRY_VERIFY(clock.elapsed() >= 300); // QTRY spins the event loop; it never sleeps blind
    model.addAlerts({makeAlert(1, Severity::Critical, "B")});
    QVERIFY(model.isFlashing(0) && model.isFlashing(1));
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFlashing(1), 2'000); // the first one, now in row 1
    QVERIFY(clock.elapsed() >= 600);
    QVERIFY(model.isFlashing(0));
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFlashing(0), 2'000);
    QVERIFY(clock.elapsed() >= 900);
}

void TestDashboardModels::summaryHoldsRuleUserAndMessage() {
    AlertTableModel model;
    model.addAlerts({makeAlert(7, Severity::High, "HIGH_VELOCITY")});
    QCOMPARE(model.index(0, AlertTableModel::Summary).data().toString(),
             QStringLiteral("HIGH_VELOCITY · user-7\nUser has 31 events in the last minute, "
                            "\"fast\""));
}

void TestDashboardModels::filterBySeverityAndRule() {
    AlertTableModel model;
    AlertFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addAlerts({makeAlert(0, Severity::Low, "MULTIPLE_IPS"),
                     makeAlert(1, Severity::High, "HIGH_VELOCITY"),
                     makeAlert(2, Severity::Critical, "ACCOUNT_TAKEOVER"),
                     makeAlert(3, Severity::High, "MULTIPLE_IPS")});
    QCOMPARE(filter.rowCount(), 4);
    filter.setMinimumSeverity(int(Severity::High));
    QCOMPARE(filter.rowCount(), 3);
    filter.setRule(QStringLiteral("MULTIPLE_IPS"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, AlertTableModel::User).data().toString(), QStringLiteral("user-3"));
    filter.setMinimumSeverity(0);
    QCOMPARE(filter.rowCount(), 2);
    // New alerts go through the filter as they arrive.
    model.addAlerts({makeAlert(4, Severity::Medium, "MULTIPLE_IPS"),
                     makeAlert(5, Severity::Medium, "HIGH_VELOCITY")});
    QCOMPARE(filter.rowCount(), 3);
    filter.setRule(QString());
    QCOMPARE(filter.rowCount(), 6);
}

void TestDashboardModels::alertsCsvQuotesFields() {
    AlertTableModel model;
    model.addAlerts({makeAlert(7, Severity::High, "HIGH_VELOCITY")});
    model.acknowledge(0);
    const QStringList lines = alertsCsv(model).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], QStringLiteral("time,severity,rule,user,message,acknowledged,evidence"));
    QVERIFY(lines[1].contains(QLatin1String(",HIGH,HIGH_VELOCITY,user-7,")));
    QVERIFY2(lines[1].contains(QLatin1String("\"User has 31 events in the last minute, "
                                             "\"\"fast\"\"\"")),
             qPrintable(lines[1]));
    QVERIFY(lines[1].contains(QLatin1String(",yes,events=31;window=60 s;")));
}

void TestDashboardModels::aggregatesCsvListsEveryWindow() {
    AnalyticsSnapshot s;
    for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
        s.windows[i].minutes = kAnalyticsWindowMinutes[i];
        s.windows[i].events = 100 * (i + 1);
    }
    s.windows[1].revenue = {{"USD", 12345}};
    s.windows[1].topPages = {{"/home, page", 9}};
    const QString csv = aggregatesCsv(s);
    QVERIFY(csv.startsWith(QLatin1String("window,metric,key,value\n")));
    QVERIFY(csv.contains(QLatin1String("1min,events,,100\n")));
    QVERIFY(csv.contains(QLatin1String("60min,events,,400\n")));
    QVERIFY(csv.contains(QLatin1String("all,events,,500\n")));
    QVERIFY(csv.contains(QLatin1String("5min,revenue_cents,USD,12345\n")));
    QVERIFY(csv.contains(QLatin1String("5min,page_views,\"/home, page\",9\n")));
}

QTEST_MAIN(TestDashboardModels)
#include "tst_dashboard_models.moc"
