// The Custom metrics tab: one table per metric, headed by title, window and total, rows in the
// snapshot's order with their share; the hint when no file is loaded; tables rebuilt only when
// the file's metrics change.
#include "custom_metrics_table.h"

#include <QLabel>
#include <QTableWidget>
#include <QTest>

using namespace trackboard;

namespace {

CustomMetricResult byCity() {
    CustomMetricResult m;
    m.name = "firefox_views_by_city";
    m.title = "Firefox views by city";
    m.window = "5m";
    m.kind = "count";
    m.sumField = "events";
    m.eventType = "page_view";
    m.groupBy = "geo.city";
    m.total = 8;
    m.groups = {{"Lyon", 6}, {"Porto", 2}};
    return m;
}

CustomMetricResult revenue() {
    CustomMetricResult m;
    m.name = "revenue";
    m.title = "Revenue";
    m.window = "all";
    m.kind = "sum";
    m.sumField = "order.value";
    m.money = true;
    m.eventType = "purchase";
    m.total = 123456;
    return m;
}

} // namespace

class TestCustomMetricsTable : public QObject {
    Q_OBJECT

private slots:
    void showsATablePerMetric() {
        CustomMetricsTable view;
        view.resize(900, 600);
        QVERIFY(view.hint().contains(QStringLiteral("--metrics")));
        QCOMPARE(view.tableCount(), 0);

        CustomMetricsReport report;
        report.source = "metrics.yaml";
        report.metrics = {byCity(), revenue()};
        view.showReport(report);
        QVERIFY(view.hint().isEmpty());
        QCOMPARE(view.tableCount(), 2);
        QVERIFY2(
            view.heading(0).startsWith(QStringLiteral("Firefox views by city — last 5 min: 8")),
            qPrintable(view.heading(0)));
        QVERIFY(view.heading(0).contains(QStringLiteral("count of page view events, by geo.city")));
        QTableWidget *cities = view.table(0);
        QCOMPARE(cities->rowCount(), 2);
        QCOMPARE(cities->item(0, 0)->text(), QStringLiteral("Lyon"));
        QCOMPARE(cities->item(0, 1)->text(), QStringLiteral("6"));
        QCOMPARE(cities->item(0, 2)->text(), QStringLiteral("75.0 %")); // 6 of 8
        QCOMPARE(cities->item(1, 2)->text(), QStringLiteral("25.0 %"));
        // Without group_by: one row, the whole; money formatted as money.
        QVERIFY2(view.heading(1).startsWith(QStringLiteral("Revenue — since start: $1,234.56")),
                 qPrintable(view.heading(1)));
        QCOMPARE(view.table(1)->rowCount(), 1);
        QCOMPARE(view.table(1)->item(0, 1)->text(), QStringLiteral("$1,234.56"));

        // New counts refill the same tables; a changed file rebuilds them.
        report.metrics[0].groups = {{"Porto", 5}, {"Lyon", 4}, {"Oslo", 1}};
        report.metrics[0].total = 10;
        view.showReport(report);
        QCOMPARE(view.table(0), cities);
        QCOMPARE(cities->rowCount(), 3);
        QCOMPARE(cities->item(0, 0)->text(), QStringLiteral("Porto"));
        QCOMPARE(cities->item(0, 2)->text(), QStringLiteral("50.0 %"));
        report.metrics.pop_back();
        view.showReport(report);
        QCOMPARE(view.tableCount(), 1);
        view.showReport({});
        QCOMPARE(view.tableCount(), 0);
        QVERIFY(!view.hint().isEmpty());
    }

    void showsAtMostTenGroups() {
        CustomMetricsTable view;
        CustomMetricsReport report;
        report.metrics = {byCity()};
        report.metrics[0].groups.clear();
        for (int i = 0; i < 25; ++i) {
            report.metrics[0].groups.push_back({"city-" + std::to_string(i), 25 - i});
        }
        view.showReport(report);
        QCOMPARE(view.table(0)->rowCount(), CustomMetricsTable::kShownGroups);
        QCOMPARE(view.table(0)->item(9, 0)->text(), QStringLiteral("city-9"));
        QVERIFY(view.table(0)->toolTip().contains(QStringLiteral("25")));
    }
};

QTEST_MAIN(TestCustomMetricsTable)
#include "tst_custom_metrics_table.moc"
