// Metrics defined without code on the real cluster (label kafka): three analytics workers in
// one consumer group, each started with --metrics tests/kafka/custom_metrics.yaml, while
// kafka-python writes a known data set keyed by user. Every worker's merged report must hold
// exactly what tests/interop/custom_metrics_writer.py computes from the events themselves: a
// grouped count, a grouped sum of money and an ungrouped count, each event counted once; and
// so must `trackboard view`, from the workers' checkpoints alone.
#include "kafka_cluster.h"

#include <QJsonArray>
#include <QtTest>

#include <array>
#include <memory>

using namespace kafkatest;

namespace {

constexpr int kEvents = 3'000;

// custom_metrics as {name: {total, groups: {key: value}}}, the writer's shape.
QJsonObject byName(const QJsonObject &report) {
    QJsonObject out;
    for (const auto &value : report.value(QStringLiteral("custom_metrics")).toArray()) {
        const QJsonObject m = value.toObject();
        QJsonObject groups;
        for (const auto &g : m.value(QStringLiteral("groups")).toArray()) {
            groups.insert(g.toObject().value(QStringLiteral("key")).toString(),
                          g.toObject().value(QStringLiteral("value")).toInteger());
        }
        out.insert(m.value(QStringLiteral("name")).toString(),
                   QJsonObject{{QStringLiteral("total"), m.value(QStringLiteral("total"))},
                               {QStringLiteral("groups"), groups}});
    }
    return out;
}

bool complete(const QJsonObject &report) {
    return report.value(QStringLiteral("events")).toInteger() == kEvents &&
           report.value(QStringLiteral("partitions")).toArray().size() == 6;
}

} // namespace

class TestKafkaCustomMetrics : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
        QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
    }

    void threeWorkersCountExactly() {
        const QString topic = uniqueName(QStringLiteral("custom"));
        const QString group = topic + QStringLiteral("-analytics");
        const QString stateTopic = topic + QStringLiteral("-state");
        const QString metrics = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                                QStringLiteral("/tests/kafka/custom_metrics.yaml");
        const auto setup =
            setupTopic(cluster_.brokers(), topic, {QStringLiteral("--state-topic"), stateTopic});
        QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);

        std::array<std::unique_ptr<Background>, 3> workers;
        for (auto &worker : workers) {
            worker = std::make_unique<Background>();
            worker->start(
                trackboardBin(),
                {QStringLiteral("analytics"), QStringLiteral("--brokers"), cluster_.brokers(),
                 QStringLiteral("--topic"), topic, QStringLiteral("--group"), group,
                 QStringLiteral("--state-topic"), stateTopic, QStringLiteral("--metrics"), metrics,
                 QStringLiteral("--interval"), QStringLiteral("1"), QStringLiteral("--json")});
            QVERIFY(worker->started());
        }
        for (auto &worker : workers) { // each has reported once: it runs with the metrics
            QVERIFY2(worker->waitForLine(
                         [](const QByteArray &line) {
                             return byName(QJsonDocument::fromJson(line).object()).size() == 3;
                         },
                         60'000),
                     worker->err().constData());
        }

        const Run writer =
            run(python(),
                {interopScript(QStringLiteral("custom_metrics_writer.py")),
                 QStringLiteral("--brokers"), cluster_.brokers(), QStringLiteral("--topic"), topic,
                 QStringLiteral("--count"), QString::number(kEvents)},
                120'000);
        QVERIFY2(writer.finished && writer.exitCode == 0, writer.err.constData());
        const QJsonObject reference = lastJsonLine(writer.out);
        QCOMPARE(reference.value(QStringLiteral("delivered")).toInt(), kEvents);
        const QJsonObject expected = reference.value(QStringLiteral("expected")).toObject();
        qInfo("expected: %s", QJsonDocument(expected).toJson(QJsonDocument::Compact).constData());
        // The data set is worth checking: every metric has something in it.
        for (const QString &name : expected.keys()) {
            QVERIFY2(expected.value(name).toObject().value(QStringLiteral("total")).toInteger() > 0,
                     qPrintable(name));
        }

        int owned = 0;
        for (auto &worker : workers) {
            QJsonObject last;
            QVERIFY2(worker->waitForLine(
                         [&](const QByteArray &line) {
                             last = QJsonDocument::fromJson(line).object();
                             return complete(last) && byName(last) == expected;
                         },
                         90'000),
                     qPrintable(QStringLiteral("last report: %1 events, custom %2, expected %3")
                                    .arg(last.value(QStringLiteral("events")).toInteger())
                                    .arg(QString::fromUtf8(
                                        QJsonDocument(byName(last)).toJson(QJsonDocument::Compact)))
                                    .arg(QString::fromUtf8(
                                        QJsonDocument(expected).toJson(QJsonDocument::Compact)))));
            for (const auto &p : last.value(QStringLiteral("partitions")).toArray()) {
                owned += p.toObject().value(QStringLiteral("owned")).toBool() ? 1 : 0;
            }
        }
        QCOMPARE(owned, 6); // each partition live in exactly one worker
        for (auto &worker : workers) {
            worker->terminate();
            QVERIFY2(worker->finish(60'000), worker->err().constData());
            QCOMPARE(worker->exitCode(), 0);
        }

        // The checkpoints carry the definitions with the counts: `trackboard view`, which has
        // no metrics file, reads them from the state topic and shows the same figures.
        const Run view =
            trackboard({QStringLiteral("view"), QStringLiteral("--brokers"), cluster_.brokers(),
                        QStringLiteral("--topic"), topic, QStringLiteral("--group"), group,
                        QStringLiteral("--state-topic"), stateTopic, QStringLiteral("--duration"),
                        QStringLiteral("3"), QStringLiteral("--json")});
        QVERIFY2(view.finished && view.exitCode == 0, view.err.constData());
        const QJsonObject viewed = lastJsonLine(view.out);
        QVERIFY(complete(viewed));
        QCOMPARE(byName(viewed), expected);
    }

private:
    Cluster cluster_;
};

QTEST_GUILESS_MAIN(TestKafkaCustomMetrics)
#include "tst_kafka_custom_metrics.moc"
