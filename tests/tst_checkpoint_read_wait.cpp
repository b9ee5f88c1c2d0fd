// A new assignment makes the analytics member read the state topic before it counts anything,
// and the whole group waits for that read, which a large or uncompacted state topic makes long
// (up to 30 s). The pipeline says so while it lasts, so that `trackboard demo` does not start
// traffic behind it and report the read as the first events' latency.
#include "pipeline_latest.h"

#include <QSignalSpy>
#include <QTest>

using namespace trackboard;

class TestCheckpointReadWait : public QObject {
    Q_OBJECT

private slots:
    void theReadIsAnnouncedBeforeTheGroupIsReady();
};

void TestCheckpointReadWait::theReadIsAnnouncedBeforeTheGroupIsReady() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why), why.c_str());
    QVERIFY2(broker->createTopic(AnalyticsWorker::kDefaultStateTopic, 1, why), why.c_str());

    Pipeline::Options options;
    options.kafka.brokers = broker->bootstrapServers(); // external: checkpoints are on
    options.alertsTopic.clear();
    options.deadLetterTopic.clear();
    options.runFraud = false;
    Pipeline pipeline(options);
    QStringList order;
    connect(&pipeline, &Pipeline::readingCheckpoints, this, [&](bool reading) {
        order << (reading ? QStringLiteral("reading") : QStringLiteral("read"));
    });
    connect(&pipeline, &Pipeline::consumersReady, this, [&] { order << QStringLiteral("ready"); });
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(order.contains(QStringLiteral("ready")), 60'000);
    QCOMPARE(order, (QStringList{QStringLiteral("reading"), QStringLiteral("read"),
                                 QStringLiteral("ready")}));
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestCheckpointReadWait)
#include "tst_checkpoint_read_wait.moc"
