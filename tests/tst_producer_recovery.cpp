// The producer's recovery from a fatal librdkafka error (embedded broker, label integration).
// librdkafka 2.0.2's idempotent producer can raise one after a "possibly persisted" disconnect,
// which a killed partition leader provokes on a real cluster (librdkafka #4438, fixed in 2.3.0);
// rd_kafka_test_fatal_error raises the same state on demand. The worker must purge, recreate
// itself, resend what was not acknowledged, and finish with every event delivered and applied
// exactly once downstream.
#include "embedded_broker.h"
#include "pipeline_latest.h"
#include "producer_worker.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace trackboard;

class TestProducerRecovery : public QObject {
    Q_OBJECT
private slots:
    void fatalErrorMidStreamLosesNothing();
};

void TestProducerRecovery::fatalErrorMidStreamLosesNothing() {
    constexpr std::uint64_t kEvents = 20'000;
    std::string error;
    auto broker = EmbeddedBroker::start(1, error);
    QVERIFY2(broker, error.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, error), error.c_str());

    ProducerWorker::Options p;
    p.kafka.brokers = broker->bootstrapServers();
    p.rate = 10'000;
    p.maxEvents = kEvents;
    auto *worker = new ProducerWorker(p);
    QThread thread;
    const auto joinThread = qScopeGuard([&thread] {
        thread.quit();
        thread.wait();
    });
    worker->moveToThread(&thread);
    connect(&thread, &QThread::started, worker, &ProducerWorker::open);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    ProducerStats latest;
    connect(worker, &ProducerWorker::statsChanged, this,
            [&latest](const ProducerStats &s) { latest = s; });
    QSignalSpy finished(worker, &ProducerWorker::finished);
    registerMetatypes();
    thread.start();
    QMetaObject::invokeMethod(worker, &ProducerWorker::startTraffic, Qt::QueuedConnection);

    QTRY_VERIFY_WITH_TIMEOUT(latest.delivered >= kEvents / 4, 30'000);
    QMetaObject::invokeMethod(worker, &ProducerWorker::raiseFatalErrorForTest,
                              Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60'000);
    const auto tally = finished.at(0).at(0).value<ProducerStats>();
    QCOMPARE(tally.producerRestarts, 1u);
    QCOMPARE(tally.produced, kEvents);
    QCOMPARE(tally.delivered, kEvents);
    QCOMPARE(tally.failed, 0u);
    qInfo("resent after the fatal error: %llu", static_cast<unsigned long long>(tally.resent));
    QMetaObject::invokeMethod(
        worker, [worker] { worker->shutdown(1000); }, Qt::BlockingQueuedConnection);

    // Downstream, each event counts once, whatever the log holds twice.
    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers();
    options.runProducer = false;
    options.runFraud = false;
    options.fromBeginning = true;
    Pipeline pipeline(options);
    Latest downstream;
    downstream.follow(pipeline);
    QString why;
    QVERIFY2(pipeline.start(why), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(downstream.analytics.events >= kEvents, 60'000);
    QCOMPARE(downstream.analytics.events, kEvents);
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(downstream.analytics.eventsByType[t], tally.deliveredByType[t]);
    }
    // Whatever was resent and had already been persisted was set aside as a duplicate.
    QCOMPARE(downstream.analyticsStats.applied, kEvents);
    QCOMPARE(downstream.analyticsStats.rejected,
             downstream.analyticsStats.rejectedBy[std::size_t(RejectReason::DuplicateEventId)]);
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestProducerRecovery)
#include "tst_producer_recovery.moc"
