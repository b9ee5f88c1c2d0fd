// Kafka clients Trackboard did not write (python3-confluent-kafka, kafka-python, kcat) against
// Trackboard's embedded broker, in both directions: they produce and Trackboard's analytics
// consumes, or Trackboard's producer produces and they consume. The Python scripts live in
// tests/interop/ and compute their expectations on their own, from the events they handle.
#include "embedded_broker.h"
#include "pipeline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace trackboard;

namespace {

constexpr int kProcessTimeoutMs = 30'000;
constexpr int kConsumeTimeoutMs = 30'000; // the first JoinGroup alone takes about 3 s

struct ProcessResult {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessResult runProcess(const QString &program, const QStringList &args,
                         const QByteArray &input = {}) {
    ProcessResult result;
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(kProcessTimeoutMs)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(kProcessTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out: " + process.readAllStandardError();
        return result;
    }
    result.finished = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// A Python 3 that has both python3-confluent-kafka and python3-kafka; empty when none does.
// The Debian packages install into the system interpreter, which a pyenv or venv on PATH hides.
QString findKafkaPython() {
    QStringList candidates{qEnvironmentVariable("TRACKBOARD_PYTHON"),
                           QStringLiteral("/usr/bin/python3"),
                           QStandardPaths::findExecutable(QStringLiteral("python3"))};
    for (const QString &python : std::as_const(candidates)) {
        if (python.isEmpty() || !QFileInfo(python).isExecutable()) {
            continue;
        }
        const auto probe = runProcess(
            python, {QStringLiteral("-c"), QStringLiteral("import confluent_kafka, kafka")});
        if (probe.finished && probe.exitCode == 0) {
            return python;
        }
    }
    return {};
}

QJsonObject parseJson(const QByteArray &text) {
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(text.trimmed(), &error);
    if (error.error != QJsonParseError::NoError) {
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), text.constData());
    }
    return doc.object();
}

std::size_t index(EventType type) {
    return static_cast<std::size_t>(type);
}
std::size_t index(RejectReason reason) {
    return static_cast<std::size_t>(reason);
}

struct AnalyticsResult {
    AnalyticsSnapshot snapshot;
    ConsumerStats stats;
};

// Runs Trackboard's analytics consumer group in-process, from the beginning of the topic,
// until it has taken `count` messages. Fails the current test on a timeout or a failure.
void consumeWithAnalytics(const std::string &brokers, std::uint64_t count, AnalyticsResult &out) {
    Pipeline::Options options;
    options.kafka.brokers = brokers;
    options.runProducer = false;
    options.runFraud = false;
    options.fromBeginning = true;
    options.maxConsume = count;
    options.analyticsGroup = "trackboard-interop-analytics";
    Pipeline pipeline(options);
    QSignalSpy failures(&pipeline, &Pipeline::failed);
    QSignalSpy finished(&pipeline, &Pipeline::consumerFinished);
    QObject::connect(&pipeline, &Pipeline::analyticsSnapshot,
                     [&out](const AnalyticsSnapshot &snapshot, const ConsumerStats &stats) {
                         out.snapshot = snapshot;
                         out.stats = stats;
                     });
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kConsumeTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(out.stats.consumed, count, 5000);
    pipeline.shutdown();
    QCoreApplication::processEvents(); // the snapshot the consumer sent as it closed
    const QByteArray failure =
        failures.isEmpty() ? QByteArray() : failures.first().first().toString().toUtf8();
    QVERIFY2(failures.isEmpty(), failure.constData());
    QCOMPARE(out.stats.consumed, count); // and not one more
    QCOMPARE(out.stats.skipped, std::uint64_t(0));
    QCOMPARE(out.stats.duplicates, std::uint64_t(0));
}

// One valid event for kcat, built with QJsonObject rather than Trackboard's encoder.
QJsonObject kcatEvent(int i, EventType type, std::int64_t orderCents) {
    QJsonObject event{
        {QStringLiteral("event_id"), QStringLiteral("kcat-%1").arg(i)},
        {QStringLiteral("event_type"), QString::fromLatin1(eventTypeName(type))},
        {QStringLiteral("timestamp"),
         QStringLiteral("2026-02-01T10:00:%1.500Z").arg(i % 60, 2, 10, QLatin1Char('0'))},
        {QStringLiteral("user_id"), QStringLiteral("kcat-user-%1").arg(i % 5)},
        {QStringLiteral("session_id"), QStringLiteral("kcat-sess-%1").arg(i % 5)},
        {QStringLiteral("page"), QStringLiteral("/kcat/%1").arg(i)},
        {QStringLiteral("ip_address"), QStringLiteral("198.51.100.7")},
        {QStringLiteral("geo"), QJsonObject{{QStringLiteral("country"), QStringLiteral("FR")},
                                            {QStringLiteral("city"), QStringLiteral("Paris")},
                                            {QStringLiteral("lat"), 48.8566},
                                            {QStringLiteral("lon"), 2.3522}}},
        {QStringLiteral("device"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("mobile")},
                     {QStringLiteral("os"), QStringLiteral("Android")},
                     {QStringLiteral("browser"), QStringLiteral("Firefox")}}},
    };
    if (isProductEvent(type)) {
        event.insert(QStringLiteral("product"),
                     QJsonObject{{QStringLiteral("id"), QStringLiteral("p-7")},
                                 {QStringLiteral("name"), QStringLiteral("Kettle")},
                                 {QStringLiteral("category"), QStringLiteral("home")},
                                 {QStringLiteral("price"), double(orderCents) / 100.0}});
    }
    if (type == EventType::Purchase) {
        event.insert(QStringLiteral("order"),
                     QJsonObject{{QStringLiteral("id"), QStringLiteral("kcat-ord-%1").arg(i)},
                                 {QStringLiteral("value"), double(orderCents) / 100.0},
                                 {QStringLiteral("currency"), QStringLiteral("USD")}});
    }
    return event;
}

