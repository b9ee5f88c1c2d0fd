// Stopping under load: SIGTERM ends `trackboard produce` promptly with its queue flushed, a flush
// that cannot finish is bounded and reported, and a consumer group that stops part-way resumes
// from its committed offsets with no event twice and none missing.
#include "pipeline_latest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace trackboard;

namespace {

QJsonObject lastJsonLine(const QByteArray &out) {
    const auto lines = out.trimmed().split('\n');
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last()).object();
}

} // namespace

class TestShutdown : public QObject {
    Q_OBJECT

private slots:
    void sigtermUnderLoadFlushesAndExitsPromptly();
    void flushThatCannotFinishIsBoundedAndReported();
    void restartResumesFromCommittedOffsets();
};

void TestShutdown::sigtermUnderLoadFlushesAndExitsPromptly() {
    const QString bin = qEnvironmentVariable("TRACKBOARD_BIN");
    QVERIFY2(!bin.isEmpty(), "TRACKBOARD_BIN is not set");
    QProcess produce;
    QByteArray out;
    connect(&produce, &QProcess::readyReadStandardOutput,
            [&] { out += produce.readAllStandardOutput(); });
    produce.start(bin, {QStringLiteral("produce"), QStringLiteral("--rate"), QStringLiteral("5000"),
                        QStringLiteral("--json")});
    QVERIFY(produce.waitForStarted(10'000));
    // Under load: a report shows events delivered.
    QTRY_VERIFY_WITH_TIMEOUT(lastJsonLine(out)[QStringLiteral("delivered")].toInteger() > 2000,
                             20'000);

    QElapsedTimer clock;
    clock.start();
    ::kill(static_cast<pid_t>(produce.processId()), SIGTERM);
    QVERIFY(produce.waitForFinished(15'000));
    const qint64 exitMs = clock.elapsed();
    out += produce.readAllStandardOutput();
    QCOMPARE(produce.exitStatus(), QProcess::NormalExit);
    QCOMPARE(produce.exitCode(), 0);
    QVERIFY2(exitMs < 3000, qPrintable(QStringLiteral("took %1 ms").arg(exitMs)));
    const QJsonObject last = lastJsonLine(out);
    QCOMPARE(last[QStringLiteral("state")].toString(), QStringLiteral("stopped"));
    QCOMPARE(last[QStringLiteral("buffered")].toInteger(), 0);
    QCOMPARE(last[QStringLiteral("failed")].toInteger(), 0);
    QCOMPARE(last[QStringLiteral("delivered")].toInteger(),
             last[QStringLiteral("produced")].toInteger());
}

void TestShutdown::flushThatCannotFinishIsBoundedAndReported() {
    Pipeline::Options options;
    options.rate = 5000;
    options.runAnalytics = false;
    options.runFraud = false;
    Pipeline pipeline(options);
    Latest latest;
    latest.follow(pipeline);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.delivered > 1000, 15'000);
    pipeline.embeddedBroker()->setBrokerDown(1, true);
    QTRY_VERIFY_WITH_TIMEOUT(latest.producer.buffered > 0 && latest.producer.state == "unreachable",
                             15'000);

    QElapsedTimer clock;
    clock.start();
    pipeline.shutdown(1500);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    // Reported by the producer's flush, or from its last stats when it missed the deadline.
    QTRY_VERIFY_WITH_TIMEOUT(pipeline.unflushedAtShutdown() > 0, 5'000);
}

void TestShutdown::restartResumesFromCommittedOffsets() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why), why.c_str());
    Pipeline::Options base;
    base.kafka.brokers = broker->bootstrapServers();
    base.alertsTopic.clear();
    base.deadLetterTopic.clear();
    base.runFraud = false;
    base.analyticsGroup = "restart-group";
    // The embedded broker keeps a departed member in the group until its session times out
    // (45 s by default) even after its LeaveGroup; two `kcat -G` runs in a row show the same
    // 44 s wait. A short session keeps the test quick. Offsets are what this test is about.
    base.kafka.properties = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "500"}};

    constexpr std::uint64_t kEvents = 6000;
    constexpr std::uint64_t kFirstPart = 2500;
    ProducerStats tally;
    {
        Pipeline::Options o = base;
        o.runAnalytics = false;
        o.rate = 20'000;
        o.maxProduce = kEvents;
        Pipeline producer(o);
        QSignalSpy finished(&producer, &Pipeline::producerFinished);
        QString error;
        QVERIFY2(producer.start(error), qPrintable(error));
        producer.startTraffic();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30'000);
        tally = finished.at(0).at(0).value<ProducerStats>();
        QCOMPARE(tally.delivered, kEvents);
    }

    Latest first;
    {
        Pipeline::Options o = base;
        o.runProducer = false;
        o.maxConsume = kFirstPart;
        Pipeline consumer(o);
        first.follow(consumer);
        QSignalSpy done(&consumer, &Pipeline::consumerFinished);
        QString error;
        QVERIFY2(consumer.start(error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30'000);
        consumer.shutdown(); // commits and leaves the group
    }
    QCOMPARE(first.analyticsStats.consumed, kFirstPart);

    Latest second;
    Pipeline::Options o = base;
    o.runProducer = false;
    Pipeline consumer(o);
    second.follow(consumer);
    QString error;
    QVERIFY2(consumer.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(second.analyticsStats.consumed, kEvents - kFirstPart, 30'000);
    // A few more snapshots: nothing else turns up.
    QSignalSpy more(&consumer, &Pipeline::analyticsSnapshot);
    QTRY_VERIFY_WITH_TIMEOUT(more.count() >= 5, 5'000);
    QCOMPARE(second.analyticsStats.consumed, kEvents - kFirstPart);
    QCOMPARE(second.analyticsStats.duplicates, 0u);
    QCOMPARE(second.analyticsStats.skipped, 0u);
    // The second run read only the rest, and resumed the first run's aggregates from their
    // checkpoints (docs/scaling.md): together every event counted exactly once.
    QCOMPARE(first.analytics.events, kFirstPart);
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(second.analytics.eventsByType[t], tally.deliveredByType[t]);
    }
    QCOMPARE(second.analytics.totalRevenueCents(), tally.deliveredRevenueCents);
    consumer.shutdown();
}

QTEST_GUILESS_MAIN(TestShutdown)
#include "tst_shutdown.moc"
