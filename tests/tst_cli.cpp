// The `trackboard` executable as people and scripts drive it: options, exit codes, --json
// output, and the demo guide's three terminals (broker, producer, consumers) next to kcat.
#include "event_codec.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

#include <algorithm>
#include <limits>
#include <map>

using namespace trackboard;

namespace {

constexpr int kTimeoutMs = 30'000;
constexpr std::int64_t kVirtualEpochMs = 1'767'225'600'000; // 2026-01-01T00:00:00Z

struct Run {
    bool finished = false; // exited normally within the timeout
    int exitCode = -1;
    QByteArray out, err;
};

Run runProgram(const QString &program, const QStringList &args, int timeoutMs = kTimeoutMs,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        run.err = "did not finish: " + process.errorString().toUtf8();
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// A command line from string literals and QStrings alike.
template <typename... Args> QStringList argv(const Args &...args) {
    return {QAnyStringView(args).toString()...};
}

QString trackboardBin() {
    return qEnvironmentVariable("TRACKBOARD_BIN");
}

Run runTrackboard(const QStringList &args, int timeoutMs = kTimeoutMs) {
    return runProgram(trackboardBin(), args, timeoutMs);
}

QByteArray describe(const Run &run) {
    return "exit " + QByteArray::number(run.exitCode) + ", stderr: " + run.err.right(2000);
}

QJsonObject parseObject(const QByteArray &line) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), line.constData());
    }
    return doc.object();
}

QList<QByteArray> lines(const QByteArray &out) {
    QList<QByteArray> result = out.split('\n');
    result.removeAll(QByteArray());
    return result;
}

QJsonObject lastJsonLine(const QByteArray &out) {
    const auto all = lines(out);
    return all.isEmpty() ? QJsonObject() : parseObject(all.last());
}

qint64 number(const QJsonObject &object, const char *path) {
    QJsonValue value = object;
    for (const QByteArray &key : QByteArray(path).split('.')) {
        value = value.toObject().value(QLatin1String(key));
    }
    return value.toInteger(-1);
}

// A message as `kcat -f '%p\t%o\t%k\t%s\n'` prints it.
struct Record {
    int partition = -1;
    qint64 offset = -1;
    QByteArray key, value;
};

QList<Record> parseRecords(const QByteArray &out) {
    QList<Record> records;
    for (const QByteArray &line : lines(out)) {
        const QList<QByteArray> f = line.split('\t');
        const auto valueStart = f.value(0).size() + f.value(1).size() + f.value(2).size() + 3;
        records.append(
            {f.value(0).toInt(), f.value(1).toLongLong(), f.value(2), line.mid(valueStart)});
    }
    std::sort(records.begin(), records.end(), [](const Record &a, const Record &b) {
        return std::pair(a.partition, a.offset) < std::pair(b.partition, b.offset);
    });
    return records;
}

// `trackboard broker` in the background, as in the demo guide's first terminal.
class BrokerProcess {
public:
    ~BrokerProcess() {
        process.kill(); // a no-op once it has stopped
        process.waitForFinished();
    }
    // Starts it and reads its BROKERS= line; returns the address, empty on failure.
    QString start(const QStringList &extraArgs) {
        process.start(trackboardBin(), QStringList{QStringLiteral("broker")} + extraArgs);
        const QDeadlineTimer deadline(10'000);
        while (!deadline.hasExpired()) {
            while (process.canReadLine()) {
                const QByteArray line = process.readLine().trimmed();
                if (line.startsWith("BROKERS=")) {
                    return QString::fromLatin1(line.mid(8));
                }
            }
            if (!process.waitForReadyRead(int(deadline.remainingTime()))) {
                break;
            }
        }
        return {};
    }
    QProcess process;
};

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void help_data();
    void help();
    void version();
    void unknownSubcommand();
    void consumerWithoutBroker_data();
    void consumerWithoutBroker();
    void malformedProperty_data();
    void malformedProperty();
    void demoJson();
    void demoGuideThreeTerminals();
    void sameSeedSameBytes();

private:
    Run kcat(const QStringList &args) { return runProgram(kcat_, args); }
    QString kcat_;
};

