// The dashboard's views fed hand-made snapshots: what each one shows, and that it shows the
// selected window. No broker here; tst_dashboard drives the live pipeline.
#include "bar_chart.h"
#include "business_view.h"
#include "chart_style.h"
#include "dashboard_exporter.h"
#include "dashboard_settings.h"
#include "donut_chart.h"
#include "event_rate_chart.h"
#include "funnel_view.h"
#include "geo_chart.h"
#include "kpi_row.h"
#include "kpi_tile.h"
#include "pipeline_panel.h"
#include "rate_control.h"
#include "revenue_chart.h"
#include "world_map.h"

#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace trackboard;

namespace {
// A snapshot whose windows differ, so a view showing the wrong one is caught.
AnalyticsSnapshot handMadeSnapshot() {
    AnalyticsSnapshot s;
    for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
        WindowMetrics &w = s.windows[i];
        const std::uint64_t k = i + 1;
        w.minutes = kAnalyticsWindowMinutes[i];
        w.funnel = {FunnelStage{1000 * k, 100, 100, 0}, FunnelStage{600 * k, 60, 60, 400 * k},
                    FunnelStage{300 * k, 50, 30, 300 * k}, FunnelStage{150 * k, 50, 15, 150 * k},
                    FunnelStage{90 * k, 60, 9, 60 * k}};
        w.steps = w.funnel; // decreasing: a valid sequential funnel, which the view shows
        w.eventTypes = {{"page_view", 700 * k, 70.0}, {"click", 300 * k, 30.0}};
        w.topPages = {{"/home", 50 * k}, {"/products", 20 * k}, {"/cart", 5 * k}};
        w.countries = {{"US", "US", 40, 400 * k, 0}, {"DE", "DE", 10, 100 * k, 0}};
        w.cities = {{"New York", "US", 20, 250 * k, 0, 40.71, -74.01},
                    {"Berlin", "DE", 8, 80 * k, 0, 52.52, 13.40},
                    {"Chicago", "US", 10, 150 * k, 0}}; // no coordinates: not on the map
        w.deviceTypes = {{"mobile", 60, 60.0}, {"desktop", 30, 30.0}, {"tablet", 10, 10.0}};
        w.topProductsByRevenue = {{"p1", "Lamp", "home", 10, 3, 12000 * std::int64_t(k)}};
    }
    s.eventsPerSecond.assign(120, {});
    s.revenueCentsPerSecond.assign(120, 0);
    for (std::size_t i = 0; i < 120; ++i) {
        s.eventsPerSecond[i][std::size_t(EventType::PageView)] = std::uint32_t(i);
        s.revenueCentsPerSecond[i] = std::int64_t(i) * 100;
    }
    return s;
}
} // namespace

class TestDashboardWidgets : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void funnelShowsUsersConversionAndDropOff();
    void businessViewFollowsTheSelectedWindow();
    void donutAndBarsShowTheSnapshot();
    void geographyClicksThroughToCities();
    void seriesChartsReplaceTheirPoints();
    void rateControlIsLogarithmic();
    void kpiTileShowsTrend();
    void openAlertsRiseInRed();
    void webVisitorsTileOnlyWhileACollectorRuns();
    void pipelinePanelShowsHealth();
    void exportWritesImagesOfTheWidget();
    void settingsRoundTripThroughQSettings();
};

void TestDashboardWidgets::initTestCase() {
    // Never touch the user's real settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard_widgets"));
}

void TestDashboardWidgets::funnelShowsUsersConversionAndDropOff() {
    FunnelView funnel;
    const AnalyticsSnapshot s = handMadeSnapshot();
    funnel.showFunnel(s.window(AnalyticsWindow::Last1Min).funnel, QStringLiteral("last 1 min"));
    QCOMPARE(funnel.stageText(0), QStringLiteral("1,000 users"));
    QCOMPARE(funnel.stageText(2), QStringLiteral("300 users · 50.0 % of previous · 300 dropped"));
    QCOMPARE(funnel.stageName(4), QStringLiteral("Purchased"));
    funnel.resize(600, 300);
    const QImage image = funnel.grab().toImage();
    QCOMPARE(image.size(), QSize(600, 300) * funnel.devicePixelRatio());
}

