// Scale-out on the real cluster (label kafka, docs/scaling.md): analytics workers share one
// consumer group and checkpoint each partition's state to the compacted state topic. While
// kafka-python writes a known data set, one worker is killed with SIGKILL, a fourth joins and
// the others restart one by one. The merged view, from every worker and from `trackboard view`
// reading the state topic alone after the activity topic is deleted, must equal what
// tests/interop/scale_writer.py computes from the events themselves: each event counted once.
#include "event_rate_chart.h"
#include "json_subset.h"
#include "kafka_cluster.h"
#include "kpi_tile.h"
#include "main_window.h"

#include <QStandardPaths>
#include <QtTest>

#include <array>
#include <memory>

using namespace kafkatest;

namespace {

constexpr int kEvents = 6'000;
constexpr int kRate = 300; // events/s: 20 s of writing

QJsonObject parseLine(const QByteArray &line) {
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    return doc.isObject() ? doc.object() : QJsonObject{};
}

// A report that covers every partition of the topic and all the events, once every partition
// has gone idle, so that event time stands at the newest event (`watermarkMs`).
bool coversAll(const QJsonObject &report, qint64 watermarkMs) {
    return report.value(QStringLiteral("events")).toInteger() == kEvents &&
           report.value(QStringLiteral("partitions")).toArray().size() == 6 &&
           report.value(QStringLiteral("watermark_ms")).toInteger() == watermarkMs;
}

} // namespace

class TestKafkaScale : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void workersKilledJoinedAndRestartedCountEachEventOnce();

private:
    std::unique_ptr<Background> startWorker();
    void dashboardComesBackFromCheckpoints(const QJsonObject &expected);
    Cluster cluster_;
    QString topic_;
    QString group_;
    QString stateTopic_;
};

void TestKafkaScale::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // the dashboard never touches the user's settings
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
}

std::unique_ptr<Background> TestKafkaScale::startWorker() {
    auto worker = std::make_unique<Background>();
    worker->start(trackboardBin(),
                  {QStringLiteral("analytics"), QStringLiteral("--brokers"), cluster_.brokers(),
                   QStringLiteral("--topic"), topic_, QStringLiteral("--group"), group_,
                   QStringLiteral("--state-topic"), stateTopic_, QStringLiteral("--interval"),
                   QStringLiteral("1"), QStringLiteral("--json")});
    return worker;
}

