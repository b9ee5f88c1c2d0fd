// A real browser against the web collector (issue 17): Debian's chromium, driven by
// playwright-core (tests/browser/shop_in_chromium.js), shops on /demo/ with an ordinary desktop
// User-Agent; the events must reach Kafka with the right types, one visitor and one session,
// and `trackboard analytics` must count them; clicks on data-track elements carry their element,
// the shop's A/B experiment rides on every event after it enrols the visitor, and the landing
// page keeps its campaign tags only. Headless Chrome's own User-Agent must be dropped
// as a bot, the tracker's opt-out must stop it sending, and what is queued when the page goes
// away must leave by sendBeacon. The shopping run comes before the last two, which would add
// events from the same visitor (same IP and User-Agent) to the topic it reads.
#include "collector_server.h"
#include "embedded_broker.h"
#include "event_codec.h"
#include "kafka_consumer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <set>

using namespace trackboard;

namespace {

// Where scripts/install-deps.sh puts playwright-core.
QString playwrightModules() {
    const QString fromEnv = qEnvironmentVariable("TRACKBOARD_NODE_MODULES");
    return fromEnv.isEmpty()
               ? QDir::homePath() + QStringLiteral("/.cache/trackboard/node/node_modules")
               : fromEnv;
}

} // namespace

class TestCollectorBrowser : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<EmbeddedBroker> broker_;
    std::unique_ptr<CollectorServer> server_;

    void runBrowser(const QString &mode) {
        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), playwrightModules());
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"),
                   {qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                        QStringLiteral("/tests/browser/shop_in_chromium.js"),
                    QString::fromStdString(server_->url()), mode});
        QVERIFY2(node.waitForFinished(90'000), "chromium run did not finish in 90 s");
        const QByteArray output = node.readAll();
        qInfo("%s", output.constData());
        QVERIFY2(node.exitCode() == 0 && output.contains("DONE " + mode.toUtf8()),
                 output.constData());
    }

    // Every event on the topic, in order of arrival per partition.
    std::vector<Event> readTopic(std::size_t expected) {
        KafkaConsumer consumer;
        KafkaConsumer::Options options;
        options.kafka.brokers = broker_->bootstrapServers();
        options.groupId = "tst-collector-browser";
        options.fromBeginning = true;
        std::string error;
        if (!consumer.open(options, error)) {
            qWarning("consumer: %s", error.c_str());
            return {};
        }
        EventDecoder decoder;
        std::vector<Event> events;
        QElapsedTimer clock;
        clock.start();
        QElapsedTimer quiet; // a second with nothing new after the expected count: no extras
        quiet.start();
        while (clock.elapsed() < 15'000 && (events.size() < expected || quiet.elapsed() < 1'000)) {
            std::vector<KafkaMessage> messages;
            consumer.poll(200, messages);
            if (!messages.empty()) {
                quiet.restart();
            }
            for (const auto &message : messages) {
                Event event;
                if (decoder
                        .decode(std::string_view(static_cast<const char *>(message->payload),
                                                 message->len),
                                event)
                        .ok()) {
                    events.push_back(event);
                }
            }
        }
        consumer.close();
        return events;
    }

