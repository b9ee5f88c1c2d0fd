// The whole data flow through the embedded broker: simulator → Kafka → both consumer groups.
#include "pipeline_latest.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace trackboard;

class TestPipeline : public QObject {
    Q_OBJECT

private slots:
    void everyDeliveredEventIsConsumedOnceByBothGroups();
    void trafficStartsStopsAndChangesRate();
    void shutdownUnderLoadIsBounded();
    void externalBrokerAddressIsUsedAsGiven();
    void resetForgetsTheAggregatesButNotTheOffsets();
};

void TestPipeline::everyDeliveredEventIsConsumedOnceByBothGroups() {
    constexpr std::uint64_t kEvents = 4000;
    Pipeline::Options options;
    options.rate = 20'000;
    options.maxProduce = kEvents;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QVERIFY(pipeline.usesEmbeddedBroker());
    QVERIFY(pipeline.bootstrapServers().startsWith(QLatin1String("127.0.0.1:")));
    pipeline.startTraffic();

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30'000);
    const auto tally = finished.at(0).at(0).value<ProducerStats>();
    QCOMPARE(tally.produced, kEvents);
    QCOMPARE(tally.delivered, kEvents);
    QCOMPARE(tally.failed, 0u);

    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, kEvents, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraudStats.consumed, kEvents, 30'000);
    QCOMPARE(latest.analyticsStats.rejected, 0u);
    QCOMPARE(latest.analyticsStats.duplicates, 0u);
    QCOMPARE(latest.analyticsStats.skipped, 0u);
    QCOMPARE(latest.fraud.events, kEvents);

    // The analytics group's aggregates equal the producer's own tally of what it delivered.
    QCOMPARE(latest.analytics.events, kEvents);
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(latest.analytics.eventsByType[t], tally.deliveredByType[t]);
    }
    QCOMPARE(latest.analytics.totalRevenueCents(), tally.deliveredRevenueCents);
    QCOMPARE(latest.analytics.orders, tally.deliveredByType[std::size_t(EventType::Purchase)]);
    QVERIFY(latest.analytics.funnelUsers.front() > 0);
    QVERIFY(latest.analyticsStats.latencyP99Ms >= latest.analyticsStats.latencyP50Ms);
    pipeline.shutdown();
}

void TestPipeline::trafficStartsStopsAndChangesRate() {
    Pipeline::Options options;
    options.rate = 500;
    options.runFraud = false;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy stats(&pipeline, &Pipeline::producerStats);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));

    // Idle until told: stats arrive, but nothing is produced.
    QTRY_VERIFY_WITH_TIMEOUT(stats.count() >= 3, 10'000);
    QCOMPARE(latest.producer.produced, 0u);
    QCOMPARE(latest.producer.state, std::string("idle"));

    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered >= 50, 10'000);
    QCOMPARE(latest.producer.state, std::string("running"));

    pipeline.setRate(2000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.producer.targetRate, 2000.0, 5'000);

    pipeline.stopTraffic();
    QTRY_COMPARE_WITH_TIMEOUT(latest.producer.state, std::string("stopped"), 5'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.producer.delivered, latest.producer.produced, 10'000);
    const auto producedAtStop = latest.producer.produced;
    // Several more stats rounds go by with the count unchanged.
    const auto seen = stats.count();
    QTRY_VERIFY_WITH_TIMEOUT(stats.count() >= seen + 5, 5'000);
    QCOMPARE(latest.producer.produced, producedAtStop);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, producedAtStop, 30'000);

    // No fraud worker runs: a drill-down still gets its answer, that nobody holds the user.
    QSignalSpy profiles(&pipeline, &Pipeline::userProfile);
    const quint64 asked = pipeline.requestUserProfile(QStringLiteral("user-1"));
    QTRY_COMPARE(profiles.count(), 1);
    const auto answer = profiles.at(0).at(0).value<UserProfile>();
    QCOMPARE(profiles.at(0).at(1).value<quint64>(), asked);
    QCOMPARE(answer.userId, std::string("user-1"));
    QVERIFY(!answer.held);
    pipeline.shutdown();
}

void TestPipeline::resetForgetsTheAggregatesButNotTheOffsets() {
    Pipeline::Options options;
    options.rate = 2000;
    options.maxProduce = 1500;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy finished(&pipeline, &Pipeline::producerFinished);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    pipeline.startTraffic();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.analytics.events, 1500u, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraud.events, 1500u, 30'000);
    QVERIFY(latest.fraud.trackedUsers > 0);
    // The fraud worker answers a drill-down on its thread; a user it never saw is not held.
    QSignalSpy profiles(&pipeline, &Pipeline::userProfile);
    const quint64 asked = pipeline.requestUserProfile(QStringLiteral("user-nobody"));
    QTRY_COMPARE_WITH_TIMEOUT(profiles.count(), 1, 5'000);
    QCOMPARE(profiles.at(0).at(1).value<quint64>(), asked);
    QCOMPARE(profiles.at(0).at(0).value<UserProfile>().userId, std::string("user-nobody"));
    QVERIFY(!profiles.at(0).at(0).value<UserProfile>().held);

    pipeline.resetAggregates();
    QTRY_COMPARE_WITH_TIMEOUT(latest.analytics.events, 0u, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(latest.fraud.events, 0u, 10'000);
    QCOMPARE(latest.analytics.window(AnalyticsWindow::Last5Min).activeUsers, 0u);
    QCOMPARE(latest.fraud.trackedUsers, 0u);
    // Nothing is read again: the groups keep their place in the stream.
    QCOMPARE(latest.analyticsStats.consumed, 1500u);
    QCOMPARE(latest.analyticsStats.duplicates, 0u);
    pipeline.shutdown();
}

void TestPipeline::shutdownUnderLoadIsBounded() {
    Pipeline::Options options;
    // Well inside what a Debug build keeps up with on a busy 2-core machine; past that, the
    // embedded broker's 5 MiB retention overruns a consumer still joining its group.
    options.rate = 10'000;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.analyticsStats.consumed > 1000, 30'000);
    QVERIFY(latest.producer.state == "running");

    QElapsedTimer clock;
    clock.start();
    pipeline.shutdown(2500);
    // The budget is enforced by deadlines inside shutdown(); this checks they hold.
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
}

void TestPipeline::externalBrokerAddressIsUsedAsGiven() {
    // With --brokers the pipeline starts no broker of its own.
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY(broker->createTopic("user-activities", 3, why));
    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers();
    options.maxProduce = 200;
    options.rate = 5000;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QVERIFY(!pipeline.usesEmbeddedBroker());
    QCOMPARE(pipeline.bootstrapServers(), QString::fromStdString(broker->bootstrapServers()));
    pipeline.startTraffic();
    QTRY_COMPARE_WITH_TIMEOUT(latest.analyticsStats.consumed, 200u, 30'000);
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