void TestCli::initTestCase() {
    QVERIFY2(QFileInfo(trackboardBin()).isExecutable(),
             "TRACKBOARD_BIN must name the built trackboard executable (ctest sets it)");
    kcat_ = QStandardPaths::findExecutable(QStringLiteral("kcat"));
}

void TestCli::help_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions");
    const QStringList kafka = argv("--brokers", "-X", "--topic", "--json");
    const QStringList consumer =
        kafka + argv("--from-beginning", "--max-events", "--duration", "--interval", "--group");
    QTest::newRow("trackboard") << argv("--help")
                                << argv("--brokers", "-X", "--version", "broker", "produce",
                                        "analytics", "fraud", "demo");
    QTest::newRow("broker") << argv("broker", "--help")
                            << argv("--topic", "--partitions", "BROKERS=");
    QTest::newRow("produce") << argv("produce", "--help")
                             << kafka + argv("--rate", "--count", "--seed", "--clock");
    QTest::newRow("analytics") << argv("analytics", "--help") << consumer;
    QTest::newRow("fraud") << argv("fraud", "--help") << consumer;
    QTest::newRow("demo") << argv("demo", "--help")
                          << kafka + argv("--duration", "--rate", "--seed");
}

void TestCli::help() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);
    const Run run = runTrackboard(args);
    QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
    const QString text = QString::fromUtf8(run.out);
    for (const QString &option : std::as_const(mentions)) {
        QVERIFY2(text.contains(option), qPrintable(option + QStringLiteral(" not in:\n") + text));
    }
}

void TestCli::version() {
    const Run run = runTrackboard(argv("--version"));
    QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
    static const QRegularExpression pattern(QStringLiteral("^trackboard \\d+\\.\\d+\\.\\d+"));
    QVERIFY2(pattern.match(QString::fromUtf8(run.out)).hasMatch(), run.out.constData());
}

void TestCli::unknownSubcommand() {
    const Run run = runTrackboard(argv("frobnicate"));
    QVERIFY(run.finished);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("unknown command") && run.err.contains("frobnicate"),
             run.err.constData());
}

void TestCli::consumerWithoutBroker_data() {
    QTest::addColumn<QString>("command");
    QTest::newRow("analytics") << QStringLiteral("analytics");
    QTest::newRow("fraud") << QStringLiteral("fraud");
}

void TestCli::consumerWithoutBroker() {
    QFETCH(QString, command);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("TRACKBOARD_BROKERS"));
    const Run run = runProgram(trackboardBin(), {command}, kTimeoutMs, env);
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("trackboard broker") && run.err.contains("--brokers"),
             run.err.constData());
}

void TestCli::malformedProperty_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("property");
    for (const char *command : {"produce", "analytics", "fraud", "demo"}) {
        QTest::addRow("%s -X foo", command)
            << QString::fromLatin1(command) << QStringLiteral("foo");
        QTest::addRow("%s unknown", command)
            << QString::fromLatin1(command) << QStringLiteral("no.such.property=1");
    }
}

void TestCli::malformedProperty() {
    QFETCH(QString, command);
    QFETCH(QString, property);
    // Nothing listens on port 1: the error must come before any connection is tried.
    const Run run =
        runTrackboard(argv(command, "--brokers", "127.0.0.1:1", "-X", property), 10'000);
    QVERIFY2(run.finished, describe(run).constData());
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains(property.section(QLatin1Char('='), 0, 0).toUtf8()),
             run.err.constData());
}

