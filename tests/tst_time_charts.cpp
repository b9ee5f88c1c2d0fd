// The dashboard's two time charts (events per second, revenue per second): the selected window
// drives their time axis, the value axis follows what is on screen, ticks are round and carry
// units, and at start-up the axis spans what has happened rather than empty minutes.
#include "event_rate_chart.h"
#include "revenue_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QTest>
#include <QValueAxis>

#include <cmath>

using namespace trackboard;

namespace {

constexpr auto kPageView = std::size_t(EventType::PageView);

// A full snapshot: 15 minutes of seconds and an hour of buckets, `perSecond` page views a
// second throughout, and `burst` page views in the second 600 s before now.
AnalyticsSnapshot steadySnapshot(std::uint32_t perSecond, std::uint32_t burst = 0) {
    AnalyticsSnapshot s;
    s.eventsPerSecond.assign(900, {});
    s.revenueCentsPerSecond.assign(900, 0);
    for (std::size_t i = 0; i < 900; ++i) {
        s.eventsPerSecond[i][kPageView] = perSecond;
        s.revenueCentsPerSecond[i] = 100 * perSecond;
    }
    s.eventsPerSecond[900 - 600][kPageView] = burst;
    s.eventsPerBucket.assign(360, {});
    s.revenueCentsPerBucket.assign(360, 0);
    for (std::size_t i = 0; i < 360; ++i) {
        s.eventsPerBucket[i][kPageView] = 10 * perSecond;
        s.revenueCentsPerBucket[i] = 1000 * perSecond;
    }
    return s;
}

bool isRound(double tick) { // 1, 2 or 5 times a power of ten
    const double power = std::pow(10.0, std::floor(std::log10(tick)));
    const double mantissa = tick / power;
    return std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
           std::abs(mantissa - 2.5) < 1e-9 || std::abs(mantissa - 5) < 1e-9;
}

// Time ticks fall on what a clock reader counts in: 10, 20 or 30 seconds, 1, 2, 5 or 10 minutes.
bool isRoundTime(double tick, const QString &unit) {
    const QList<double> round =
        unit == QLatin1String("s") ? QList<double>{10, 20, 30} : QList<double>{1, 2, 5, 10};
    return round.contains(tick);
}

} // namespace

class TestTimeCharts : public QObject {
    Q_OBJECT
private slots:
    void windowDrivesTheTimeAxis_data();
    void windowDrivesTheTimeAxis();
    void valueAxisShrinksAfterABurst();
    void startUpFillsTheAxis();
    void revenueHasDollarsAndNoUnexplainedLine();
};

void TestTimeCharts::windowDrivesTheTimeAxis_data() {
    QTest::addColumn<AnalyticsWindow>("window");
    QTest::addColumn<double>("axisMin");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("points");
    // The newest second or bucket is still filling and is left out.
    QTest::newRow("1 min") << AnalyticsWindow::Last1Min << -60.0 << QStringLiteral("s") << 60;
    QTest::newRow("5 min") << AnalyticsWindow::Last5Min << -5.0 << QStringLiteral("min") << 300;
    QTest::newRow("15 min") << AnalyticsWindow::Last15Min << -15.0 << QStringLiteral("min") << 899;
    QTest::newRow("60 min") << AnalyticsWindow::Last60Min << -60.0 << QStringLiteral("min") << 359;
    QTest::newRow("all time") << AnalyticsWindow::AllTime << -60.0 << QStringLiteral("min") << 359;
}

void TestTimeCharts::windowDrivesTheTimeAxis() {
    QFETCH(AnalyticsWindow, window);
    QFETCH(double, axisMin);
    QFETCH(QString, unit);
    QFETCH(int, points);
    EventRateChart rate;
    RevenueChart revenue;
    rate.setWindow(window);
    revenue.setWindow(window);
    const AnalyticsSnapshot s = steadySnapshot(100);
    rate.showSnapshot(s);
    revenue.showSnapshot(s);
    for (const QValueAxis *axis : {rate.timeAxis(), revenue.timeAxis()}) {
        QCOMPARE(axis->min(), axisMin);
        QCOMPARE(axis->max(), 0.0);
        QVERIFY2(axis->labelFormat().endsWith(QLatin1Char(' ') + unit),
                 qPrintable(axis->labelFormat()));
        QVERIFY2(isRoundTime(axis->tickInterval(), unit),
                 qPrintable(QString::number(axis->tickInterval())));
    }
    QCOMPARE(rate.pointCount(EventType::PageView), points);
    QCOMPARE(revenue.pointCount(), points);
    // 10-second buckets are drawn as a rate per second, like the seconds.
    QCOMPARE(rate.latestValue(EventType::PageView), 100.0);
}

void TestTimeCharts::valueAxisShrinksAfterABurst() {
    EventRateChart rate;
    const AnalyticsSnapshot s = steadySnapshot(1'000, 100'000);
    rate.setWindow(AnalyticsWindow::Last15Min);
    rate.showSnapshot(s);
    QCOMPARE(rate.valueAxis()->max(), 200'000.0); // the round top above the burst
    // Ten minutes after it, the burst is off the 5-minute view: the axis fits what is shown.
    rate.setWindow(AnalyticsWindow::Last5Min);
    rate.showSnapshot(s);
    QCOMPARE(rate.valueAxis()->max(), 2'000.0);
    QVERIFY(isRound(rate.valueAxis()->tickInterval()));
    QCOMPARE(rate.valueAxis()->tickType(), QValueAxis::TicksDynamic);
}

void TestTimeCharts::startUpFillsTheAxis() {
    EventRateChart rate;
    AnalyticsSnapshot s = steadySnapshot(0);
    for (std::size_t i = 900 - 21; i < 900; ++i) { // 20 s of traffic so far
        s.eventsPerSecond[i][kPageView] = 50;
    }
    rate.showSnapshot(s);
    QCOMPARE(rate.timeAxis()->min(), -60.0);        // not a 1-px sliver at the edge of 300 s
    for (std::size_t i = 900 - 200; i < 900; ++i) { // later: 200 s so far
        s.eventsPerSecond[i][kPageView] = 50;
    }
    rate.showSnapshot(s);
    QCOMPARE(rate.timeAxis()->min(), -5.0); // the whole window, in minutes
}

void TestTimeCharts::revenueHasDollarsAndNoUnexplainedLine() {
    RevenueChart revenue;
    revenue.showSnapshot(steadySnapshot(40));
    QVERIFY(revenue.valueAxis()->labelFormat().startsWith(QLatin1Char('$')));
    QCOMPARE(revenue.valueAxis()->max(), 50.0); // $40 a second: the round top above it
    const auto series = revenue.chart()->series();
    QCOMPARE(series.size(), 1);
    const auto *area = qobject_cast<const QAreaSeries *>(series.first());
    QVERIFY(area);
    // The outline is a shade of the fill, which the legend shows, not a colour of its own.
    QCOMPARE(area->pen().color().hue(), area->brush().color().hue());
}

QTEST_MAIN(TestTimeCharts)
#include "tst_time_charts.moc"
