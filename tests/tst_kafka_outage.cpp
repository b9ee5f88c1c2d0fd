// A whole-cluster outage on the real 3-node cluster (label kafka): every broker is killed for
// 10 s while `trackboard produce` runs. The producer buffers and says so; after the restart
// the topic holds every event, read back from the brokers' disks by an independent client; and
// a consumer group resumes from the offsets it committed before the outage.
#include "kafka_cluster.h"

#include <QtTest>

using namespace kafkatest;

class TestKafkaOutage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void wholeClusterDownForTenSeconds();
    void cleanupTestCase();

private:
    Run fraud(const QString &topic, const QString &group, const QStringList &extra);
    Cluster cluster_;
};

void TestKafkaOutage::initTestCase() {
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
}

void TestKafkaOutage::cleanupTestCase() {
    cluster_.start();
}

// The fraud group: unlike analytics, it has no offsets-for-times rebuild at start, so where it
// begins is exactly its committed offset.
Run TestKafkaOutage::fraud(const QString &topic, const QString &group, const QStringList &extra) {
    return trackboard(
        QStringList{QStringLiteral("fraud"), QStringLiteral("--brokers"), cluster_.brokers(),
                    QStringLiteral("--topic"), topic, QStringLiteral("--group"), group,
                    QStringLiteral("--alerts-topic"), QString(), QStringLiteral("--json")} +
            extra,
        120'000);
}

void TestKafkaOutage::wholeClusterDownForTenSeconds() {
    constexpr int kBefore = 5'000;
    constexpr int kDuring = 20'000;
    constexpr int kOutageMs = 10'000;
    const QString topic = uniqueName(QStringLiteral("outage"));
    const QString group = topic + QStringLiteral("-fraud");
    const auto setup = setupTopic(cluster_.brokers(), topic);
    QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);

    // Before: events produced and consumed, the group's offsets committed.
    const auto first =
        trackboard({QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
                    QStringLiteral("--topic"), topic, QStringLiteral("--count"),
                    QString::number(kBefore), QStringLiteral("--rate"), QStringLiteral("5000")});
    QVERIFY2(first.finished && first.exitCode == 0, first.err.constData());
    const auto before =
        fraud(topic, group, {QStringLiteral("--max-events"), QString::number(kBefore)});
    QVERIFY2(before.finished && before.exitCode == 0, before.err.constData());

    Background produce;
    produce.start(trackboardBin(),
                  {QStringLiteral("produce"), QStringLiteral("--brokers"), cluster_.brokers(),
                   QStringLiteral("--topic"), topic, QStringLiteral("--count"),
                   QString::number(kDuring), QStringLiteral("--rate"), QStringLiteral("2000"),
                   QStringLiteral("--json")});
    QVERIFY(produce.started());
    const auto field = [](const QByteArray &line, const char *name) {
        return QJsonDocument::fromJson(line).object().value(QLatin1String(name));
    };
    QVERIFY2(produce.waitForLine(
                 [&](const QByteArray &l) { return field(l, "delivered").toInteger() >= 3'000; },
                 60'000),
             produce.err().constData());
    QElapsedTimer outage;
    outage.start();
    for (int node = 1; node <= 3; ++node) {
        QVERIFY2(cluster_.kill(node), qPrintable(cluster_.error()));
    }
    // The producer notices and says how much it holds.
    QVERIFY2(produce.waitForLine(
                 [&](const QByteArray &l) {
                     return field(l, "state").toString() == QLatin1String("unreachable") &&
                            field(l, "buffered").toInteger() > 0;
                 },
                 kOutageMs),
             produce.out().right(600).constData());
    // The outage lasts its full ten seconds: this wait is the scenario, not a synchronisation.
    QTest::qWait(int(std::max<qint64>(0, kOutageMs - outage.elapsed())));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error())); // returns once all three answer

    QVERIFY2(produce.finish(180'000), produce.err().constData());
    QVERIFY2(produce.exitCode() == 0, produce.err().constData());
    QCOMPARE(lastJsonLine(produce.out())[QStringLiteral("delivered")].toInteger(), kDuring);

    // Every event is on the brokers' disks.
    const QJsonObject log = census(cluster_.brokers(), topic);
    QVERIFY(log[QStringLiteral("complete")].toBool());
    QCOMPARE(log[QStringLiteral("distinct")].toInteger(), qint64(kBefore + kDuring));
    const qint64 messages = log[QStringLiteral("messages")].toInteger();
    qInfo("log after the outage: %lld messages, %lld duplicates", messages,
          log[QStringLiteral("duplicates")].toInteger());

    // The group resumes from its committed offsets: it reads what came after, and only that.
    const auto after = fraud(topic, group, {QStringLiteral("--duration"), QStringLiteral("10")});
    QVERIFY2(after.finished && after.exitCode == 0, after.err.constData());
    const QJsonObject pipeline = lastJsonLine(after.out)[QStringLiteral("summary")]
                                     .toObject()[QStringLiteral("pipeline")]
                                     .toObject();
    QCOMPARE(pipeline[QStringLiteral("consumed")].toInteger(), messages - kBefore);
    QCOMPARE(pipeline[QStringLiteral("lag")].toInteger(), 0);
}

QTEST_GUILESS_MAIN(TestKafkaOutage)
#include "tst_kafka_outage.moc"
