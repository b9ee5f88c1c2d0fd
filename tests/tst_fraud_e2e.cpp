// Every attack the presenter can trigger is caught, through the embedded broker, and its alert
// lands on the `fraud-alerts` topic where other systems read it.
#include "fraud_quality.h"
#include "kafka_consumer.h"
#include "pipeline.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <map>
#include <set>

using namespace trackboard;

class TestFraudEndToEnd : public QObject {
    Q_OBJECT

private slots:
    void eachScenarioRaisesItsAlertOnTheAlertsTopic();
};

void TestFraudEndToEnd::eachScenarioRaisesItsAlertOnTheAlertsTopic() {
    Pipeline::Options options;
    options.rate = 300;
    options.runAnalytics = false;
    Pipeline pipeline(options);
    std::vector<GroundTruth> truth;
    QObject::connect(&pipeline, &Pipeline::scenarioInjected,
                     [&](const std::vector<GroundTruth> &entries) {
                         truth.insert(truth.end(), entries.begin(), entries.end());
                     });
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));

    // An independent reader of the alerts topic, in its own group.
    KafkaConsumer reader;
    KafkaConsumer::Options readerOptions;
    readerOptions.kafka.brokers = pipeline.bootstrapServers().toStdString();
    readerOptions.kafka.topic = FraudWorker::kDefaultAlertsTopic;
    readerOptions.groupId = "tst-alert-reader";
    std::string why;
    QVERIFY2(reader.open(readerOptions, why), why.c_str());

    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    pipeline.startTraffic();
    const std::vector<Scenario> attacks = {Scenario::Bot,         Scenario::AccountTakeover,
                                           Scenario::CardTesting, Scenario::ImpossibleTravel,
                                           Scenario::HighValue,   Scenario::FlashSale};
    for (const Scenario scenario : attacks) {
        pipeline.injectScenario(scenario);
    }
    QTRY_COMPARE_WITH_TIMEOUT(truth.size(), std::size_t(5 + 200), 10'000);
    std::map<std::string, Scenario> victims;
    std::set<std::string> shoppers;
    for (const GroundTruth &entry : truth) {
        if (entry.scenario == Scenario::FlashSale) {
            shoppers.insert(entry.userId);
        } else {
            victims[entry.userId] = entry.scenario;
        }
    }
    QCOMPARE(victims.size(), std::size_t(5));

    // Read the topic until every victim has an alert from a rule meant to catch its attack.
    std::set<std::string> caught;
    std::vector<std::string> problems; // checked after the wait: QVERIFY cannot run in here
    std::vector<KafkaMessage> batch;
    const auto readAlerts = [&]() -> bool {
        batch.clear();
        reader.poll(50, batch);
        for (const KafkaMessage &message : batch) {
            const auto json = QJsonDocument::fromJson(
                QByteArray(static_cast<const char *>(message->payload), qsizetype(message->len)));
            const std::string user = json[QStringLiteral("user_id")].toString().toStdString();
            const std::string rule = json[QStringLiteral("rule")].toString().toStdString();
            if (std::string(static_cast<const char *>(message->key), message->key_len) != user) {
                problems.push_back("alert keyed by another user than " + user);
            }
            const auto victim = victims.find(user);
            if (victim != victims.end()) {
                const auto rules = rulesDetecting(victim->second);
                if (std::find(rules.begin(), rules.end(), rule) != rules.end()) {
                    caught.insert(user);
                }
            }
            // Flash-sale shoppers may not look dangerous.
            const auto severity = json[QStringLiteral("severity")].toString();
            if (shoppers.count(user) && severity != QLatin1String("LOW") &&
                severity != QLatin1String("MEDIUM")) {
                problems.push_back(severity.toStdString() + " " + rule + " on shopper " + user);
            }
        }
        batch.clear();
        return caught.size() == victims.size();
    };
    // The slowest script (impossible travel) ends 70 s after injection.
    QTRY_VERIFY_WITH_TIMEOUT(readAlerts(), 150'000);
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
    reader.close();
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestFraudEndToEnd)
#include "tst_fraud_e2e.moc"
