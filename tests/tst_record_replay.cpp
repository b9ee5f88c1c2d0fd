// `trackboard record` and `trackboard replay` as scripts drive them: a recording replayed into
// a fresh broker gives the same analytics, replayed as fast as possible (a backlog) it gives the
// same windows and alerts as read live, a foreign recording's bad lines are named and skipped,
// and --speed paces the replay.
#include "trackboard_process.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <functional>

using namespace trackboard;
using namespace trackboard::test;
using namespace Qt::StringLiterals;

namespace {

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

} // namespace

class TestRecordReplay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void recordThenReplayGivesSameAggregates();
    void backlogGivesSameWindowsAndAlertsAsLive();
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

// The windows and the alerts of `analytics` and `fraud` reading `brokers`: on their way while
// `feed` runs (live), or after it (a backlog).
struct Reading {
    QJsonObject analytics;
    QList<QByteArray> alerts; // without alert_id and detected_at, which depend on the reader
};

Reading readWhile(const QString &brokers, int events, const std::function<void()> &feed) {
    const QString count = QString::number(events);
    auto analytics = startTrackboard(argv("analytics", "--brokers", brokers, "--from-beginning",
                                          "--max-events", count, "--json"));
    auto fraud = startTrackboard(argv("fraud", "--brokers", brokers, "--from-beginning",
                                      "--max-events", count, "--json", "--alerts-topic", ""));
    feed();
    const Run a = finish(*analytics, 120'000);
    const Run f = finish(*fraud, 120'000);
    if (!a.finished || a.exitCode != 0 || !f.finished || f.exitCode != 0) {
        qWarning("analytics: %s\nfraud: %s", describe(a).constData(), describe(f).constData());
        return {};
    }
    Reading reading{lastJsonLine(a.out), {}};
    for (const QByteArray &line : lines(f.out)) {
        QJsonObject alert = QJsonDocument::fromJson(line).object();
        if (alert.contains(u"rule"_s)) {
            alert.remove(u"alert_id"_s);
            alert.remove(u"detected_at"_s);
            reading.alerts.append(compact(alert));
        }
    }
    std::sort(reading.alerts.begin(), reading.alerts.end());
    return reading;
}

// Issue 21: 30 minutes of 60 shoppers over 6 partitions, with a bot's burst in the middle.
// Replayed at 120x, the consumers read it as it comes, partitions interleaved by time; replayed
// as fast as possible and read afterwards, librdkafka hands it over partition by partition.
// Lateness, windows, expiry and cooldowns all go by event time per partition, so both must
// agree field for field.
void TestRecordReplay::backlogGivesSameWindowsAndAlertsAsLive() {
    const QDateTime end = QDateTime::currentDateTimeUtc();
    QByteArray text;
    int events = 0;
    for (int i = 0; i < 1500; ++i) {
        QJsonObject event = foreignEvent(i, end.addMSecs(qint64(i - 1499) * 1200));
        event.insert(u"user_id"_s, u"rr-user-%1"_s.arg(i % 60));
        event.insert(u"session_id"_s, u"rr-sess-%1"_s.arg(i % 60));
        event.insert(u"ip_address"_s, u"192.0.2.%1"_s.arg(i % 60 + 1));
        text += compact(event) + '\n';
        ++events;
        if (i == 700) { // 60 requests in 30 s: HIGH_VELOCITY
            for (int b = 0; b < 60; ++b) {
                QJsonObject bot =
                    foreignEvent(b * 4, end.addMSecs(qint64(i - 1499) * 1200 + b * 500));
                bot.insert(u"event_id"_s, u"bot-%1"_s.arg(b));
                bot.insert(u"user_id"_s, u"rr-bot"_s);
                text += compact(bot) + '\n';
                ++events;
            }
        }
    }
    const QString path = dir_.filePath(u"thirty-minutes.jsonl"_s);
    QVERIFY(writeFile(path, text));

    BrokerProcess liveBroker;
    const QString live = liveBroker.start();
    QVERIFY(!live.isEmpty());
    const Reading paced = readWhile(live, events, [&] {
        const Run run =
            runTrackboard(argv("replay", path, "--brokers", live, "--speed", "120"), 120'000);
        QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
    });
    BrokerProcess backlogBroker;
    const QString backlog = backlogBroker.start();
    QVERIFY(!backlog.isEmpty());
    const Run fast =
        runTrackboard(argv("replay", path, "--brokers", backlog, "--as-fast-as-possible"));
    QVERIFY2(fast.finished && fast.exitCode == 0, describe(fast).constData());
    const Reading read = readWhile(backlog, events, [] {});

    QCOMPARE(paced.analytics.value(u"consumed"_s).toInteger(), events);
    QCOMPARE(read.analytics.value(u"consumed"_s).toInteger(), events);
    QCOMPARE(read.analytics.value(u"late"_s).toInteger(), 0);
    QCOMPARE(paced.analytics.value(u"late"_s).toInteger(), 0);
    QCOMPARE(read.analytics.value(u"watermark_ms"_s), paced.analytics.value(u"watermark_ms"_s));
    const QJsonObject windows = read.analytics.value(u"windows"_s).toObject();
    for (const QString &w : {u"1m"_s, u"5m"_s, u"15m"_s, u"60m"_s, u"all"_s}) {
        QCOMPARE(compact(windows.value(w).toObject()),
                 compact(paced.analytics.value(u"windows"_s).toObject().value(w).toObject()));
    }
    QCOMPARE(windows.value(u"60m"_s).toObject().value(u"events"_s).toInteger(), events);
    QVERIFY(windows.value(u"15m"_s).toObject().value(u"events"_s).toInteger() < events);
    QVERIFY(std::any_of(paced.alerts.begin(), paced.alerts.end(), [](const QByteArray &a) {
        return a.contains("HIGH_VELOCITY") && a.contains("rr-bot");
    }));
    QCOMPARE(read.alerts, paced.alerts);
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
