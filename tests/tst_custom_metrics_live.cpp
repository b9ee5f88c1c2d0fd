// Metrics defined without code, live: the analytics worker runs on the embedded broker, and
// only then is a metric file written whose filter and group-by no code names (page views on
// Firefox by city). Hand-built events go through Kafka; the counts must appear exactly, a
// broken edit must be refused by line with the old metric still counting, and a changed file
// must keep the unchanged metric's counts while the new metric starts from zero.
#include "business_report.h"
#include "embedded_broker.h"
#include "event_codec.h"
#include "kafka_producer.h"
#include "metric_definitions_options.h"
#include "pipeline_latest.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace trackboard;

namespace {

const std::string kTopic = "user-activities";

struct Sample {
    EventType type;
    const char *browser;
    const char *city;
    int times;
};

// First batch: Firefox page views in Lyon 3, Porto 2, Graz 1. The rest must not count.
const std::vector<Sample> kFirst = {
    {EventType::PageView, "Firefox", "Lyon", 3}, {EventType::PageView, "Firefox", "Porto", 2},
    {EventType::PageView, "Firefox", "Graz", 1}, {EventType::PageView, "Chrome", "Lyon", 4},
    {EventType::PageView, "Safari", "Porto", 2}, {EventType::AddToCart, "Firefox", "Lyon", 2},
};
// Second batch: Firefox page views Lyon +1, Oslo +2; add-to-carts in Lyon: Chrome 2, Firefox 1.
const std::vector<Sample> kSecond = {
    {EventType::PageView, "Firefox", "Lyon", 1}, {EventType::PageView, "Firefox", "Oslo", 2},
    {EventType::AddToCart, "Chrome", "Lyon", 2}, {EventType::AddToCart, "Firefox", "Lyon", 1},
    {EventType::AddToCart, "Safari", "Graz", 1}, {EventType::PageView, "Chrome", "Oslo", 3},
};

int produce(KafkaProducer &producer, const std::vector<Sample> &samples, int &serial) {
    int count = 0;
    std::string bytes;
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (const Sample &s : samples) {
        for (int i = 0; i < s.times; ++i, ++serial, ++count) {
            Event e;
            e.eventId = "live-" + std::to_string(serial);
            e.type = s.type;
            e.timestampMs = now + serial;
            e.userId = "user-" + std::to_string(serial % 7);
            e.sessionId = "session-" + std::to_string(serial % 7);
            e.page = "/products/p-1?utm_source=x";
            e.ipAddress = "10.0.0.1";
            e.geo = {"FR", s.city, 45.7, 4.8};
            e.device = {"desktop", "Linux", s.browser};
            if (s.type == EventType::AddToCart) {
                e.hasProduct = true;
                e.product = {"p-1", "Lamp", "home", 2500};
                e.quantity = 1;
            }
            bytes.clear(); // encodeEvent appends
            encodeEvent(e, bytes);
            if (producer.produce(kTopic, e.userId, bytes) != KafkaProducer::ProduceResult::Ok) {
                return -1;
            }
        }
    }
    return producer.flush(10'000) ? count : -1;
}

void writeFile(const QString &path, const QByteArray &text) {
    QSaveFile file(path); // as editors save: a new file renamed over the old one
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    QVERIFY(file.commit());
}

const CustomMetricResult *metric(const Latest &latest, const std::string &name) {
    for (const auto &m : latest.analytics.business.custom.metrics) {
        if (m.name == name) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<CustomMetricGroup> groupsOf(const Latest &latest, const std::string &name) {
    const CustomMetricResult *m = metric(latest, name);
    return m ? m->groups : std::vector<CustomMetricGroup>{};
}

const QByteArray kFirefoxByCity = R"(metrics:
  - name: firefox_views_by_city
    title: Firefox page views by city
    count: page_view
    where: { device.browser: Firefox }
    group_by: geo.city
    window: all
)";

} // namespace

namespace QTest {
// Failures print the groups.
template <> char *toString(const std::vector<CustomMetricGroup> &groups) {
    QByteArray text;
    for (const auto &g : groups) {
        text += QByteArray::fromStdString(g.key) + '=' + QByteArray::number(g.value) + ' ';
    }
    return qstrdup(text.constData());
}
} // namespace QTest

class TestCustomMetricsLive : public QObject {
    Q_OBJECT

private slots:
    // The custom_metrics key of --json and the text report, from a report built by hand.
    void reportsJsonAndText() {
        CustomMetricsReport report;
        report.source = "metrics.yaml";
        CustomMetricResult revenue;
        revenue.name = "revenue_by_browser";
        revenue.title = "Revenue by browser";
        revenue.window = "60m";
        revenue.kind = "sum";
        revenue.sumField = "order.value";
        revenue.money = true;
        revenue.eventType = "purchase";
        revenue.groupBy = "device.browser";
        revenue.total = 3000;
        revenue.groups = {{"Firefox", 2000}, {"Safari", 1000}};
        report.metrics.push_back(revenue);
        const QJsonArray json = customMetricsJson(report).toArray();
        QCOMPARE(json.size(), 1);
        const QJsonObject m = json.at(0).toObject();
        QCOMPARE(m.value(QStringLiteral("name")).toString(), QStringLiteral("revenue_by_browser"));
        QCOMPARE(m.value(QStringLiteral("window")).toString(), QStringLiteral("60m"));
        QCOMPARE(m.value(QStringLiteral("kind")).toString(), QStringLiteral("sum"));
        QCOMPARE(m.value(QStringLiteral("unit")).toString(), QStringLiteral("cents"));
        QCOMPARE(m.value(QStringLiteral("total")).toInteger(), 3000);
        const QJsonArray groups = m.value(QStringLiteral("groups")).toArray();
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups.at(0).toObject().value(QStringLiteral("key")).toString(),
                 QStringLiteral("Firefox"));
        QCOMPARE(groups.at(0).toObject().value(QStringLiteral("value")).toInteger(), 2000);
        const QString text = customMetricsText(report);
        QVERIFY2(text.contains(QStringLiteral(
                     "Revenue by browser [60m]: $30.00 | Firefox $20.00, Safari $10.00")),
                 qPrintable(text));
        QVERIFY(customMetricsText({}).isEmpty()); // nothing loaded: no section
    }

    void metricFileAppliesWhileTheWorkerRuns() {
        std::string why;
        auto broker = EmbeddedBroker::start(1, why);
        QVERIFY2(broker, why.c_str());
        QVERIFY2(broker->createTopic(kTopic, 3, why), why.c_str());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.yaml"));
        writeFile(path, "metrics: []\n");

        MetricDefinitionsOptions metrics;
        QCommandLineParser parser;
        metrics.addTo(parser);
        QVERIFY(parser.parse({QStringLiteral("trackboard"), QStringLiteral("--metrics"), path}));
        Pipeline::Options options;
        options.kafka.brokers = broker->bootstrapServers();
        options.runProducer = false;
        options.runFraud = false;
        options.fromBeginning = true;
        options.analyticsState.checkpointIntervalMs = 0;
        options.analyticsState.globalView = false;
        QString error;
        QVERIFY(metrics.read(parser, options.analyticsState.customMetrics, error));
        QVERIFY(options.analyticsState.customMetrics->metrics.empty());
        Pipeline pipeline(options);
        Latest latest;
        latest.follow(pipeline);
        QVERIFY2(pipeline.start(error), qPrintable(error));
        metrics.watch();
        QObject::connect(&metrics, &MetricDefinitionsOptions::definitionsChanged, &pipeline,
                         &Pipeline::setMetricDefinitions);
        QSignalSpy failures(&metrics, &MetricDefinitionsOptions::reloadFailed);

        KafkaProducer producer;
        QVERIFY(producer.open(options.kafka, {{"linger.ms", "5"}}, why));
        int serial = 0;
        // A warm-up event, so the worker is reading before the file exists.
        QCOMPARE(produce(producer, {{EventType::Search, "Firefox", "Lyon", 1}}, serial), 1);
        QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, 1u, 30'000);

        // The worker runs; now the metric file appears, and counts what comes after it.
        writeFile(path, kFirefoxByCity);
        QTRY_VERIFY_WITH_TIMEOUT(metric(latest, "firefox_views_by_city") != nullptr, 10'000);
        QCOMPARE(metric(latest, "firefox_views_by_city")->total, 0);
        const int first = produce(producer, kFirst, serial);
        QCOMPARE(first, 14);
        QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, 15u, 30'000);
        QCOMPARE(latest.analyticsStats.rejected, 0u);
        QTRY_COMPARE_WITH_TIMEOUT(
            groupsOf(latest, "firefox_views_by_city"),
            (std::vector<CustomMetricGroup>{{"Lyon", 3}, {"Porto", 2}, {"Graz", 1}}), 10'000);
        QCOMPARE(metric(latest, "firefox_views_by_city")->total, 6);

        // A broken edit: refused by line, and the metric in force goes on.
        writeFile(path, kFirefoxByCity + "  - name: broken\n    count: page_view\n"
                                         "    group_by: geo.planet\n");
        QTRY_COMPARE_WITH_TIMEOUT(failures.count(), 1, 10'000);
        const QString message = failures.at(0).at(0).toString();
        QVERIFY2(message.startsWith(path + QStringLiteral(":10: unknown field 'geo.planet'")),
                 qPrintable(message));

        // A valid change: a new title for the first metric (its counts stay), and a new one.
        writeFile(path, QByteArray(kFirefoxByCity)
                                .replace("title: Firefox page views by city",
                                         "title: Firefox views per city") +
                            "  - name: lyon_carts_by_browser\n    count: add_to_cart\n"
                            "    where: { geo.city: Lyon }\n    group_by: device.browser\n");
        QTRY_VERIFY_WITH_TIMEOUT(metric(latest, "lyon_carts_by_browser") != nullptr, 10'000);
        QCOMPARE(metric(latest, "firefox_views_by_city")->title,
                 std::string("Firefox views per city"));
        QCOMPARE(metric(latest, "lyon_carts_by_browser")->total, 0); // new: from now on
        QCOMPARE(produce(producer, kSecond, serial), 10);
        QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, 25u, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            groupsOf(latest, "firefox_views_by_city"),
            (std::vector<CustomMetricGroup>{{"Lyon", 4}, {"Oslo", 2}, {"Porto", 2}, {"Graz", 1}}),
            10'000);
        QCOMPARE(groupsOf(latest, "lyon_carts_by_browser"),
                 (std::vector<CustomMetricGroup>{{"Chrome", 2}, {"Firefox", 1}}));
        QCOMPARE(failures.count(), 1);
        pipeline.shutdown();
    }
};

QTEST_GUILESS_MAIN(TestCustomMetricsLive)
#include "tst_custom_metrics_live.moc"
