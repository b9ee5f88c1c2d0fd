// Metrics defined without code: the file's validation (each error names file, line, problem)
// and the evaluation (filters, group-by, sums, windows, overflow, reload, merge, checkpoint,
// web events by source and language),
// against counts worked out by hand.
#include "analytics_test_events.h"
#include "metric_definition_parser.h"

#include <QFile>
#include <QTest>

using namespace trackboard;
using namespace trackboard::test;

namespace {

MetricDefinitions parse(const std::string &text) {
    MetricDefinitions out;
    std::string error;
    if (!parseMetricDefinitions(text, "m.yaml", out, error)) {
        qWarning("%s", error.c_str());
    }
    return out;
}

Event cart(const std::string &user, std::int64_t ms, const std::string &category,
           const std::string &country) {
    Event e = productEvent(EventType::AddToCart, user, ms, "p-" + category);
    e.product.category = category;
    e.geo.country = country;
    return e;
}

BusinessEventContext at(std::int64_t ms, bool late = false) {
    BusinessEventContext context;
    context.bucket = ms / AnalyticsAggregator::kBucketMs;
    context.late = late;
    context.userHash = context.sessionHash = 1;
    return context;
}

const CustomMetricResult &metric(const CustomMetricsReport &r, const std::string &name) {
    for (const auto &m : r.metrics) {
        if (m.name == name) {
            return m;
        }
    }
    static const CustomMetricResult none;
    return none;
}

const char *kKitchen = R"(metrics:
  - name: kitchen_carts_by_country
    title: Kitchen add-to-carts by country
    count: add_to_cart
    where: { product.category: kitchen }
    group_by: geo.country
    window: 5m
  - name: revenue_by_browser
    sum: order.value
    count: purchase
    group_by: device.browser
    window: all
  - name: all_events
    count: any
    window: 1m
)";

} // namespace

class TestCustomMetrics : public QObject {
    Q_OBJECT

private slots:
    void parsesTheExample() {
        const MetricDefinitions defs = parse(kKitchen);
        QVERIFY(defs);
        QCOMPARE(defs->metrics.size(), std::size_t(3));
        const MetricDefinition &k = defs->metrics[0];
        QCOMPARE(k.name, std::string("kitchen_carts_by_country"));
        QCOMPARE(k.title, std::string("Kitchen add-to-carts by country"));
        QVERIFY(!k.anyEventType);
        QCOMPARE(k.eventType, EventType::AddToCart);
        QCOMPARE(k.where.size(), std::size_t(1));
        QCOMPARE(metricFields()[k.where[0].field].name, std::string_view("product.category"));
        QCOMPARE(k.where[0].value, std::string("kitchen"));
        QCOMPARE(metricFields()[std::size_t(k.groupBy)].name, std::string_view("geo.country"));
        QCOMPARE(k.windowMinutes, 5);
        QCOMPARE(k.line, 2);
        QCOMPARE(defs->metrics[1].sum, MetricSum::OrderValue);
        QCOMPARE(defs->metrics[1].title, std::string("revenue_by_browser")); // title defaults
        QVERIFY(defs->metrics[2].anyEventType);
        QCOMPARE(defs->metrics[2].groupBy, MetricDefinition::kNoGroup);
    }