QByteArray kcatLine(const QByteArray &key, const QJsonObject &event) {
    return key + '\t' + QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

class TestInterop : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void confluentKafkaProducerFeedsAnalytics();
    void kafkaPythonGroupConsumerReadsTrackboardProducer();
    void kcatProducerWithInvalidLines();

private:
    QString python_;
    QString kcat_;
    QString scripts_;
    std::unique_ptr<EmbeddedBroker> broker_;
};

void TestInterop::initTestCase() {
    python_ = findKafkaPython();
    kcat_ = QStandardPaths::findExecutable(QStringLiteral("kcat"));
    scripts_ = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") + QStringLiteral("/tests/interop/");
    QVERIFY2(QFileInfo::exists(scripts_ + QStringLiteral("confluent_produce.py")),
             "set TRACKBOARD_SOURCE_DIR to the repository root (ctest does)");
}

// A fresh broker for each test, so that no test reads another's events.
void TestInterop::init() {
    std::string error;
    broker_ = EmbeddedBroker::start(1, error);
    QVERIFY2(broker_, error.c_str());
    QVERIFY2(broker_->createTopic("user-activities", 6, error), error.c_str());
}

void TestInterop::cleanup() {
    broker_.reset();
}

void TestInterop::confluentKafkaProducerFeedsAnalytics() {
    if (python_.isEmpty()) {
        QSKIP("no python3 with python3-confluent-kafka and python3-kafka (set TRACKBOARD_PYTHON)");
    }
    constexpr int kEvents = 600;
    const auto produced = runProcess(
        python_, {scripts_ + QStringLiteral("confluent_produce.py"), QStringLiteral("--brokers"),
                  QString::fromStdString(broker_->bootstrapServers()), QStringLiteral("--count"),
                  QString::number(kEvents)});
    QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());
    const QJsonObject report = parseJson(produced.out);
    QCOMPARE(report[QStringLiteral("delivered")].toInt(), kEvents);
    const QJsonObject expected = report[QStringLiteral("expected")].toObject();

    AnalyticsResult result;
    consumeWithAnalytics(broker_->bootstrapServers(), kEvents, result);
    if (QTest::currentTestFailed()) {
        return;
    }
    const AnalyticsSnapshot &s = result.snapshot;
    QCOMPARE(result.stats.rejected, 0u);
    QCOMPARE(result.stats.applied, std::uint64_t(kEvents));
    QCOMPARE(qint64(s.events), expected[QStringLiteral("events")].toInteger());
    const QJsonObject byType = expected[QStringLiteral("events_by_type")].toObject();
    QCOMPARE(byType.size(), qsizetype(kEventTypeCount));
    for (auto it = byType.begin(); it != byType.end(); ++it) {
        const auto type = eventTypeFromName(it.key().toStdString());
        QVERIFY2(type, qPrintable(it.key()));
        QCOMPARE(qint64(s.eventsByType[index(*type)]), it.value().toInteger());
    }
    QCOMPARE(qint64(s.orders), expected[QStringLiteral("orders")].toInteger());
    QVERIFY(s.orders > 0);
    QCOMPARE(s.totalRevenueCents(), expected[QStringLiteral("revenue_cents")].toInteger());
    const QJsonObject byCurrency = expected[QStringLiteral("revenue_cents_by_currency")].toObject();
    QCOMPARE(qsizetype(s.revenue.size()), byCurrency.size());
    for (auto it = byCurrency.begin(); it != byCurrency.end(); ++it) {
        QCOMPARE(s.revenueCents(it.key().toStdString()), it.value().toInteger());
    }
    const QJsonArray funnel = expected[QStringLiteral("funnel_users")].toArray();
    QCOMPARE(funnel.size(), qsizetype(kFunnelStages.size()));
    for (std::size_t stage = 0; stage < kFunnelStages.size(); ++stage) {
        QCOMPARE(qint64(s.funnelUsers[stage]), funnel[qsizetype(stage)].toInteger());
    }
    QCOMPARE(qint64(s.funnelUsers.front()), expected[QStringLiteral("viewing_users")].toInteger());
    QCOMPARE(qint64(s.funnelUsers.back()),
             expected[QStringLiteral("purchasing_users")].toInteger());
}

