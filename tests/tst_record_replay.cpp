// `trackboard record` and `trackboard replay` as scripts drive them: a recording replayed into
// a fresh broker gives the same analytics, a foreign recording's bad lines are named and
// skipped, and --speed paces the replay.
#include "rdkafka_handles.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace trackboard;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeoutMs = 30'000;

// A command line from string literals and QStrings alike.
template <typename... Args> QStringList argv(const Args &...args) {
    return {QAnyStringView(args).toString()...};
}

struct Run {
    bool finished = false; // exited normally within the timeout
    int exitCode = -1;
    QByteArray out, err;
};

QString trackboardBin() {
    return qEnvironmentVariable("TRACKBOARD_BIN");
}

// Started, not yet waited for, so that two commands can run side by side.
std::unique_ptr<QProcess> startTrackboard(const QStringList &args) {
    auto process = std::make_unique<QProcess>();
    process->start(trackboardBin(), args);
    process->closeWriteChannel();
    return process;
}

Run finish(QProcess &process, int timeoutMs = kTimeoutMs) {
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        run.err = "did not finish: " + process.errorString().toUtf8() +
                  "; stderr so far: " + process.readAllStandardError().right(2000);
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

Run runTrackboard(const QStringList &args, int timeoutMs = kTimeoutMs) {
    return finish(*startTrackboard(args), timeoutMs);
}

QByteArray describe(const Run &run) {
    return "exit " + QByteArray::number(run.exitCode) + ", stderr: " + run.err.right(2000);
}

QList<QByteArray> lines(const QByteArray &out) {
    QList<QByteArray> result = out.split('\n');
    result.removeAll(QByteArray());
    return result;
}

QJsonObject lastJsonLine(const QByteArray &out) {
    const auto all = lines(out);
    return all.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(all.last()).object();
}

// `trackboard broker` in the background; the address from its BROKERS= line.
class BrokerProcess {
public:
    ~BrokerProcess() {
        process.kill();
        process.waitForFinished();
    }
    QString start() {
        process.start(trackboardBin(), {u"broker"_s});
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

// Messages in the topic, from the partitions' watermarks: counts what a consumer capped by
// --max-events could not see, such as a line that should not have been produced.
qint64 messagesInTopic(const QString &brokers, int partitions = 6) {
    char errstr[512];
    KafkaConf conf(rd_kafka_conf_new());
    rd_kafka_conf_set(conf.get(), "bootstrap.servers", brokers.toUtf8().constData(), errstr,
                      sizeof errstr);
    KafkaHandle client(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
    if (!client) {
        return -1;
    }
    conf.release(); // rd_kafka_new took ownership
    qint64 total = 0;
    for (int p = 0; p < partitions; ++p) {
        std::int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(client.get(), "user-activities", p, &low, &high,
                                             10'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return -1;
        }
        total += high - low;
    }
    return total;
}

// The analytics figures that depend only on which events were read, not on when.
QJsonObject aggregates(const QJsonObject &report) {
    QJsonObject kept;
    for (const char *key : {"events", "events_by_type", "revenue", "revenue_cents", "orders",
                            "funnel", "top_pages", "viewing_users", "purchasing_users"}) {
        kept.insert(QLatin1String(key), report.value(QLatin1String(key)));
    }
    return kept;
}

QJsonObject runAnalytics(const QString &brokers, qint64 events) {
    const Run run = runTrackboard(argv("analytics", "--brokers", brokers, "--from-beginning",
                                       "--max-events", QString::number(events), "--json"));
    if (!run.finished || run.exitCode != 0) {
        qWarning("analytics failed: %s", describe(run).constData());
        return {};
    }
    return lastJsonLine(run.out);
}

// An event as another producer might write it: built field by field, not by our encoder.
QJsonObject foreignEvent(int i, const QDateTime &time) {
    static const char *types[] = {"page_view", "product_view", "add_to_cart", "purchase"};
    const QString type = QString::fromLatin1(types[i % 4]);
    QJsonObject event{
        {u"event_id"_s, u"ext-%1"_s.arg(i)},
        {u"event_type"_s, type},
        {u"timestamp"_s, time.toUTC().toString(Qt::ISODateWithMs)},
        {u"user_id"_s, u"ext-user-%1"_s.arg(i % 7)},
        {u"session_id"_s, u"ext-sess-%1"_s.arg(i % 7)},
        {u"page"_s, u"/p/%1"_s.arg(i % 5)},
        {u"ip_address"_s, u"192.0.2.%1"_s.arg(i % 250)},
        {u"geo"_s,
         QJsonObject{
             {u"country"_s, u"FR"_s}, {u"city"_s, u"Lyon"_s}, {u"lat"_s, 45.76}, {u"lon"_s, 4.84}}},
        {u"device"_s, QJsonObject{{u"type"_s, u"mobile"_s},
                                  {u"os"_s, u"Android"_s},
                                  {u"browser"_s, u"Firefox"_s}}},
    };
    if (type != QLatin1String("page_view")) {
        event.insert(u"product"_s, QJsonObject{{u"id"_s, u"x-%1"_s.arg(i % 3)},
                                               {u"name"_s, u"Lamp"_s},
                                               {u"category"_s, u"home"_s},
                                               {u"price"_s, 19.5}});
    }
    if (type == QLatin1String("purchase")) {
        event.insert(
            u"order"_s,
            QJsonObject{{u"id"_s, u"o-%1"_s.arg(i)}, {u"value"_s, 39}, {u"currency"_s, u"EUR"_s}});
    }
    return event;
}

QByteArray compact(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QList<QByteArray> sortedLines(const QString &path) {
    QFile file(path);
    QList<QByteArray> result =
        file.open(QIODevice::ReadOnly) ? lines(file.readAll()) : QList<QByteArray>();
    std::sort(result.begin(), result.end());
    return result;
}

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestRecordReplay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void recordThenReplayGivesSameAggregates();
    void foreignRecordingSkipsInvalidLines();
    void speedPacesTheReplay();
    void help_data();
    void help();
    void replayOfMissingFile();

private:
    QTemporaryDir dir_;
};

void TestRecordReplay::initTestCase() {
    QVERIFY2(QFileInfo(trackboardBin()).isExecutable(),
             "TRACKBOARD_BIN must name the built trackboard executable (ctest sets it)");
    QVERIFY(dir_.isValid());
}

void TestRecordReplay::recordThenReplayGivesSameAggregates() {
    BrokerProcess brokerA;
    const QString a = brokerA.start();
    QVERIFY2(!a.isEmpty(), brokerA.process.readAllStandardError().constData());
    const Run produce = runTrackboard(argv("produce", "--brokers", a, "--count", "3000", "--rate",
                                           "20000", "--seed", "5", "--json"));
    QVERIFY2(produce.finished && produce.exitCode == 0, describe(produce).constData());

    // Recording and the analytics of the original run side by side: separate groups.
    const QString recording = dir_.filePath(u"a.jsonl"_s);
    auto record = startTrackboard(argv("record", "--brokers", a, "--from-beginning", "--max-events",
                                       "3000", "--out", recording, "--json"));
    const QJsonObject x = runAnalytics(a, 3000);
    const Run recorded = finish(*record);
    QVERIFY2(recorded.finished && recorded.exitCode == 0, describe(recorded).constData());
    QCOMPARE(x.value(u"consumed"_s).toInteger(), 3000);
    const QJsonObject summary = lastJsonLine(recorded.out);
    QCOMPARE(summary.value(u"written"_s).toInteger(), 3000);
    QCOMPARE(summary.value(u"file"_s).toString(), recording);
    QVERIFY(!QFile::exists(recording + u".partial"_s));
    QCOMPARE(summary.value(u"bytes"_s).toInteger(), QFileInfo(recording).size());
    const QList<QByteArray> original = sortedLines(recording);
    QCOMPARE(original.size(), 3000);

    BrokerProcess brokerB;
    const QString b = brokerB.start();
    QVERIFY2(!b.isEmpty(), brokerB.process.readAllStandardError().constData());
    const Run replay =
        runTrackboard(argv("replay", recording, "--brokers", b, "--as-fast-as-possible", "--json"));
    QVERIFY2(replay.finished && replay.exitCode == 0, describe(replay).constData());
    const QJsonObject replayed = lastJsonLine(replay.out);
    QCOMPARE(replayed.value(u"delivered"_s).toInteger(), 3000);
    QCOMPARE(replayed.value(u"invalid"_s).toInteger(), 0);
    QCOMPARE(messagesInTopic(b), 3000);

    // The replayed topic, recorded again, holds the same bytes (in another order).
    const QString again = dir_.filePath(u"b.jsonl"_s);
    auto recordB = startTrackboard(
        argv("record", "--brokers", b, "--from-beginning", "--max-events", "3000", "--out", again));
    const QJsonObject y = runAnalytics(b, 3000);
    const Run recordedB = finish(*recordB);
    QVERIFY2(recordedB.finished && recordedB.exitCode == 0, describe(recordedB).constData());
    QCOMPARE(y.value(u"rejected"_s).toInteger(), 0);
    QCOMPARE(aggregates(y), aggregates(x));
    QVERIFY(sortedLines(again) == original);
}

void TestRecordReplay::foreignRecordingSkipsInvalidLines() {
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'718'000'000'000, Qt::UTC);
    QByteArray text;
    int lineNumber = 0;
    QList<QByteArray> validLines;
    QJsonArray invalidLines;
    const auto add = [&](const QByteArray &line, bool isValid) {
        text += line + '\n';
        ++lineNumber;
        if (isValid) {
            validLines.append(line);
        } else if (!line.isEmpty()) {
            invalidLines.append(lineNumber);
        }
    };
    for (int i = 0; i < 40; ++i) {
        add(compact(foreignEvent(i, start.addMSecs(i))), true);
        if (i == 4) {
            add(R"({"event_id":"bad","event_type":)", false); // malformed
        } else if (i == 11) {
            QJsonObject event = foreignEvent(i, start);
            event.insert(u"event_type"_s, u"teleport"_s);
            add(compact(event), false);
        } else if (i == 20) {
            add(QByteArray(), false); // empty: skipped silently
        } else if (i == 30) {
            QJsonObject event = foreignEvent(i, start);
            event.remove(u"user_id"_s);
            add(compact(event), false);
        }
    }
    const qint64 valid = validLines.size();
    const QString path = dir_.filePath(u"foreign.jsonl"_s);
    QVERIFY(writeFile(path, text));

    BrokerProcess broker;
    const QString address = broker.start();
    QVERIFY2(!address.isEmpty(), broker.process.readAllStandardError().constData());
    const Run replay = runTrackboard(
        argv("replay", path, "--brokers", address, "--as-fast-as-possible", "--json"));
    QVERIFY2(replay.finished && replay.exitCode == 0, describe(replay).constData());
    const QJsonObject summary = lastJsonLine(replay.out);
    QCOMPARE(summary.value(u"invalid"_s).toInteger(), 3);
    QCOMPARE(summary.value(u"empty"_s).toInteger(), 1);
    QCOMPARE(summary.value(u"lines"_s).toInteger(), lineNumber);
    QCOMPARE(summary.value(u"delivered"_s).toInteger(), valid);
    QCOMPARE(summary.value(u"invalid_lines"_s).toArray(), invalidLines);
    const QString err = QString::fromUtf8(replay.err);
    for (const QString &expected :
         {u"line %1: malformed_json"_s.arg(invalidLines[0].toInt()),
          u"line %1: unknown_event_type (event_type)"_s.arg(invalidLines[1].toInt()),
          u"line %1: missing_field (user_id)"_s.arg(invalidLines[2].toInt())}) {
        QVERIFY2(err.contains(expected), qPrintable(expected + u" not in:\n"_s + err));
    }

    const QJsonObject report = runAnalytics(address, valid);
    QCOMPARE(report.value(u"consumed"_s).toInteger(), valid);
    QCOMPARE(report.value(u"rejected"_s).toInteger(), 0);
    QCOMPARE(messagesInTopic(address), valid);

    // Recorded back until SIGTERM: the file is complete and holds exactly the valid lines.
    const QString back = dir_.filePath(u"foreign-back.jsonl"_s);
    auto record = startTrackboard(
        argv("record", "--brokers", address, "--from-beginning", "--out", back, "--group", "back"));
    QByteArray progress;
    const QByteArray allRead = ": " + QByteArray::number(valid) + " events";
    QTRY_VERIFY2_WITH_TIMEOUT((progress += record->readAllStandardError()).contains(allRead),
                              progress.constData(), 20'000);
    record->terminate();
    const Run stopped = finish(*record);
    QVERIFY2(stopped.finished && stopped.exitCode == 0, describe(stopped).constData());
    QVERIFY(!QFile::exists(back + u".partial"_s));
    std::sort(validLines.begin(), validLines.end());
    QVERIFY(sortedLines(back) == validLines);
}

void TestRecordReplay::speedPacesTheReplay() {
    // 20 events spread evenly over 2.0 s of event time.
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'718'000'000'000, Qt::UTC);
    QByteArray text;
    for (int i = 0; i < 20; ++i) {
        text += compact(foreignEvent(i, start.addMSecs(i * 2000 / 19))) + '\n';
    }
    const QString path = dir_.filePath(u"paced.jsonl"_s);
    QVERIFY(writeFile(path, text));

    // Wall time against a broker of its own: the embedded broker's shutdown takes up to 1 s.
    BrokerProcess broker;
    const QString address = broker.start();
    QVERIFY2(!address.isEmpty(), broker.process.readAllStandardError().constData());
    double seconds[2] = {};
    for (const int paced : {1, 0}) {
        QElapsedTimer clock;
        clock.start();
        const Run run =
            runTrackboard(argv("replay", path, "--brokers", address, "--json") +
                          (paced ? argv("--speed", "4") : argv("--as-fast-as-possible")));
        seconds[paced] = double(clock.elapsed()) / 1000.0;
        QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
        QCOMPARE(lastJsonLine(run.out).value(u"delivered"_s).toInteger(), 20);
    }
    QVERIFY2(seconds[1] >= 0.4 && seconds[1] <= 3.0, qPrintable(QString::number(seconds[1])));
    QVERIFY2(seconds[0] < seconds[1], qPrintable(u"%1 vs %2"_s.arg(seconds[0]).arg(seconds[1])));

    // Without --brokers it brings its own broker and says where, as `produce` does.
    const Run embedded = runTrackboard(argv("replay", path, "--as-fast-as-possible", "--json"));
    QVERIFY2(embedded.finished && embedded.exitCode == 0, describe(embedded).constData());
    QVERIFY2(embedded.out.startsWith("BROKERS=127.0.0.1:"), embedded.out.constData());
    QCOMPARE(lastJsonLine(embedded.out).value(u"delivered"_s).toInteger(), 20);
}

void TestRecordReplay::help_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("mentions");
    const QStringList kafka = argv("--brokers", "-X", "--topic", "--json");
    QTest::newRow("record") << u"record"_s
                            << kafka + argv("--out", "--from-beginning", "--max-events",
                                            "--duration", "--group");
    QTest::newRow("replay") << u"replay"_s
                            << kafka + argv("--speed", "--as-fast-as-possible", "file");
}

void TestRecordReplay::help() {
    QFETCH(QString, command);
    QFETCH(QStringList, mentions);
    const Run run = runTrackboard(argv(command, "--help"));
    QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
    const QString text = QString::fromUtf8(run.out);
    for (const QString &option : std::as_const(mentions)) {
        QVERIFY2(text.contains(option), qPrintable(option + u" not in:\n"_s + text));
    }
    const Run top = runTrackboard(argv("--help"));
    QVERIFY2(QString::fromUtf8(top.out).contains(command), top.out.constData());
}

void TestRecordReplay::replayOfMissingFile() {
    const QString missing = dir_.filePath(u"no-such-recording.jsonl"_s);
    const Run run = runTrackboard(argv("replay", missing, "--brokers", "127.0.0.1:1"), 10'000);
    QVERIFY(run.finished);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains(missing.toUtf8()) && run.err.contains("cannot open"),
             run.err.constData());
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestRecordReplay)
#include "tst_record_replay.moc"