    void theDocumentedExampleIsValid() {
        QFile file(qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                   QStringLiteral("/docs/examples/metrics.yaml"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "set TRACKBOARD_SOURCE_DIR (ctest does)");
        const MetricDefinitions defs = parse(file.readAll().toStdString());
        QVERIFY(defs);
        QCOMPARE(defs->metrics.size(), std::size_t(6));
    }

    void rejectsBadFiles_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString head = QStringLiteral("metrics:\n  - name: a\n");
        QTest::newRow("unknown field") << head + QStringLiteral("    count: click\n"
                                                                "    group_by: geo.planet\n")
                                       << QStringLiteral("m.yaml:4: unknown field 'geo.planet'");
        QTest::newRow("unknown where field")
            << head + QStringLiteral("    count: click\n    where: { colour: red }\n")
            << QStringLiteral("m.yaml:4: unknown field 'colour' in where");
        QTest::newRow("unknown event type") << head + QStringLiteral("    count: teleport\n")
                                            << QStringLiteral("m.yaml:3: unknown event type");
        QTest::newRow("bad window") << head + QStringLiteral("    count: click\n    window: 7m\n")
                                    << QStringLiteral("m.yaml:4: bad window '7m'");
        QTest::newRow("duplicate name")
            << head + QStringLiteral("    count: click\n  - name: a\n    count: search\n")
            << QStringLiteral("m.yaml:4: duplicate metric name 'a'");
        QTest::newRow("too many groups")
            << head + QStringLiteral("    count: click\n    group_by: element\n"
                                     "    max_groups: 5000\n")
            << QStringLiteral("m.yaml:5: too many groups");
        QTest::newRow("user_id group")
            << head + QStringLiteral("    count: click\n    group_by: user_id\n")
            << QStringLiteral("m.yaml:2: metric a: group_by user_id is not allowed");
        QTest::newRow("bad sum") << head + QStringLiteral("    count: click\n    sum: page\n")
                                 << QStringLiteral("m.yaml:4: cannot sum 'page'");
        QTest::newRow("unknown key") << head + QStringLiteral("    count: click\n    colour: red\n")
                                     << QStringLiteral("m.yaml:4: unknown key 'colour'");
        QTest::newRow("no count") << head << QStringLiteral("m.yaml:2: metric a needs count");
        QTest::newRow("no name") << QStringLiteral("metrics:\n  - count: click\n")
                                 << QStringLiteral("m.yaml:2: a metric needs a name");
        QTest::newRow("bad name") << QStringLiteral("metrics:\n  - name: A b\n    count: click\n")
                                  << QStringLiteral("m.yaml:2: metric A b: name must be");
        QTest::newRow("not yaml") << QStringLiteral("metrics: [\n") << QStringLiteral("m.yaml:2: ");
        QTest::newRow("no metrics key")
            << QStringLiteral("rules: []\n") << QStringLiteral("m.yaml:1: expected a map with");
        QString many = QStringLiteral("metrics:\n");
        for (int i = 0; i < 33; ++i) {
            many += QStringLiteral("  - { name: m%1, count: click }\n").arg(i);
        }
        QTest::newRow("too many metrics") << many << QStringLiteral("m.yaml:34: too many metrics");
    }
    void rejectsBadFiles() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        MetricDefinitions out = parse("metrics: []\n");
        const MetricDefinitions before = out;
        std::string error;
        QVERIFY(!parseMetricDefinitions(text.toStdString(), "m.yaml", out, error));
        QVERIFY2(QString::fromStdString(error).startsWith(expected), error.c_str());
        QCOMPARE(out, before); // a bad file never replaces the good one
    }

    void countsWithFilterGroupAndWindow() {
        CustomMetrics m;
        m.setDefinitions(parse(kKitchen));
        const std::int64_t t0 = kEdgeMs;
        // Kitchen carts: DE at 0 s and 30 s, FR at 50 s, DE 6 minutes later (outside 5m at
        // the end). A tools cart and a page view match nothing in the first metric.
        m.apply(cart("u1", t0, "kitchen", "DE"), at(t0));
        m.apply(cart("u2", t0 + 30'000, "kitchen", "DE"), at(t0 + 30'000));
        m.apply(cart("u3", t0 + 50'000, "kitchen", "FR"), at(t0 + 50'000));
        m.apply(cart("u4", t0 + 50'000, "tools", "FR"), at(t0 + 50'000));
        m.apply(activity(EventType::PageView, "u5", t0 + 55'000), at(t0 + 55'000));
        const std::int64_t later = t0 + 6 * 60'000;
        m.apply(cart("u6", later, "kitchen", "DE"), at(later));

        CustomMetricsReport r;
        m.fill(r, later);
        QCOMPARE(r.source, std::string("m.yaml"));
        const CustomMetricResult &k = metric(r, "kitchen_carts_by_country");
        QCOMPARE(k.kind, std::string("count"));
        QCOMPARE(k.window, std::string("5m"));
        QCOMPARE(k.groupBy, std::string("geo.country"));
        QCOMPARE(k.total, 1); // only the one 6 minutes later is in the last 5 minutes
        QCOMPARE(k.groups, (std::vector<CustomMetricGroup>{{"DE", 1}}));
        m.fill(r, t0 + 59'000);
        QCOMPARE(metric(r, "kitchen_carts_by_country").total, 4); // windows run to the newest
        QCOMPARE(metric(r, "kitchen_carts_by_country").groups,
                 (std::vector<CustomMetricGroup>{{"DE", 3}, {"FR", 1}}));
        // all_events, 1m at `later`: only the last cart; no group_by: no groups.
        m.fill(r, later);
        QCOMPARE(metric(r, "all_events").total, 1);
        QVERIFY(metric(r, "all_events").groups.empty());
    }

    void sourceAndLanguageTellWebFromSimulated() {
        CustomMetrics m;
        m.setDefinitions(parse(R"(metrics:
  - name: by_source
    count: any
    group_by: source
  - name: web_by_lang
    count: any
    where: { source: web }
    group_by: lang
)"));
        const std::int64_t t0 = kEdgeMs;
        Event web = activity(EventType::PageView, "v-1", t0);
        web.source = EventSource::Web;
        web.lang = "de-DE";
        m.apply(web, at(t0));
        web.lang = "fr";
        m.apply(web, at(t0));
        m.apply(activity(EventType::PageView, "user-1", t0), at(t0)); // simulated: no source
        Event app = activity(EventType::Click, "a-1", t0);
        app.source = EventSource::Other;
        app.lang = "en";
        m.apply(app, at(t0));
        CustomMetricsReport r;
        m.fill(r, t0);
        QCOMPARE(metric(r, "by_source").groups,
                 (std::vector<CustomMetricGroup>{{"web", 2}, {"(none)", 1}, {"other", 1}}));
        QCOMPARE(metric(r, "web_by_lang").total, 2);
        QCOMPARE(metric(r, "web_by_lang").groups,
                 (std::vector<CustomMetricGroup>{{"de-DE", 1}, {"fr", 1}}));
    }

    void sumsAndLateEvents() {
        CustomMetrics m;
        m.setDefinitions(parse(kKitchen));
        Event a = purchase("u1", kEdgeMs, 1250);
        a.device.browser = "Firefox";
        Event b = purchase("u2", kEdgeMs + 1000, 750);
        b.device.browser = "Firefox";
        Event c = purchase("u3", kEdgeMs + 2000, 1000);
        c.device.browser = "Safari";
        m.apply(a, at(a.timestampMs));
        m.apply(b, at(b.timestampMs, true)); // late: all time still counts it
        m.apply(c, at(c.timestampMs));
        CustomMetricsReport r;
        m.fill(r, kEdgeMs + 2000);
        const CustomMetricResult &rev = metric(r, "revenue_by_browser");
        QCOMPARE(rev.kind, std::string("sum"));
        QVERIFY(rev.money);
        QCOMPARE(rev.total, 3000);
        QCOMPARE(rev.groups, (std::vector<CustomMetricGroup>{{"Firefox", 2000}, {"Safari", 1000}}));
        QCOMPARE(metric(r, "all_events").total, 2); // 1m window: the late one is in no window
    }

    void recycledBucketsCountAllTimeOnly() {
        CustomMetrics m;
        m.setDefinitions(parse("metrics:\n  - { name: minute, count: any, window: 1m }\n"
                               "  - { name: ever, count: any }\n"));
        // The same ring slot, a whole ring later: the old bucket is gone, and an event for it
        // that comes after is in no window (all time still has it).
        const std::int64_t later = kEdgeMs + CustomMetrics::kRingBuckets * 10'000;
        m.apply(activity(EventType::Click, "u", kEdgeMs), at(kEdgeMs));
        m.apply(activity(EventType::Click, "u", later), at(later));
        m.apply(activity(EventType::Click, "u", kEdgeMs + 1), at(kEdgeMs + 1));
        CustomMetricsReport r;
        m.fill(r, later);
        QCOMPARE(metric(r, "minute").total, 1);
        QCOMPARE(metric(r, "ever").total, 3);
        // Windows of merged parts: only what lies in the window at the merged "now".
        CustomMetrics merged;
        merged.mergeFrom(m);
        merged.fill(r, later);
        QCOMPARE(metric(r, "minute").total, 1);
        QCOMPARE(metric(r, "ever").total, 3);
        m.fill(r, later + 60'000); // a minute on: the last event's bucket has left the window
        QCOMPARE(metric(r, "minute").total, 0);
    }

    void overflowGoesToOther() {
        CustomMetrics m;
        m.setDefinitions(parse("metrics:\n  - name: by_city\n    count: page_view\n"
                               "    group_by: geo.city\n    max_groups: 2\n"));
        for (const char *city : {"Oslo", "Rome", "Oslo", "Lima", "Kyiv", "Rome"}) {
            Event e = activity(EventType::PageView, "u", kEdgeMs);
            e.geo.city = city;
            m.apply(e, at(kEdgeMs));
        }
        CustomMetricsReport r;
        m.fill(r, kEdgeMs);
        // Oslo and Rome take the two groups; Lima and Kyiv are counted, in "(other)".
        QCOMPARE(r.metrics[0].total, 6);
        QCOMPARE(r.metrics[0].overflowEvents, std::uint64_t(2));
        QCOMPARE(r.metrics[0].groups,
                 (std::vector<CustomMetricGroup>{{"(other)", 2}, {"Oslo", 2}, {"Rome", 2}}));
    }

    void reloadKeepsUnchangedAndResetsChanged() {
        CustomMetrics m;
        m.setDefinitions(parse(kKitchen));
        m.apply(cart("u1", kEdgeMs, "kitchen", "DE"), at(kEdgeMs));
        // Same kitchen metric with a new title and window; all_events now counts clicks only.
        m.setDefinitions(parse(R"(metrics:
  - name: kitchen_carts_by_country
    title: Renamed
    count: add_to_cart
    where: { product.category: kitchen }
    group_by: geo.country
    window: all
  - name: all_events
    count: click
)"));
        CustomMetricsReport r;
        m.fill(r, kEdgeMs);
        QCOMPARE(r.metrics.size(), std::size_t(2));
        QCOMPARE(metric(r, "kitchen_carts_by_country").title, std::string("Renamed"));
        QCOMPARE(metric(r, "kitchen_carts_by_country").total, 1);
        QCOMPARE(metric(r, "all_events").total, 0);
    }

    void mergeAddsExactlyAndCheckpointRoundTrips() {
        const MetricDefinitions defs = parse(kKitchen);
        CustomMetrics p0;
        CustomMetrics p1;
        p0.setDefinitions(defs);
        p1.setDefinitions(defs);
        p0.apply(cart("u1", kEdgeMs, "kitchen", "DE"), at(kEdgeMs));
        p0.apply(cart("u1", kEdgeMs + 10'000, "kitchen", "IT"), at(kEdgeMs + 10'000));
        p1.apply(cart("u2", kEdgeMs + 20'000, "kitchen", "DE"), at(kEdgeMs + 20'000));
        CustomMetrics merged; // no definitions: takes the first part's
        merged.mergeFrom(p0);
        merged.mergeFrom(p1);
        CustomMetricsReport r;
        merged.fill(r, kEdgeMs + 20'000);
        QCOMPARE(metric(r, "kitchen_carts_by_country").groups,
                 (std::vector<CustomMetricGroup>{{"DE", 2}, {"IT", 1}}));
        QCOMPARE(metric(r, "all_events").total, 3);

        std::string bytes;
        VarintWriter w(bytes);
        p0.encode(w);
        CustomMetrics restored;
        VarintReader reader(bytes);
        QVERIFY(restored.decode(reader));
        QVERIFY(reader.atEnd());
        CustomMetricsReport a;
        CustomMetricsReport b;
        p0.fill(a, kEdgeMs + 10'000);
        restored.fill(b, kEdgeMs + 10'000);
        QCOMPARE(b, a);
        // Restored counts keep counting under the same definitions.
        restored.setDefinitions(defs);
        restored.apply(cart("u1", kEdgeMs + 10'000, "kitchen", "IT"), at(kEdgeMs + 10'000));
        restored.fill(b, kEdgeMs + 10'000);
        QCOMPARE(metric(b, "kitchen_carts_by_country").total, 3);
        // Every truncation is refused, never read past the end.
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            CustomMetrics hostile;
            VarintReader cut(std::string_view(bytes).substr(0, n));
            QVERIFY(!hostile.decode(cut));
        }
        // Any damaged byte either fails or decodes into a state that reports without harm.
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (const char damage : {char(0xff), char(0x00), char(0x80)}) {
                std::string damaged = bytes;
                damaged[i] = damage;
                CustomMetrics hostile;
                VarintReader reader(damaged);
                if (hostile.decode(reader)) {
                    CustomMetricsReport ignored;
                    hostile.fill(ignored, kEdgeMs);
                    hostile.apply(cart("u9", kEdgeMs, "kitchen", "DE"), at(kEdgeMs));
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestCustomMetrics)
#include "tst_custom_metrics.moc"
