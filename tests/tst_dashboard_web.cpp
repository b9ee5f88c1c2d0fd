// The dashboard's own web collector (Settings > Kafka > "Accept events from web pages on
// port"): it starts with the pipeline, a purchase posted by a web page reaches the revenue
// tile, the live web visitors tile counts its visitor, and the pipeline panel shows the
// collector's counters.
#include "collector_http_client.h"
#include "kpi_tile.h"
#include "main_window.h"
#include "pipeline_panel.h"

#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

using namespace trackboard;

namespace {

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestDashboardWeb : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // never touch the user's real settings
        QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard_web"));
    }

    void purchaseFromAWebPageReachesTheDashboard() {
        MainWindow::Options options;
        options.startTraffic = false; // only the web page's events
        options.settings.webCollectorPort = freePort();
        MainWindow window(options);
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QString error;
        QVERIFY2(window.startPipeline(error), qPrintable(error));
        const auto port = quint16(options.settings.webCollectorPort);
        QTRY_VERIFY_WITH_TIMEOUT(window.pipelinePanel()->webCollectorText().contains(
                                     QStringLiteral("port %1").arg(port)),
                                 5'000);
        KpiTile *visitors = window.kpi(QStringLiteral("web_visitors"));
        QVERIFY(visitors);
        QTRY_VERIFY_WITH_TIMEOUT(!visitors->isHidden(), 5'000);
        QCOMPARE(visitors->displayedText(), QStringLiteral("0"));
        // Seven tiles still fit the 1280-pixel-wide window the dashboard is sized for (1,098 px
        // measured, 945 with six).
        QVERIFY2(window.minimumSizeHint().width() <= 1280,
                 qPrintable(QString::number(window.minimumSizeHint().width())));

        const QByteArray purchase =
            R"([{"event_type":"page_view","page":"/demo/","tz":"Europe/Berlin"},)"
            R"({"event_type":"purchase","page":"/demo/checkout","quantity":1,)"
            R"("product":{"id":"p-1001","name":"Headphones","category":"electronics","price":199},)"
            R"("order":{"id":"web-1","value":199,"currency":"USD"}}])";
        QCOMPARE(exchange(port, postRequest(purchase)).status, 202);

        QTRY_VERIFY_WITH_TIMEOUT(
            window.kpi(QStringLiteral("revenue"))->displayedText().contains(QLatin1String("199")),
            20'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.pipelinePanel()->webCollectorText().contains(
                                     QLatin1String("1 live web visitor\n")),
                                 5'000);
        QVERIFY(window.pipelinePanel()->webCollectorText().contains(QLatin1String("2 events")));
        // One browser sent both events: one visitor, not one per event.
        QTRY_COMPARE_WITH_TIMEOUT(visitors->displayedText(), QStringLiteral("1"), 5'000);
        window.close();
        QVERIFY(visitors->isHidden()); // the collector stopped with the window
    }

    void noCollectorNoWebVisitorsTile() {
        MainWindow::Options options;
        options.startTraffic = false;
        MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.kpi(QStringLiteral("web_visitors"))->isHidden());
        QVERIFY(window.kpi(QStringLiteral("revenue"))->isVisible());
    }
};

QTEST_MAIN(TestDashboardWeb)
#include "tst_dashboard_web.moc"