void TestInterop::kafkaPythonGroupConsumerReadsTrackboardProducer() {
    if (python_.isEmpty()) {
        QSKIP("no python3 with python3-confluent-kafka and python3-kafka (set TRACKBOARD_PYTHON)");
    }
    constexpr std::uint64_t kEvents = 1000;
    Pipeline::Options options;
    options.kafka.brokers = broker_->bootstrapServers();
    options.runAnalytics = false;
    options.runFraud = false;
    options.maxProduce = kEvents;
    options.rate = 2000;
    Pipeline pipeline(options);
    QSignalSpy failures(&pipeline, &Pipeline::failed);
    ProducerStats done;
    bool finished = false;
    connect(&pipeline, &Pipeline::producerFinished, this, [&](const ProducerStats &stats) {
        done = stats;
        finished = true;
    });
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    pipeline.startTraffic();
    QTRY_VERIFY_WITH_TIMEOUT(finished, kProcessTimeoutMs);
    pipeline.shutdown();
    QCOMPARE(failures.count(), 0);
    QCOMPARE(done.delivered, kEvents);
    QCOMPARE(done.failed, 0u);

    const auto consumed = runProcess(
        python_, {scripts_ + QStringLiteral("kafka_python_consume.py"), QStringLiteral("--brokers"),
                  QString::fromStdString(broker_->bootstrapServers()), QStringLiteral("--group"),
                  QStringLiteral("interop-kafka-python"), QStringLiteral("--count"),
                  QString::number(kEvents), QStringLiteral("--timeout"), QStringLiteral("25")});
    QVERIFY2(consumed.finished, consumed.err.constData());
    const QJsonObject summary = parseJson(consumed.out);
    QCOMPARE(summary[QStringLiteral("count")].toInteger(), qint64(kEvents));
    QCOMPARE(consumed.exitCode, 0);
    QCOMPARE(summary[QStringLiteral("distinct_event_ids")].toInteger(), qint64(kEvents));
    QCOMPARE(summary[QStringLiteral("keys_match_user_id")].toInteger(), qint64(kEvents));
    QCOMPARE(summary[QStringLiteral("revenue_cents")].toInteger(), done.deliveredRevenueCents);
    QCOMPARE(summary[QStringLiteral("partitions")].toArray().size(), 6); // keys spread over all
    const QJsonObject byType = summary[QStringLiteral("events_by_type")].toObject();
    qint64 total = 0;
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        const auto name = QString::fromLatin1(eventTypeName(EventType(t)));
        QCOMPARE(byType.value(name).toInteger(0), qint64(done.deliveredByType[t]));
        total += byType.value(name).toInteger(0);
    }
    QCOMPARE(total, qint64(kEvents)); // no type the producer does not know
}