private slots:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty(),
                 "node not found: run scripts/install-deps.sh");
        QVERIFY2(QFileInfo::exists(
                     qEnvironmentVariable("CHROMIUM", QStringLiteral("/usr/bin/chromium"))),
                 "chromium not found: run scripts/install-deps.sh");
        QVERIFY2(QFileInfo::exists(playwrightModules() + QStringLiteral("/playwright-core")),
                 "playwright-core not found: run scripts/install-deps.sh");
        std::string error;
        broker_ = EmbeddedBroker::start(1, error);
        QVERIFY2(broker_, error.c_str());
        QVERIFY2(broker_->createTopic(kDefaultTopic, kDefaultPartitions, error), error.c_str());
        CollectorConfig config;
        config.kafka.brokers = broker_->bootstrapServers();
        server_ = std::make_unique<CollectorServer>(config);
        QVERIFY2(server_->start(error), error.c_str());
    }

    void cleanupTestCase() {
        server_.reset();
        broker_.reset();
    }

    void headlessChromeIsDroppedAsABot() {
        runBrowser(QStringLiteral("bot"));
        QTRY_VERIFY_WITH_TIMEOUT(server_->metrics().bots.load() >= 1, 5'000);
        QCOMPARE(server_->metrics().produced.load(), std::uint64_t(0));
    }

    void shoppingReachesKafkaAsOneVisitor() {
        runBrowser(QStringLiteral("shop"));
        // page views of /demo/ (landed on from a newsletter link), the category, the product,
        // the cart and checkout; clicks on the
        // four data-track elements (product card, add to cart, cart checkout, the order button);
        // product_view, add_to_cart, checkout, purchase.
        constexpr std::size_t kExpected = 13;
        QTRY_VERIFY_WITH_TIMEOUT(server_->metrics().delivered.load() >= kExpected, 10'000);
        const auto events = readTopic(kExpected);
        std::map<std::string, int> types;
        std::set<std::string> users;
        std::set<std::string> sessions;
        std::set<std::string> pages;
        std::map<std::string, int> elements;
        std::set<std::string> variants;
        int withoutExperiment = 0;
        for (const auto &e : events) {
            if (e.type == EventType::Click) {
                ++elements[e.element];
            } else {
                QVERIFY2(e.element.empty(), e.element.c_str());
            }
            // The shop enrols the visitor once t.js has sent the landing page view; every
            // later event carries the experiment.
            if (!e.hasExperiment) {
                ++withoutExperiment;
                QCOMPARE(e.type, EventType::PageView);
                QCOMPARE(e.page, std::string("/demo/?utm_source=newsletter&utm_medium=email&"
                                             "utm_campaign=black-friday"));
            } else {
                QCOMPARE(e.experiment.id, std::string("checkout-redesign"));
                variants.insert(e.experiment.variant);
            }
            ++types[std::string(eventTypeName(e.type))];
            users.insert(e.userId);
            sessions.insert(e.sessionId);
            pages.insert(e.page);
            QCOMPARE(e.device.type, std::string("desktop"));
            QCOMPARE(e.device.browser, std::string("Chrome"));
            QCOMPARE(e.device.os, std::string("Linux"));
            QCOMPARE(e.source, EventSource::Web);
            QCOMPARE(e.lang, std::string("de-DE")); // the browser's language, stored
            QCOMPARE(e.geo.country, std::string("DE"));
        }
        QCOMPARE(events.size(), kExpected);
        QCOMPARE(types["page_view"], 5);
        QCOMPARE(types["click"], 4);
        QCOMPARE(withoutExperiment, 1);
        QCOMPARE(variants.size(), std::size_t(1));
        const std::string variant = *variants.begin();
        QVERIFY2(variant == "A" || variant == "B", variant.c_str());
        const std::map<std::string, int> expectedElements = {
            {"product-card", 1},
            {"add-to-cart", 1},
            {"cart-checkout", 1},
            {variant == "B" ? "pay-now" : "place-order", 1}};
        QCOMPARE(elements, expectedElements);
        QCOMPARE(types["product_view"], 1);
        QCOMPARE(types["add_to_cart"], 1);
        QCOMPARE(types["checkout"], 1);
        QCOMPARE(types["purchase"], 1);
        QCOMPARE(users.size(), std::size_t(1));
        QCOMPARE(sessions.size(), std::size_t(1));
        QVERIFY(pages.count("/demo/product/p-1001"));

        // `trackboard analytics` reads the same topic and counts them.
        QProcess analytics;
        analytics.start(qEnvironmentVariable("TRACKBOARD_BIN"),
                        {QStringLiteral("analytics"), QStringLiteral("--brokers"),
                         QString::fromStdString(broker_->bootstrapServers()),
                         QStringLiteral("--from-beginning"), QStringLiteral("--max-events"),
                         QString::number(kExpected), QStringLiteral("--duration"),
                         QStringLiteral("30"), QStringLiteral("--json")});
        QVERIFY(analytics.waitForFinished(45'000));
        const QList<QByteArray> lines = analytics.readAllStandardOutput().trimmed().split('\n');
        const QJsonObject report = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(report.value(QStringLiteral("events")).toInt(), int(kExpected));
        QCOMPARE(report.value(QStringLiteral("orders")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("revenue_cents")).toInteger(), 19900);
    }

    void optOutStopsSending() {
        const auto before = server_->metrics().eventsAccepted.load();
        runBrowser(QStringLiteral("optout"));
        // The page view of /demo/ and the click on "Do not track me"; nothing after it.
        QTRY_COMPARE_WITH_TIMEOUT(server_->metrics().eventsAccepted.load(), before + 2, 5'000);
        QTest::qWait(1'000);
        QCOMPARE(server_->metrics().eventsAccepted.load(), before + 2);
    }

    void pagehideSendsTheRestByBeacon() {
        const auto before = server_->metrics().eventsAccepted.load();
        runBrowser(QStringLiteral("beacon"));
        // The page view (fetch) and the search, which only the beacon could carry.
        QTRY_COMPARE_WITH_TIMEOUT(server_->metrics().eventsAccepted.load(), before + 2, 5'000);
    }
};

QTEST_GUILESS_MAIN(TestCollectorBrowser)
#include "tst_collector_browser.moc"
