// The alert list as the audience sees it (issue 16, section 4): HIGH and above by default with
// a count of what is hidden, the message readable without a horizontal scroll bar, and a new
// serious alert announced by name for at least 10 s; and the user drill-down it opens (section
// 2), shown from a hand-built profile.
#include "alert_filter_model.h"
#include "alert_panel.h"
#include "alert_table_model.h"
#include "kpi_row.h"
#include "kpi_tile.h"
#include "user_drilldown.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

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
    void userActivatedEachWay();
    void drilldownShowsAProfile();
    void drilldownSaysWhenNothingIsHeld();
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
    // The headline tile counts the open alerts the list shows, and names the hidden ones.
    QSignalSpy open(&panel, &AlertPanel::openCountsChanged);
    model.acknowledge(0); // the newest row: the CRITICAL one
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.last(), (QVariantList{1, 2}));
    panel.severityFilter()->setCurrentIndex(0); // all severities
    QCOMPARE(panel.filter()->rowCount(), 4);
    QVERIFY(panel.hiddenNote()->text().isEmpty());
    QCOMPARE(open.last(), (QVariantList{3, 0}));
    KpiRow kpis;
    kpis.setOpenAlerts(1, 2);
    QCOMPARE(kpis.tile(QStringLiteral("alerts"))->displayedText(), QStringLiteral("1"));
    QVERIFY(kpis.tile(QStringLiteral("alerts"))
                ->toolTip()
                .endsWith(QStringLiteral("2 more below the list's filters.")));
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

// Double-click, Enter, the "User activity…" button and the user's link in the evidence each
// ask for the drill-down of the alert's user.
void TestAlertPanel::userActivatedEachWay() {
    AlertTableModel model;
    AlertPanel panel(&model);
    panel.resize(500, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    model.addAlerts({makeAlert(0, Severity::High, "HIGH_VELOCITY", "41 events"),
                     makeAlert(1, Severity::Critical, "BRUTE_FORCE_LOGIN", kTakeover)});
    QSignalSpy asked(&panel, &AlertPanel::userActivated);
    const auto lastUser = [&] {
        return QString::fromStdString(asked.last().at(0).value<Alert>().userId);
    };
    QVERIFY(!panel.userActivityButton()->isEnabled()); // nothing selected
    QTableView *view = panel.view();
    // Newest first: row 0 is user-1001's.
    const QPoint row1 =
        view->visualRect(panel.filter()->index(1, AlertTableModel::Summary)).center();
    // A real double-click starts with a click: the view activates the row it pressed.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, row1);
    QCOMPARE(asked.count(), 0); // a single click only selects
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, row1);
    QCOMPARE(asked.count(), 1);
    QCOMPARE(lastUser(), QStringLiteral("user-1000"));

    view->setFocus();
    view->setCurrentIndex(panel.filter()->index(0, AlertTableModel::Summary));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(asked.count(), 2);
    QCOMPARE(lastUser(), QStringLiteral("user-1001"));

    panel.selectRow(1);
    QVERIFY(panel.userActivityButton()->isEnabled());
    QTest::mouseClick(panel.userActivityButton(), Qt::LeftButton);
    QCOMPARE(asked.count(), 3);
    QCOMPARE(lastUser(), QStringLiteral("user-1000"));

    auto *details = panel.findChild<QTextBrowser *>(QStringLiteral("alertDetails"));
    QVERIFY(details);
    QVERIFY(details->toHtml().contains(QLatin1String("href=\"user\"")));
    emit details->anchorClicked(QUrl(QStringLiteral("user")));
    QCOMPARE(asked.count(), 4);
    QCOMPARE(lastUser(), QStringLiteral("user-1000"));
}