void TestInterop::kcatProducerWithInvalidLines() {
    if (kcat_.isEmpty()) {
        QSKIP("kcat is not installed");
    }
    // Two of each type, purchases with different amounts, then the three invalid lines.
    QByteArray input;
    std::array<std::uint64_t, kEventTypeCount> tally{};
    std::int64_t revenue = 0;
    int valid = 0;
    for (int round = 0; round < 2; ++round) {
        for (std::size_t t = 0; t < kEventTypeCount; ++t, ++valid) {
            const auto type = EventType(t);
            const std::int64_t cents = 1999 + 100'000 * round;
            input += kcatLine("kcat-user-" + QByteArray::number(valid % 5),
                              kcatEvent(valid, type, cents));
            ++tally[t];
            revenue += type == EventType::Purchase ? cents : 0;
        }
    }
    input += "kcat-user-1\t{\"event_id\":\"bad-1\",\"event_type\":\"page_view\",\n";
    QJsonObject unknownType = kcatEvent(97, EventType::PageView, 0);
    unknownType.insert(QStringLiteral("event_type"), QStringLiteral("teleport"));
    input += kcatLine("kcat-user-2", unknownType);
    QJsonObject anonymous = kcatEvent(98, EventType::Login, 0);
    anonymous.remove(QStringLiteral("user_id"));
    input += kcatLine("anonymous", anonymous);
    const int total = valid + 3;

    const auto produced =
        runProcess(kcat_,
                   {QStringLiteral("-P"), QStringLiteral("-K"), QStringLiteral("\t"),
                    QStringLiteral("-b"), QString::fromStdString(broker_->bootstrapServers()),
                    QStringLiteral("-t"), QStringLiteral("user-activities")},
                   input);
    QVERIFY2(produced.finished && produced.exitCode == 0, produced.err.constData());

    AnalyticsResult result;
    consumeWithAnalytics(broker_->bootstrapServers(), std::uint64_t(total), result);
    if (QTest::currentTestFailed()) {
        return;
    }
    const ConsumerStats &stats = result.stats;
    QCOMPARE(stats.rejected, 3u);
    QCOMPARE(stats.rejectedBy[index(RejectReason::MalformedJson)], 1u);
    QCOMPARE(stats.rejectedBy[index(RejectReason::UnknownEventType)], 1u);
    QCOMPARE(stats.rejectedBy[index(RejectReason::MissingField)], 1u);
    QCOMPARE(stats.applied, std::uint64_t(valid));
    const AnalyticsSnapshot &s = result.snapshot;
    QCOMPARE(s.events, std::uint64_t(valid));
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        QCOMPARE(s.eventsByType[t], tally[t]);
    }
    QCOMPARE(s.orders, tally[index(EventType::Purchase)]);
    QCOMPARE(s.totalRevenueCents(), revenue);
    QCOMPARE(s.revenueCents("USD"), revenue);
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
