// The independent-client check of the analytics engine: python3-confluent-kafka produces
// varied events (currencies, countries, devices, late events) into a fresh embedded broker,
// `trackboard analytics --from-beginning --max-events N --json` consumes them, and every
// aggregate of every window must equal what tests/interop/analytics_reference.py computes in
// plain Python from the same events.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "json_subset.h"
#include "trackboard_process.h"

namespace {

constexpr int kTimeoutMs = 60'000;
constexpr int kEvents = 3000;

using trackboard::test::lastJsonLine;
using trackboard::test::Run;

Run run(const QString &program, const QStringList &args) {
    return trackboard::test::runProgram(program, args, kTimeoutMs);
}

QString confluentPython() {
    return trackboard::test::pythonWith(QStringLiteral("import confluent_kafka"));
}

} // namespace

class TestAnalyticsInterop : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        bin_ = qEnvironmentVariable("TRACKBOARD_BIN");
        QVERIFY2(QFileInfo(bin_).isExecutable(), "set TRACKBOARD_BIN (ctest does)");
        script_ = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                  QStringLiteral("/tests/interop/analytics_reference.py");
        QVERIFY2(QFileInfo::exists(script_), "set TRACKBOARD_SOURCE_DIR (ctest does)");
        python_ = confluentPython();
    }

    void aggregatesMatchAnIndependentScript() {
        if (python_.isEmpty()) {
            QSKIP("python3-confluent-kafka is not installed");
        }
        // One partition: arrival order is production order, so "late" is well defined.
        trackboard::test::BrokerProcess broker;
        const QString address = broker.start({QStringLiteral("--partitions"), QStringLiteral("1")});
        QVERIFY2(!address.isEmpty(), "the embedded broker did not print BROKERS=");

        const Run produce = run(python_, {script_, QStringLiteral("--brokers"), address,
                                          QStringLiteral("--count"), QString::number(kEvents)});
        QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
        const QJsonObject reference = QJsonDocument::fromJson(produce.out).object();
        QCOMPARE(reference[QStringLiteral("delivered")].toInt(), kEvents);
        const QJsonObject expected = reference[QStringLiteral("expected")].toObject();
        QVERIFY(expected[QStringLiteral("late")].toInt() > 0); // the data has late events

        const Run analytics =
            run(bin_, {QStringLiteral("analytics"), QStringLiteral("--brokers"), address,
                       QStringLiteral("--from-beginning"), QStringLiteral("--max-events"),
                       QString::number(kEvents), QStringLiteral("--json")});
        QVERIFY2(analytics.finished && analytics.exitCode == 0, analytics.err.constData());
        const QJsonObject actual = lastJsonLine(analytics.out);
        QCOMPARE(actual[QStringLiteral("consumed")].toInt(), kEvents);
        QCOMPARE(actual[QStringLiteral("rejected")].toInt(), 0);
        QCOMPARE(actual[QStringLiteral("events")].toInt(), kEvents);
        QVERIFY(actual[QStringLiteral("events_per_s")].isDouble());

        QStringList differences;
        compareSubset(expected, actual, QStringLiteral("$"), differences);
        QVERIFY2(differences.isEmpty(), qPrintable(differences.mid(0, 20).join(QLatin1Char('\n'))));
        // The windows really differ, or the comparison would prove little.
        const QJsonObject windows = actual[QStringLiteral("windows")].toObject();
        QVERIFY(windows[QStringLiteral("1m")][QStringLiteral("events")].toInt() <
                windows[QStringLiteral("5m")][QStringLiteral("events")].toInt());
        QVERIFY(windows[QStringLiteral("5m")][QStringLiteral("events")].toInt() <
                windows[QStringLiteral("all")][QStringLiteral("events")].toInt());

        broker.process.terminate();
        QVERIFY(broker.process.waitForFinished(5000));
    }

private:
    QString bin_;
    QString script_;
    QString python_;
};

QTEST_GUILESS_MAIN(TestAnalyticsInterop)
#include "tst_analytics_interop.moc"