void TestAlertPanel::drilldownShowsAProfile() {
    constexpr std::int64_t now = 1'700'000'100'000;
    UserProfile p;
    p.userId = "user-7";
    p.held = true;
    p.partition = 4;
    p.takenAtMs = now;
    p.lastSeenMs = now - 500;
    p.heldFromMs = now - 3 * 3'600'000;
    p.riskScore = 62.4;
    p.events = {{now - 500, "login", -1, true, "10.0.0.2", "JP", "Tokyo", 35.68, 139.65},
                {now - 90'000, "page_view", -1, true, "10.0.0.1", "GB", "London", 51.51, -0.13},
                {now - 3 * 3'600'000, "purchase", 1250, false, {}, {}, {}, 0, 0}};
    p.addresses = {{"10.0.0.2", now - 500, now - 500}, {"10.0.0.1", now - 90'000, now - 90'000}};
    p.places = {{"JP", "Tokyo", 35.68, 139.65, now - 500, now - 500},
                {"GB", "London", 51.51, -0.13, now - 90'000, now - 90'000}};
    p.alerts = {{"IMPOSSIBLE_TRAVEL", Severity::High, now - 500}};
    p.limits = {"Not held: pages and products (no fraud rule reads them)."};

    UserDrilldown dialog;
    QSignalSpy asked(&dialog, &UserDrilldown::refreshRequested);
    dialog.showUser(QStringLiteral("user-7"));
    QCOMPARE(asked.count(), 1); // at once
    QCOMPARE(asked.last().at(0).toString(), QStringLiteral("user-7"));
    QVERIFY(!dialog.showsActivity()); // asking
    UserProfile other = p;
    other.userId = "user-8";
    dialog.showProfile(other); // an answer that crossed a change of user
    QVERIFY(!dialog.showsActivity());
    dialog.showProfile(p);
    QVERIFY(dialog.showsActivity());
    QVERIFY(dialog.title()->text().contains(QLatin1String("User user-7")));

    const QTableWidget *events = dialog.eventsTable();
    QCOMPARE(events->rowCount(), 3);
    QCOMPARE(events->item(0, 0)->text(), QStringLiteral("just now"));
    QCOMPARE(events->item(1, 0)->text(), QStringLiteral("90 s ago"));
    QCOMPARE(events->item(2, 0)->text(), QStringLiteral("3.0 h ago"));
    QCOMPARE(events->item(0, 3)->text(), QStringLiteral("10.0.0.2"));
    QCOMPARE(events->item(0, 4)->text(), QStringLiteral("Tokyo, JP"));
    QCOMPARE(events->item(2, 2)->text(), QStringLiteral("$12.50"));
    QCOMPARE(events->item(2, 3)->text(), QStringLiteral("not held"));
    QCOMPARE(dialog.addressesTable()->rowCount(), 2);
    QCOMPARE(dialog.placesTable()->item(1, 0)->text(), QStringLiteral("London"));
    QCOMPARE(dialog.placesTable()->item(1, 2)->text(), QStringLiteral("51.51, -0.13"));
    QCOMPARE(dialog.alertsTable()->item(0, 1)->text(), QStringLiteral("IMPOSSIBLE_TRAVEL"));
    QVERIFY(dialog.refreshedAt()->text().startsWith(QLatin1String("Refreshed at ")));

    QTest::mouseClick(dialog.refreshButton(), Qt::LeftButton);
    QCOMPARE(asked.count(), 2);
    QCOMPARE(UserDrilldown::ago(now - 119'999, now), QStringLiteral("119 s ago"));
    QCOMPARE(UserDrilldown::ago(now - 120'000, now), QStringLiteral("2 min ago"));
}

void TestAlertPanel::drilldownSaysWhenNothingIsHeld() {
    UserDrilldown dialog;
    dialog.showUser(QStringLiteral("user-9"));
    UserProfile none;
    none.userId = "user-9";
    dialog.showProfile(none);
    QVERIFY(!dialog.showsActivity());
    QVERIFY(dialog.stateNote()->text().startsWith(
        QLatin1String("No recent activity held for user-9.")));
}

QTEST_MAIN(TestAlertPanel)
#include "tst_alert_panel.moc"