void TestDashboardWidgets::businessViewFollowsTheSelectedWindow() {
    BusinessView view;
    view.resize(1000, 700);
    view.showSnapshot(handMadeSnapshot());
    QCOMPARE(view.funnel()->stages()[0].users, 2000u); // five minutes by default
    view.setWindow(AnalyticsWindow::Last15Min);
    QCOMPARE(view.funnel()->stages()[0].users, 3000u);
    QCOMPARE(view.eventTypes()->sliceLabel(0), QStringLiteral("page_view  70.0 %"));
    // Hidden tabs are not redrawn until shown, or until an export asks for every tab.
    QVERIFY(view.topPages()->values().isEmpty());
    view.setCurrentIndex(1);
    QCOMPARE(view.topPages()->values(), (QList<qreal>{150, 60, 15}));
    view.setWindow(AnalyticsWindow::Last60Min);
    QCOMPARE(view.topPages()->values(), (QList<qreal>{200, 80, 20}));
    QCOMPARE(view.topProducts()->values(), (QList<qreal>{480}));
    QVERIFY(view.devices()->sliceCount() == 0);
    view.refreshAll();
    QCOMPARE(view.devices()->sliceCount(), 3);
    QCOMPARE(view.charts().size(), 13);
    // The map shows the selected window's cities that have coordinates, busiest first.
    QCOMPARE(int(view.worldMap()->places().size()), 2);
    QCOMPARE(view.worldMap()->places()[0].key, std::string("New York"));
    QCOMPARE(view.worldMap()->places()[0].events, 1000u);
    QCOMPARE(view.worldMap()->places()[1].events, 320u);
    QCOMPARE(BusinessView::windowName(AnalyticsWindow::Last1Min), QStringLiteral("last 1 min"));
}