void TestKafkaScale::workersKilledJoinedAndRestartedCountEachEventOnce() {
    topic_ = uniqueName(QStringLiteral("scale"));
    group_ = topic_ + QStringLiteral("-analytics");
    stateTopic_ = topic_ + QStringLiteral("-state");
    const auto setup =
        setupTopic(cluster_.brokers(), topic_, {QStringLiteral("--state-topic"), stateTopic_});
    QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);

    std::array<std::unique_ptr<Background>, 4> workers;
    for (int i = 0; i < 3; ++i) {
        workers[std::size_t(i)] = startWorker();
        QVERIFY(workers[std::size_t(i)]->started());
    }
    for (int i = 0; i < 3; ++i) { // each has reported once: it runs and reads the state topic
        QVERIFY2(workers[std::size_t(i)]->waitForLine(
                     [](const QByteArray &line) { return !parseLine(line).isEmpty(); }, 60'000),
                 workers[std::size_t(i)]->err().constData());
    }

    Background writer;
    writer.start(python(),
                 {interopScript(QStringLiteral("scale_writer.py")), QStringLiteral("--brokers"),
                  cluster_.brokers(), QStringLiteral("--topic"), topic_, QStringLiteral("--count"),
                  QString::number(kEvents), QStringLiteral("--rate"), QString::number(kRate)});
    QVERIFY(writer.started());
    const auto produced = [&](int n) {
        return writer.waitForLine(
            [n](const QByteArray &line) {
                return line.startsWith("PRODUCED ") && line.mid(9).toInt() >= n;
            },
            60'000);
    };
    QVERIFY2(produced(kEvents / 4), writer.err().constData());
    workers[1]->killNow(); // its partitions wait out the session timeout, then move on
    QVERIFY2(produced(kEvents / 2), writer.err().constData());
    workers[3] = startWorker(); // a fourth member joins the group
    QVERIFY(workers[3]->started());
    QVERIFY2(produced(kEvents * 3 / 4), writer.err().constData());
    for (const std::size_t i : {std::size_t(0), std::size_t(2)}) { // a rolling restart
        workers[i]->terminate();
        QVERIFY2(workers[i]->finish(60'000), workers[i]->err().constData());
        QCOMPARE(workers[i]->exitCode(), 0);
        workers[i] = startWorker();
        QVERIFY(workers[i]->started());
    }
    QVERIFY2(writer.finish(120'000) && writer.exitCode() == 0, writer.err().constData());
    const QJsonObject reference = lastJsonLine(writer.out());
    const QJsonObject expected = reference.value(QStringLiteral("expected")).toObject();
    QCOMPARE(reference.value(QStringLiteral("delivered")).toInt(), kEvents);
    const qint64 newest = expected.value(QStringLiteral("watermark_ms")).toInteger();
    QVERIFY2(reference.value(QStringLiteral("partitions")).toObject().size() == 6,
             writer.out().right(300).constData()); // murmur2 spread the users over all six

    // Every live worker prints the merged global report, not its own share.
    QJsonObject fourth;
    for (const std::size_t i : {std::size_t(0), std::size_t(2), std::size_t(3)}) {
        QJsonObject last;
        QVERIFY2(workers[i]->waitForLine(
                     [&](const QByteArray &line) {
                         last = parseLine(line);
                         return coversAll(last, newest);
                     },
                     90'000),
                 qPrintable(QStringLiteral("worker %1 last reported %2 events, %4 partitions, "
                                           "watermark %5 of %6: %3")
                                .arg(i)
                                .arg(last.value(QStringLiteral("events")).toInteger())
                                .arg(QString::fromUtf8(workers[i]->err().right(600)))
                                .arg(last.value(QStringLiteral("partitions")).toArray().size())
                                .arg(last.value(QStringLiteral("watermark_ms")).toInteger())
                                .arg(newest)));
        if (i == 3) {
            fourth = last;
        }
    }
    int ownedByFourth = 0;
    for (const auto &p : fourth.value(QStringLiteral("partitions")).toArray()) {
        ownedByFourth += p.toObject().value(QStringLiteral("owned")).toBool() ? 1 : 0;
    }
    QVERIFY2(ownedByFourth > 0, "the worker that joined owns no partition");
    for (const std::size_t i : {std::size_t(0), std::size_t(2), std::size_t(3)}) {
        workers[i]->terminate();
        QVERIFY2(workers[i]->finish(60'000), workers[i]->err().constData());
        QCOMPARE(workers[i]->exitCode(), 0);
        QStringList differences;
        compareSubset(expected, lastJsonLine(workers[i]->out()), QStringLiteral("$"), differences);
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
    }

    // A restart of everything: the charts come back from the checkpoints, not from zero.
    QElapsedTimer restart;
    restart.start();
    const auto again = startWorker();
    QVERIFY(again->started());
    QVERIFY2(
        again->waitForLine(
            [&](const QByteArray &line) { return coversAll(parseLine(line), newest); }, 30'000),
        again->err().constData());
    const qint64 restoredMs = restart.elapsed();
    qInfo("restarted worker showed all %d events after %lld ms", kEvents, restoredMs);
    QVERIFY2(restoredMs <= 5'000, qPrintable(QString::number(restoredMs)));
    again->terminate();
    QVERIFY(again->finish(30'000));
    dashboardComesBackFromCheckpoints(expected);
    if (QTest::currentTestFailed()) {
        return;
    }

    // The view reads the state topic alone: the activity topic is gone before it starts.
    const auto deleted =
        run(python(),
            {QStringLiteral("-c"),
             QStringLiteral("import sys\nfrom confluent_kafka.admin import AdminClient\n"
                            "a = AdminClient({'bootstrap.servers': sys.argv[1]})\n"
                            "a.delete_topics([sys.argv[2]])[sys.argv[2]].result()\n"),
             cluster_.brokers(), topic_},
            60'000);
    QVERIFY2(deleted.finished && deleted.exitCode == 0, deleted.err.constData());
    const auto view = kafkatest::trackboard(
        {QStringLiteral("view"), QStringLiteral("--brokers"), cluster_.brokers(),
         QStringLiteral("--topic"), topic_, QStringLiteral("--group"), group_,
         QStringLiteral("--state-topic"), stateTopic_, QStringLiteral("--duration"),
         QStringLiteral("3"), QStringLiteral("--json")});
    QVERIFY2(view.finished && view.exitCode == 0, view.err.constData());
    const QJsonObject viewed = lastJsonLine(view.out);
    QStringList differences;
    compareSubset(expected, viewed, QStringLiteral("$"), differences);
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
    const QJsonArray partitions = viewed.value(QStringLiteral("partitions")).toArray();
    QCOMPARE(partitions.size(), 6);
    qint64 covered = 0;
    for (const auto &p : partitions) {
        covered += p.toObject().value(QStringLiteral("next_offset")).toInteger();
    }
    QCOMPARE(covered, qint64(kEvents)); // the checkpoints end where the topic ended
}

// The dashboard pointed at the cluster is one more member of the analytics group: started after
// every worker has stopped, its tiles and charts show the checkpointed figures within 5 s.
void TestKafkaScale::dashboardComesBackFromCheckpoints(const QJsonObject &expected) {
    trackboard::MainWindow::Options options;
    options.pipeline.kafka.brokers = cluster_.brokers().toStdString();
    options.pipeline.kafka.topic = topic_.toStdString();
    options.pipeline.analyticsGroup = group_.toStdString();
    options.pipeline.analyticsState.stateTopic = stateTopic_.toStdString();
    options.pipeline.fraudGroup = (topic_ + QStringLiteral("-fraud")).toStdString();
    options.pipeline.alertsTopic.clear();
    options.startTraffic = false;
    trackboard::MainWindow window(options);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setAnalyticsWindow(trackboard::AnalyticsWindow::AllTime);

    QElapsedTimer restart;
    restart.start();
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    const QJsonObject all = expected.value(QStringLiteral("windows"))
                                .toObject()
                                .value(QStringLiteral("all"))
                                .toObject();
    const QString users = QLocale().toString(all.value(QStringLiteral("active_users")).toInteger());
    const auto shown = [&] {
        return window.kpi(QStringLiteral("active_users"))->displayedText() == users &&
               window.rateChart()->pointCount(trackboard::EventType::PageView) > 0;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        shown(), qPrintable(window.kpi(QStringLiteral("active_users"))->displayedText()), 30'000);
    const qint64 restoredMs = restart.elapsed();
    qInfo("the dashboard showed all %s users and the rate chart after %lld ms", qPrintable(users),
          restoredMs);
    QVERIFY2(restoredMs <= 5'000, qPrintable(QString::number(restoredMs)));
    window.close();
}

QTEST_MAIN(TestKafkaScale)
#include "tst_kafka_scale.moc"
