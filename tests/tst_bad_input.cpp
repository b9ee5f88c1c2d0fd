// Bad input from an independent client (tests/interop/bad_input.py, python3-confluent-kafka):
// every case is counted by reason in both groups, set aside once on the dead-letter topic with
// its origin in the headers, and never reaches the aggregates.
#include "pipeline.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace trackboard;

namespace {

// What each case sent by bad_input.py must be refused as.
const std::map<QString, RejectReason> kExpected = {
    {QStringLiteral("malformed_json"), RejectReason::MalformedJson},
    {QStringLiteral("truncated_json"), RejectReason::MalformedJson},
    {QStringLiteral("not_an_object_array"), RejectReason::NotAnObject},
    {QStringLiteral("not_an_object_string"), RejectReason::NotAnObject},
    {QStringLiteral("wrong_type_price_string"), RejectReason::WrongType},
    {QStringLiteral("wrong_type_timestamp_number"), RejectReason::WrongType},
    {QStringLiteral("missing_user_id"), RejectReason::MissingField},
    {QStringLiteral("unknown_event_type"), RejectReason::UnknownEventType},
    {QStringLiteral("invalid_utf8"), RejectReason::InvalidUtf8},
    {QStringLiteral("one_megabyte"), RejectReason::TooLarge},
    {QStringLiteral("empty_message"), RejectReason::Empty},
    {QStringLiteral("empty_key"), RejectReason::EmptyKey},
    {QStringLiteral("no_key"), RejectReason::EmptyKey},
    {QStringLiteral("negative_amount"), RejectReason::InvalidValue},
    {QStringLiteral("nan_amount"), RejectReason::WrongType}, // NaN is no JSON number
    {QStringLiteral("absurd_amount"), RejectReason::InvalidValue},
    {QStringLiteral("far_future_timestamp"), RejectReason::BadTimestamp},
    {QStringLiteral("far_past_timestamp"), RejectReason::BadTimestamp},
    {QStringLiteral("duplicate_event_id"), RejectReason::DuplicateEventId},
};

struct Run {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runPython(const QStringList &args) {
    Run run;
    QProcess process;
    process.start(qEnvironmentVariable("TRACKBOARD_PYTHON", QStringLiteral("/usr/bin/python3")),
                  args);
    run.finished = process.waitForStarted(10'000) && process.waitForFinished(90'000);
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private slots:
    void everyCaseIsCountedSetAsideAndKeptOutOfTheAggregates();
};

void TestBadInput::everyCaseIsCountedSetAsideAndKeptOutOfTheAggregates() {
    const QString script = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                           QStringLiteral("/tests/interop/bad_input.py");
    QVERIFY2(QFileInfo::exists(script), "set TRACKBOARD_SOURCE_DIR to the repository root");
    const auto probe = runPython({QStringLiteral("-c"), QStringLiteral("import confluent_kafka")});
    if (!probe.finished || probe.exitCode != 0) {
        QSKIP("python3-confluent-kafka is not installed (scripts/install-deps.sh)");
    }

    // The pipeline creates the dead-letter topic on its embedded broker; the events come from
    // the independent client only.
    Pipeline::Options options;
    options.runProducer = false;
    Pipeline pipeline(options);
    AnalyticsSnapshot analytics;
    ConsumerStats analyticsStats;
    ConsumerStats fraudStats;
    connect(&pipeline, &Pipeline::analyticsSnapshot,
            [&](const AnalyticsSnapshot &s, const ConsumerStats &c) {
                analytics = s;
                analyticsStats = c;
            });
    connect(&pipeline, &Pipeline::fraudSnapshot,
            [&](const FraudSnapshot &, const ConsumerStats &c) { fraudStats = c; });
    QSignalSpy ready(&pipeline, &Pipeline::consumersReady);
    QString error;
    QVERIFY2(pipeline.start(error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);

    const auto produced = runPython({script, QStringLiteral("produce"), QStringLiteral("--brokers"),
                                     pipeline.bootstrapServers()});
    QVERIFY2(produced.finished && produced.exitCode == 0,
             (produced.out + produced.err).constData());
    const QJsonObject sent = QJsonDocument::fromJson(produced.out).object();
    const QJsonArray cases = sent[QStringLiteral("cases")].toArray();
    QCOMPARE(std::size_t(cases.size()), kExpected.size());
    const auto valid = std::uint64_t(sent[QStringLiteral("valid")].toInteger());
    const auto bad = std::uint64_t(cases.size());

    // Both groups read everything, and neither crashed on any of it.
    QTRY_COMPARE_WITH_TIMEOUT(analyticsStats.consumed, valid + bad, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(fraudStats.consumed, valid + bad, 30'000);
    std::array<std::uint64_t, kRejectReasonCount> expectedBy{};
    for (const auto &c : cases) {
        const auto it = kExpected.find(c[QStringLiteral("case")].toString());
        QVERIFY(it != kExpected.end());
        ++expectedBy[std::size_t(it->second)];
    }
    for (const ConsumerStats *stats : {&analyticsStats, &fraudStats}) {
        QCOMPARE(stats->rejected, bad);
        QCOMPARE(stats->applied, valid);
        // Compared as text, so that a failure shows every reason at once.
        QString actual, expected;
        for (std::size_t r = 0; r < kRejectReasonCount; ++r) {
            const auto name = QLatin1String(rejectReasonName(RejectReason(r)));
            actual += QStringLiteral("%1=%2 ").arg(name).arg(stats->rejectedBy[r]);
            expected += QStringLiteral("%1=%2 ").arg(name).arg(expectedBy[r]);
        }
        QCOMPARE(actual, expected);
    }
    // Only the analytics group forwards, so each reject lands on the dead-letter topic once.
    QTRY_COMPARE_WITH_TIMEOUT(analyticsStats.deadLettered, bad, 30'000);
    QCOMPARE(fraudStats.deadLettered, 0u);

    // The aggregates hold the valid events only: the independent client's own tally.
    QCOMPARE(analytics.events, valid);
    const QJsonObject byType = sent[QStringLiteral("events_by_type")].toObject();
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        const auto name = QString::fromLatin1(eventTypeName(EventType(t)));
        QCOMPARE(qint64(analytics.eventsByType[t]), byType.value(name).toInteger(0));
    }
    QCOMPARE(analytics.totalRevenueCents(), sent[QStringLiteral("revenue_cents")].toInteger());

    // The dead-letter topic, read back by the independent client.
    const auto read =
        runPython({script, QStringLiteral("read-dlq"), QStringLiteral("--brokers"),
                   pipeline.bootstrapServers(), QStringLiteral("--count"), QString::number(bad)});
    QVERIFY2(read.finished && read.exitCode == 0, (read.out + read.err).constData());
    const QJsonArray letters = QJsonDocument::fromJson(read.out).array();
    QCOMPARE(std::size_t(letters.size()), std::size_t(bad));
    QSet<QString> origins;
    for (const auto &letter : letters) {
        const QJsonObject headers = letter[QStringLiteral("headers")].toObject();
        QCOMPARE(headers[QStringLiteral("original_topic")].toString(),
                 QStringLiteral("user-activities"));
        QCOMPARE(headers[QStringLiteral("forwarded_by")].toString(),
                 QString::fromLatin1(AnalyticsWorker::kDefaultGroup));
        origins.insert(headers[QStringLiteral("original_partition")].toString() + QLatin1Char('@') +
                       headers[QStringLiteral("original_offset")].toString());
        // Each letter points back at the case the client sent there, with its reason.
        bool matched = false;
        for (const auto &c : cases) {
            if (QString::number(c[QStringLiteral("partition")].toInteger()) ==
                    headers[QStringLiteral("original_partition")].toString() &&
                QString::number(c[QStringLiteral("offset")].toInteger()) ==
                    headers[QStringLiteral("original_offset")].toString()) {
                const QString name = c[QStringLiteral("case")].toString();
                const auto reason = kExpected.at(name);
                QCOMPARE(name + QLatin1Char(':') + headers[QStringLiteral("reason")].toString(),
                         name + QLatin1Char(':') + QLatin1String(rejectReasonName(reason)));
                if (c[QStringLiteral("case")].toString() == QStringLiteral("one_megabyte")) {
                    QCOMPARE(letter[QStringLiteral("value_len")].toInteger(), 1024 * 1024);
                }
                matched = true;
            }
        }
        QVERIFY2(matched, qPrintable(QJsonDocument(letter.toObject()).toJson()));
    }
    QCOMPARE(std::size_t(origins.size()), std::size_t(bad)); // no case twice
    pipeline.shutdown();
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