void TestCli::demoJson() {
    const Run run =
        runTrackboard(argv("demo", "--duration", "3", "--rate", "2000", "--json"), 60'000);
    QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
    QCOMPARE(lines(run.out).size(), 1); // one JSON object, at the end
    const QJsonObject demo = lastJsonLine(run.out);
    const qint64 delivered = number(demo, "delivered");
    QVERIFY2(delivered > 0, run.out.constData());
    QCOMPARE(number(demo, "produced"), delivered);
    QCOMPARE(number(demo, "failed"), 0);
    QCOMPARE(number(demo, "analytics.consumed"), delivered);
    QCOMPARE(number(demo, "fraud.consumed"), delivered);
    QCOMPARE(number(demo, "analytics.aggregates.events"), delivered);
    QCOMPARE(number(demo, "lost.analytics"), 0);
    QCOMPARE(number(demo, "lost.fraud"), 0);
    QCOMPARE(number(demo, "pending.analytics"), 0);
    QCOMPARE(number(demo, "pending.fraud"), 0);
    QCOMPARE(demo[QStringLiteral("drain")][QStringLiteral("ended")].toString(),
             QStringLiteral("drained"));
    // The embedded broker: the simulator would wait for its consumers if they fell behind.
    QVERIFY(demo[QStringLiteral("throttle")][QStringLiteral("enabled")].toBool());
    const QJsonValue matches =
        demo[QStringLiteral("analytics")][QStringLiteral("matches_producer_tally")];
    QVERIFY2(matches.isBool() && matches.toBool(), run.out.constData());
    const QJsonValue p50 = demo[QStringLiteral("latency_ms")][QStringLiteral("p50")];
    const QJsonValue p99 = demo[QStringLiteral("latency_ms")][QStringLiteral("p99")];
    QVERIFY2(p50.isDouble() && p99.isDouble(), run.out.constData());
    QVERIFY(p50.toDouble() >= 0 && p99.toDouble() >= p50.toDouble());
    QVERIFY(demo[QStringLiteral("events_per_s")].toDouble() > 0);
}

void TestCli::demoGuideThreeTerminals() {
    if (kcat_.isEmpty()) {
        QSKIP("kcat is not installed");
    }
    // Terminal 1: the broker.
    BrokerProcess broker;
    const QString address = broker.start({});
    QVERIFY2(address.startsWith(QStringLiteral("127.0.0.1:")),
             broker.process.readAllStandardError().constData());

    // Terminal 2: the producer.
    const Run produce = runTrackboard(
        argv("produce", "--brokers", address, "--count", "500", "--rate", "5000", "--json"));
    QVERIFY2(produce.finished && produce.exitCode == 0, describe(produce).constData());
    QVERIFY2(!produce.out.contains("BROKERS="), "started its own broker despite --brokers");
    QCOMPARE(number(lastJsonLine(produce.out), "delivered"), 500);

    // What is in the topic, as a client Trackboard did not write sees it.
    const Run dump = kcat(argv("-b", address, "-C", "-t", "user-activities", "-o", "beginning",
                               "-c", "500", "-e", "-q", "-f", "%k\t%s\n"));
    QVERIFY2(dump.finished && dump.exitCode == 0, describe(dump).constData());
    const QList<QByteArray> messages = lines(dump.out);
    QCOMPARE(messages.size(), 500);
    EventDecoder decoder;
    Event event;
    std::array<qint64, kEventTypeCount> tally{};
    std::int64_t revenue = 0;
    for (const QByteArray &message : messages) {
        const auto tab = message.indexOf('\t');
        QVERIFY2(tab > 0, message.constData());
        QVERIFY2(decoder.decode(message.mid(tab + 1).toStdString(), event).ok(), message.data());
        QCOMPARE(message.left(tab).toStdString(), event.userId);
        ++tally[static_cast<std::size_t>(event.type)];
        revenue += event.type == EventType::Purchase ? event.order.valueCents : 0;
    }

    // Terminal 3: analytics, then fraud, each reading the whole topic.
    const Run analytics = runTrackboard(argv("analytics", "--brokers", address, "--from-beginning",
                                             "--max-events", "500", "--json"));
    QVERIFY2(analytics.finished && analytics.exitCode == 0, describe(analytics).constData());
    const QJsonObject report = lastJsonLine(analytics.out);
    QCOMPARE(number(report, "consumed"), 500);
    QCOMPARE(number(report, "events"), 500);
    QCOMPARE(number(report, "rejected"), 0);
    QCOMPARE(number(report, "revenue_cents"), revenue);
    const QJsonObject byType = report[QStringLiteral("events_by_type")].toObject();
    QCOMPARE(byType.size(), qsizetype(kEventTypeCount));
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        const auto name = QString::fromLatin1(eventTypeName(EventType(t)));
        QCOMPARE(byType[name].toInteger(-1), tally[t]);
    }

    const Run fraud = runTrackboard(
        argv("fraud", "--brokers", address, "--from-beginning", "--max-events", "500", "--json"));
    QVERIFY2(fraud.finished && fraud.exitCode == 0, describe(fraud).constData());
    const QList<QByteArray> fraudLines = lines(fraud.out);
    QVERIFY(!fraudLines.isEmpty());
    for (qsizetype i = 0; i + 1 < fraudLines.size(); ++i) { // alerts before the summary
        QVERIFY2(parseObject(fraudLines[i]).contains(QStringLiteral("alert_id")),
                 fraudLines[i].constData());
    }
    const QJsonObject last = parseObject(fraudLines.last());
    QCOMPARE(last.keys(), QStringList{QStringLiteral("summary")});
    QCOMPARE(number(last, "summary.events"), 500);
    QCOMPARE(number(last, "summary.pipeline.consumed"), 500);
    QCOMPARE(number(last, "summary.alerts"), fraudLines.size() - 1);

    // Ctrl-C in terminal 1: SIGTERM stops the broker cleanly.
    broker.process.terminate();
    QVERIFY2(broker.process.waitForFinished(3000), "broker still running 3 s after SIGTERM");
    QCOMPARE(broker.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(broker.process.exitCode(), 0);
}

void TestCli::sameSeedSameBytes() {
    if (kcat_.isEmpty()) {
        QSKIP("kcat is not installed");
    }
    // Topic a is created by the broker; b and c are auto-created on the producer's Metadata
    // request. All three need the same partition count for keys to land alike: the mock
    // auto-creates with 4, so a is made with 4 too.
    BrokerProcess broker;
    const QString address = broker.start(argv("--topic", "a", "--partitions", "4"));
    QVERIFY2(!address.isEmpty(), broker.process.readAllStandardError().constData());

    std::map<std::string, QMap<int, QByteArray>> partitions; // topic → partition → key\tvalue
    QList<Record> recordsOfA;
    for (const auto &[topic, seed] :
         {std::pair("a", "7"), std::pair("b", "7"), std::pair("c", "8")}) {
        const Run produce =
            runTrackboard(argv("produce", "--brokers", address, "--topic", topic, "--seed", seed,
                               "--count", "300", "--clock", "virtual", "--rate", "5000", "--json"));
        QVERIFY2(produce.finished && produce.exitCode == 0, describe(produce).constData());
        QCOMPARE(number(lastJsonLine(produce.out), "delivered"), 300);

        const Run dump = kcat(argv("-b", address, "-C", "-t", topic, "-o", "beginning", "-c", "300",
                                   "-e", "-q", "-f", "%p\t%o\t%k\t%s\n"));
        QVERIFY2(dump.finished && dump.exitCode == 0, describe(dump).constData());
        const QList<Record> records = parseRecords(dump.out);
        QCOMPARE(records.size(), 300);
        for (const Record &r : records) {
            partitions[topic][r.partition] += r.key + '\t' + r.value + '\n';
        }
        recordsOfA = recordsOfA.isEmpty() ? records : recordsOfA;
    }
    const Run metadata = kcat(argv("-b", address, "-L", "-J"));
    QVERIFY2(metadata.finished && metadata.exitCode == 0, describe(metadata).constData());
    const QJsonArray topics = parseObject(metadata.out)[QStringLiteral("topics")].toArray();
    QCOMPARE(topics.size(), 3); // a, b and c
    for (const QJsonValue topic : topics) {
        QCOMPARE(topic[QStringLiteral("partitions")].toArray().size(), 4);
    }

    // Same seed, same bytes, partition by partition; another seed, other bytes.
    QVERIFY(partitions["a"].size() > 1);
    QCOMPARE(partitions["a"].keys(), partitions["b"].keys());
    for (const int p : partitions["a"].keys()) {
        QCOMPARE(partitions["a"][p], partitions["b"][p]);
    }
    QVERIFY(partitions["a"] != partitions["c"]);

    // The virtual clock starts at 2026-01-01T00:00:00Z, whenever the run happens.
    EventDecoder decoder;
    Event event;
    std::int64_t earliest = std::numeric_limits<std::int64_t>::max();
    for (const Record &r : std::as_const(recordsOfA)) {
        QVERIFY2(decoder.decode(r.value.toStdString(), event).ok(), r.value.constData());
        earliest = std::min(earliest, event.timestampMs);
    }
    QCOMPARE(earliest, kVirtualEpochMs);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