void TestDashboardWidgets::donutAndBarsShowTheSnapshot() {
    DonutChart donut(QStringLiteral("Devices"), QStringLiteral("tip"), 2);
    std::vector<ShareEntry> shares = {{"mobile", 6, 60.0}, {"desktop", 3, 30.0}, {"tv", 1, 10.0}};
    donut.showShares(shares);
    QCOMPARE(donut.sliceCount(), 2); // capped
    QCOMPARE(donut.sliceLabel(1), QStringLiteral("desktop  30.0 %"));
    donut.showShares({{"mobile", 1, 100.0}});
    QCOMPARE(donut.sliceCount(), 1);
    QCOMPARE(donut.sliceLabel(0), QStringLiteral("mobile  100.0 %"));

    BarChart bars(QStringLiteral("Pages"), QStringLiteral("tip"));
    bars.showBars({QStringLiteral("/a"), QStringLiteral("/b")}, {5, 3}, QStringLiteral("views"));
    QCOMPARE(bars.labels(), (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
    bars.showBars({}, {}, QStringLiteral("views"));
    QVERIFY(bars.labels().isEmpty());
}

void TestDashboardWidgets::geographyClicksThroughToCities() {
    GeoChart geo;
    const AnalyticsSnapshot s = handMadeSnapshot();
    geo.showWindow(s.window(AnalyticsWindow::Last1Min));
    QCOMPARE(geo.bars()->labels(), (QStringList{QStringLiteral("US"), QStringLiteral("DE")}));
    QCOMPARE(geo.bars()->values(), (QList<qreal>{400, 100}));
    QSignalSpy clicked(geo.bars(), &BarChart::barClicked);
    // The chart's own click signal carries the bar's label; drive the path it takes.
    QMetaObject::invokeMethod(geo.bars(), "barClicked", Q_ARG(QString, QStringLiteral("US")));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(geo.country(), QStringLiteral("US"));
    QCOMPARE(geo.bars()->labels(),
             (QStringList{QStringLiteral("New York"), QStringLiteral("Chicago")}));
    QCOMPARE(geo.bars()->values(), (QList<qreal>{250, 150}));
    geo.showWindow(s.window(AnalyticsWindow::Last5Min)); // stays on the country's cities
    QCOMPARE(geo.bars()->values(), (QList<qreal>{500, 300}));
    geo.drillInto(QString());
    QCOMPARE(geo.bars()->labels().size(), 2);
    QCOMPARE(geo.bars()->labels().first(), QStringLiteral("US"));
}

void TestDashboardWidgets::seriesChartsReplaceTheirPoints() {
    EventRateChart rate;
    RevenueChart revenue;
    const AnalyticsSnapshot s = handMadeSnapshot();
    rate.showSnapshot(s);
    revenue.showSnapshot(s);
    // The newest second is still filling and is left out.
    QCOMPARE(rate.pointCount(EventType::PageView), 119);
    QCOMPARE(rate.latestValue(EventType::PageView), 118.0);
    QCOMPARE(revenue.pointCount(), 119);
    // Every line has a colour of its own, also after a theme switch reset them.
    const std::array<EventType, 6> shown = {EventType::PageView,    EventType::Click,
                                            EventType::ProductView, EventType::AddToCart,
                                            EventType::Checkout,    EventType::Purchase};
    const bool wasDark = chartsDark();
    for (const bool dark : {true, false}) {
        setChartsDark(dark);
        restyleChart(&rate);
        rate.showSnapshot(s);
        QSet<QRgb> colours;
        for (const EventType type : shown) {
            colours.insert(rate.lineColor(type).rgb());
        }
        QCOMPARE(colours.size(), qsizetype(shown.size()));
    }
    setChartsDark(wasDark);
    rate.showSnapshot(AnalyticsSnapshot{});
    QCOMPARE(rate.pointCount(EventType::PageView), 0);
}

void TestDashboardWidgets::rateControlIsLogarithmic() {
    RateControl control(200);
    QCOMPARE(control.rate(), 200);
    QCOMPARE(RateControl::sliderToRate(0), 1);
    QCOMPARE(RateControl::sliderToRate(control.slider()->maximum()), RateControl::kMaxRate);
    QCOMPARE(RateControl::sliderToRate(control.slider()->maximum() / 6), 10);
    QCOMPARE(RateControl::sliderToRate(control.slider()->maximum() * 3 / 6), 1000);
    QSignalSpy changed(&control, &RateControl::rateChanged);
    control.slider()->setValue(control.slider()->maximum() * 4 / 6);
    QCOMPARE(control.rate(), 10'000);
    // A rate asked on the command line above what two cores carry shows as asked.
    control.setRate(250'000);
    QCOMPARE(control.rate(), 250'000);
    QCOMPARE(changed.count(), 1);
    control.box()->setValue(123);
    QCOMPARE(changed.last().first().toInt(), 123);
    QCOMPARE(control.slider()->value(), RateControl::rateToSlider(123));
}

void TestDashboardWidgets::kpiTileShowsTrend() {
    KpiTile tile(QStringLiteral("Revenue"), QStringLiteral("Money taken"));
    tile.setValue(QStringLiteral("$10.00"), 1000);
    QCOMPARE(tile.displayedText(), QStringLiteral("$10.00"));
    QCOMPARE(tile.trendText(), QStringLiteral("▶"));
    tile.setValue(QStringLiteral("$12.00"), 1200);
    QCOMPARE(tile.trendText(), QStringLiteral("▲"));
    QCOMPARE(tile.trendColor(), QColor(0x2e, 0x9d, 0x57)); // green: more revenue is good
    tile.setValue(QStringLiteral("$11.00"), 1100);
    QCOMPARE(tile.trendText(), QStringLiteral("▼"));
    QCOMPARE(tile.trendColor(), QColor(0xc0, 0x39, 0x2b));
}

void TestDashboardWidgets::openAlertsRiseInRed() {
    // The dashboard's own tile: more open alerts is bad news, fewer is good.
    KpiRow row;
    auto *tile = row.findChild<KpiTile *>(QStringLiteral("kpi_alerts"));
    QVERIFY(tile);
    row.setOpenAlerts(3);
    row.setOpenAlerts(12);
    QCOMPARE(tile->trendText(), QStringLiteral("▲"));
    QCOMPARE(tile->trendColor(), QColor(0xc0, 0x39, 0x2b));
    row.setOpenAlerts(4);
    QCOMPARE(tile->trendText(), QStringLiteral("▼"));
    QCOMPARE(tile->trendColor(), QColor(0x2e, 0x9d, 0x57));
}

void TestDashboardWidgets::webVisitorsTileOnlyWhileACollectorRuns() {
    KpiRow row;
    row.show();
    auto *tile = row.findChild<KpiTile *>(QStringLiteral("kpi_web_visitors"));
    QVERIFY(tile);
    QVERIFY(tile->isHidden()); // no collector yet: no tile, the other six share the row
    row.showWebVisitors(1234);
    QVERIFY(!tile->isHidden());
    QCOMPARE(tile->displayedText(), QLocale().toString(1234));
    row.showWebVisitors(2);
    QCOMPARE(tile->displayedText(), QStringLiteral("2"));
    QCOMPARE(tile->trendText(), QStringLiteral("▼"));
    row.hideWebVisitors();
    QVERIFY(tile->isHidden());
}

void TestDashboardWidgets::pipelinePanelShowsHealth() {
    PipelinePanel panel;
    panel.setBroker(QStringLiteral("127.0.0.1:9092"), true);
    // Never "connected" before the cluster has answered.
    QVERIFY(panel.brokerText().endsWith(QStringLiteral("connecting…")));
    ClusterHealth cluster;
    cluster.known = cluster.reachable = true;
    cluster.brokers = cluster.brokersSeen = 3;
    cluster.partitions = 6;
    panel.showCluster(cluster);
    QVERIFY(panel.brokerText().endsWith(QLatin1String("3 brokers, 6 partitions fully replicated")));
    cluster.brokers = 2;
    cluster.underReplicated = 4;
    panel.showCluster(cluster);
    QVERIFY2(panel.brokerText().endsWith(
                 QLatin1String("DEGRADED: 2 of 3 brokers up, 4 of 6 partitions under-replicated")),
             qPrintable(panel.brokerText()));
    cluster.reachable = false;
    panel.showCluster(cluster);
    QVERIFY(panel.brokerText().contains(QLatin1String("unreachable")));
    ProducerStats producer;
    producer.state = "unreachable";
    producer.buffered = 1234;
    panel.showProducer(producer);
    QCOMPARE(panel.producerText(), QStringLiteral("⚠ broker unreachable, 1,234 events buffered"));
    QVERIFY(panel.brokerText().endsWith(QLatin1String("unreachable, 1,234 events buffered")));
    // Held back for slow consumers: the panel says why the rate is below the control's.
    producer.state = "running";
    producer.targetRate = 250'000;
    producer.deliveredPerSecond = 61'500;
    producer.throttleBehind = 12'345;
    panel.showProducer(producer);
    QVERIFY(!panel.producerText().contains(QLatin1String("throttled")));
    producer.throttled = true;
    panel.showProducer(producer);
    QVERIFY2(panel.producerText().endsWith(QStringLiteral(
                 "throttled: consumers 12,345 behind · holding 61,500 of 250,000 ev/s")),
             qPrintable(panel.producerText()));
    ConsumerStats consumer;
    consumer.state = "consuming";
    consumer.recentEventsPerSecond = 950;
    consumer.lagMessages = 42;
    consumer.lagSeconds = 1.5;
    consumer.recentLatencyP50Ms = 12;
    consumer.recentLatencyP99Ms = 80;
    consumer.rejected = 3;
    consumer.late = 4;
    consumer.skipped = 5;
    consumer.deadLettered = 3;
    panel.showConsumer(PipelinePanel::Reader::Fraud, consumer);
    const QString text = panel.consumerText(PipelinePanel::Reader::Fraud);
    for (const char *part :
         {"consuming", "950 ev/s", "lag 42 msgs / 1.5 s", "p50 12 ms", "p99 80 ms", "rejected 3",
          "late 4", "skipped 5", "dead-lettered 3", "5 events skipped"}) {
        QVERIFY2(text.contains(QLatin1String(part)), part);
    }
}

void TestDashboardWidgets::exportWritesImagesOfTheWidget() {
    BusinessView view;
    view.resize(800, 500);
    view.showSnapshot(handMadeSnapshot());
    QTemporaryDir dir;
    QStringList written;
    QString error;
    const int all = DashboardExporter::Png | DashboardExporter::Svg | DashboardExporter::Pdf;
    QVERIFY2(DashboardExporter::exportAll(&view, view.charts().mid(0, 2), dir.path(), all,
                                          DashboardExporter::Png | DashboardExporter::Svg, 2,
                                          written, error),
             qPrintable(error));
    QCOMPARE(written.size(), 3 + 2 * 2);
    const QImage image(dir.filePath(QStringLiteral("dashboard.png")));
    QCOMPARE(image.size(), QSize(1600, 1000));
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            colours.insert(image.pixel(x, y));
        }
    }
    QVERIFY2(colours.size() > 20, "the exported dashboard is blank");
    QFile svg(dir.filePath(QStringLiteral("event-types.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));
    QFile pdf(dir.filePath(QStringLiteral("dashboard.pdf")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(!DashboardExporter::exportAll(&view, {}, QStringLiteral("/proc/no/such/dir"), all, 0, 1,
                                          written, error));
    QVERIFY(!error.isEmpty());
}

void TestDashboardWidgets::settingsRoundTripThroughQSettings() {
    QTemporaryDir dir;
    QSettings stored(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    DashboardSettings settings;
    settings.embeddedBroker = false;
    settings.bootstrapServers = QStringLiteral("kafka1:9092");
    settings.extraProperties = QStringLiteral("client.id=demo\nlinger.ms=5\n");
    settings.topic = QStringLiteral("clicks");
    settings.partitions = 3;
    settings.thresholds.velocityMaxEvents = 7;
    settings.refreshMs = 250;
    settings.dark = false;
    settings.save(stored);
    const DashboardSettings loaded = DashboardSettings::load(stored);
    QCOMPARE(loaded.bootstrapServers, settings.bootstrapServers);
    QCOMPARE(loaded.thresholds.velocityMaxEvents, 7);
    QCOMPARE(loaded.refreshMs, 250);
    QCOMPARE(loaded.dark, false);
    Pipeline::Options options;
    QString error;
    QVERIFY2(loaded.applyTo(options, error), qPrintable(error));
    QCOMPARE(options.kafka.brokers, std::string("kafka1:9092"));
    QCOMPARE(options.kafka.topic, std::string("clicks"));
    QCOMPARE(options.kafka.properties.size(), std::size_t(2));
    QCOMPARE(options.thresholds.velocityMaxEvents, 7);
    DashboardSettings bad = loaded;
    bad.extraProperties = QStringLiteral("no equals sign");
    QVERIFY(!bad.applyTo(options, error));
    QVERIFY(error.contains(QLatin1String("no equals sign")));
}

QTEST_MAIN(TestDashboardWidgets)
#include "tst_dashboard_widgets.moc"
