// The alert list as the audience sees it (issue 16, section 4): HIGH and above by default with
// a count of what is hidden, the message readable without a horizontal scroll bar, and a new
// serious alert announced by name for at least 10 s.
#include "alert_filter_model.h"
#include "alert_panel.h"
#include "alert_table_model.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

using namespace trackboard;

namespace {
Alert makeAlert(int i, Severity severity, const std::string &rule, const std::string &message) {
    Alert a;
    a.alertId = "a" + std::to_string(i);
    a.rule = rule;
    a.severity = severity;
    a.userId = "user-" + std::to_string(1000 + i);
    a.eventTimeMs = 1'700'000'000'000 + i * 1000;
    a.message = message;
    return a;
}

// The longest message the rules write, near enough.
const std::string kTakeover =
    "Account takeover: login from new IP 10.120.250.7 2.5 min after 7 failed logins";
} // namespace

class TestAlertPanel : public QObject {
    Q_OBJECT

private slots:
    void listsHighAndAboveByDefault();
    void messageReadableWithoutScrolling_data();
    void messageReadableWithoutScrolling();
    void largeTextWidensColumnsAndRows();
    void newSeriousAlertNamedForTenSeconds();
};

void TestAlertPanel::listsHighAndAboveByDefault() {
    AlertTableModel model;
    AlertPanel panel(&model);
    QCOMPARE(panel.severityFilter()->currentData().toInt(), int(Severity::High));
    model.addAlerts({makeAlert(0, Severity::Medium, "HIGH_VALUE_PURCHASE", "$999.99"),
                     makeAlert(1, Severity::Medium, "HIGH_VALUE_PURCHASE", "$1,999.99"),
                     makeAlert(2, Severity::High, "HIGH_VELOCITY", "41 events"),
                     makeAlert(3, Severity::Critical, "BRUTE_FORCE_LOGIN", kTakeover)});
    QCOMPARE(panel.filter()->rowCount(), 2);
    QCOMPARE(panel.hiddenNote()->text(), QStringLiteral("2 hidden by the filters"));
    panel.severityFilter()->setCurrentIndex(0); // all severities
    QCOMPARE(panel.filter()->rowCount(), 4);
    QVERIFY(panel.hiddenNote()->text().isEmpty());
}

void TestAlertPanel::messageReadableWithoutScrolling_data() {
    QTest::addColumn<int>("width");
    // The panel's width in a 1366x768 window, and in full screen at 1920x1080.
    QTest::newRow("1366 window") << 480;
    QTest::newRow("1920 full screen") << 700;
}

void TestAlertPanel::messageReadableWithoutScrolling() {
    QFETCH(int, width);
    AlertTableModel model;
    AlertPanel panel(&model);
    panel.resize(width, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    model.addAlerts(
        {makeAlert(0, Severity::High, "HIGH_VALUE_PURCHASE", "High-value purchase: $7,502.97"),
         makeAlert(1, Severity::Critical, "BRUTE_FORCE_LOGIN", kTakeover)});
    QTableView *view = panel.view();
    QCOMPARE(view->horizontalScrollBar()->isVisible(), false);
    QCOMPARE(view->horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
    for (int row = 0; row < 2; ++row) {
        const QModelIndex index = panel.filter()->index(row, AlertTableModel::Summary);
        const QRect cell = view->visualRect(index);
        // The whole cell is inside the viewport: nothing is beyond its right edge.
        QVERIFY2(view->viewport()->rect().contains(cell),
                 qPrintable(QStringLiteral("cell %1,%2 %3x%4 in a viewport %5 wide")
                                .arg(cell.x())
                                .arg(cell.y())
                                .arg(cell.width())
                                .arg(cell.height())
                                .arg(view->viewport()->width())));
        // And tall enough for the rule, the user and every wrapped line of the message.
        const QString text = index.data().toString();
        const QRect needed = view->fontMetrics().boundingRect(QRect(0, 0, cell.width() - 8, 10'000),
                                                              Qt::TextWordWrap, text);
        QVERIFY2(cell.height() >= needed.height(),
                 qPrintable(QStringLiteral("%1 px tall, the text needs %2")
                                .arg(cell.height())
                                .arg(needed.height())));
    }
}

void TestAlertPanel::largeTextWidensColumnsAndRows() {
    AlertTableModel model;
    AlertPanel panel(&model);
    panel.resize(480, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    model.addAlerts({makeAlert(0, Severity::Critical, "BRUTE_FORCE_LOGIN", kTakeover)});
    QTableView *view = panel.view();
    const int timeWidth = view->columnWidth(AlertTableModel::Time);
    const int rowHeight = view->rowHeight(0);
    QFont large = panel.font();
    large.setPointSizeF(large.pointSizeF() * 1.5); // what View > Large text does
    panel.setFont(large);
    QVERIFY(view->columnWidth(AlertTableModel::Time) > timeWidth);
    QTRY_VERIFY(view->rowHeight(0) > rowHeight);
    const QModelIndex index = panel.filter()->index(0, AlertTableModel::Summary);
    const QRect cell = view->visualRect(index);
    const QRect needed = view->fontMetrics().boundingRect(
        QRect(0, 0, cell.width() - 8, 10'000), Qt::TextWordWrap, index.data().toString());
    QVERIFY(cell.height() >= needed.height());
    QVERIFY(view->viewport()->rect().contains(cell));
}

void TestAlertPanel::newSeriousAlertNamedForTenSeconds() {
    AlertTableModel model; // the dashboard's own highlight time
    AlertPanel panel(&model);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(!panel.newAlertBanner()->isVisible());
    model.addAlerts({makeAlert(1, Severity::Medium, "HIGH_VALUE_PURCHASE", "$999.99")});
    QVERIFY(!panel.newAlertBanner()->isVisible()); // MEDIUM is not announced

    QElapsedTimer clock;
    clock.start();
    model.addAlerts({makeAlert(2, Severity::Critical, "BRUTE_FORCE_LOGIN", kTakeover)});
    QVERIFY(panel.newAlertBanner()->isVisible());
    const QString banner = panel.newAlertBanner()->text();
    QVERIFY2(banner.contains(QLatin1String("user-1002")) &&
                 banner.contains(QLatin1String("CRITICAL")) &&
                 banner.contains(QLatin1String("BRUTE_FORCE_LOGIN")),
             qPrintable(banner));
    QVERIFY(model.isFlashing(0));
    // Both the banner and the row's highlight last at least 10 s of wall time.
    QTRY_VERIFY_WITH_TIMEOUT(!model.isFlashing(0), 20'000);
    QVERIFY2(clock.elapsed() >= 10'000, qPrintable(QString::number(clock.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(!panel.newAlertBanner()->isVisible(), 5'000);
    QVERIFY2(clock.elapsed() >= 10'000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_MAIN(TestAlertPanel)
#include "tst_alert_panel.moc"
