// Simulator and fraud options on the command line: the funnel shapes traffic, and a thresholds
// file edited while `trackboard fraud` runs applies without a restart.
#include "embedded_broker.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace trackboard;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runTrackboard(const QStringList &args, int timeoutMs = 60'000) {
    QProcess process;
    process.start(qEnvironmentVariable("TRACKBOARD_BIN"), args);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

bool writeFile(const QString &path, const QByteArray &text) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

} // namespace

class TestCliOptions : public QObject {
    Q_OBJECT

private slots:
    void badFunnelIsRefused();
    void visitsFixTheShopAtAnyPace();
    void funnelShapesConversion();
    void printedConfigIsAccepted();
    void editedConfigAppliesWhileRunning();
    void demoEndsNearItsDuration();
    void scenarioPastDurationIsRefused();
};

void TestCliOptions::badFunnelIsRefused() {
    for (const char *bad : {"0.1,0.2,0.3", "0.1,0.2,0.3,1.5", "a,b,c,d", "0.1,0.2,0.99,0.5"}) {
        const Run run =
            runTrackboard({QStringLiteral("demo"), QStringLiteral("--funnel"), QLatin1String(bad)});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--funnel"), run.err.constData());
    }
}

void TestCliOptions::visitsFixTheShopAtAnyPace() {
    const Run bad =
        runTrackboard({QStringLiteral("produce"), QStringLiteral("--visits"), QStringLiteral("-3"),
                       QStringLiteral("--count"), QStringLiteral("1")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--visits"), bad.err.constData());
    // A million events a second asked, yet the visits stay the 500 asked for: without --visits
    // they would be 8 s of think time at that rate, the simulator's whole population.
    const Run run = runTrackboard({QStringLiteral("produce"), QStringLiteral("--rate"),
                                   QStringLiteral("1000000"), QStringLiteral("--visits"),
                                   QStringLiteral("500"), QStringLiteral("--count"),
                                   QStringLiteral("20000"), QStringLiteral("--clock"),
                                   QStringLiteral("virtual"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(last.value(QStringLiteral("delivered")).toInteger(), 20'000);
    const qint64 visits = last.value(QStringLiteral("active_sessions")).toInteger();
    QVERIFY2(visits > 0 && visits <= 500, QByteArray::number(visits));
}

void TestCliOptions::funnelShapesConversion() {
    // Every visit starts at its landing page, so purchases need a few seconds of traffic to
    // appear at all: 3 s gave 1 or 2, too few to compare.
    const auto conversion = [](const QString &funnel) {
        QStringList args = {QStringLiteral("demo"), QStringLiteral("--duration"),
                            QStringLiteral("6"),    QStringLiteral("--rate"),
                            QStringLiteral("3000"), QStringLiteral("--json")};
        if (!funnel.isEmpty()) {
            args << QStringLiteral("--funnel") << funnel;
        }
        const Run run = runTrackboard(args);
        const auto json = QJsonDocument::fromJson(run.out).object();
        return json[QStringLiteral("analytics")][QStringLiteral("aggregates")]
                   [QStringLiteral("conversion_rate")]
                       .toDouble(-1);
    };
    const double normal = conversion({});
    const double eager = conversion(QStringLiteral("0.5,0.9,0.9,1"));
    QVERIFY2(normal >= 0 && eager > 2 * normal,
             qPrintable(QStringLiteral("default %1, eager %2").arg(normal).arg(eager)));
}

void TestCliOptions::printedConfigIsAccepted() {
    const Run printed =
        runTrackboard({QStringLiteral("fraud"), QStringLiteral("--print-config"),
                       QStringLiteral("--set"), QStringLiteral("velocity.max_events=25")});
    QCOMPARE(printed.exitCode, 0);
    QVERIFY(printed.out.contains("velocity.max_events = 25"));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("thresholds.conf"));
    QVERIFY(writeFile(file, printed.out));
    const Run reread = runTrackboard({QStringLiteral("fraud"), QStringLiteral("--print-config"),
                                      QStringLiteral("--config"), file});
    QCOMPARE(reread.exitCode, 0);
    QCOMPARE(reread.out, printed.out);
    const Run unknown = runTrackboard({QStringLiteral("fraud"), QStringLiteral("--print-config"),
                                       QStringLiteral("--set"), QStringLiteral("no.such=1")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("no.such"), unknown.err.constData());
}

void TestCliOptions::editedConfigAppliesWhileRunning() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY(broker->createTopic("user-activities", 2, why));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("thresholds.conf"));
    QVERIFY(writeFile(file, "velocity.max_events = 40\n"));

    QProcess fraud;
    fraud.setProcessChannelMode(QProcess::SeparateChannels);
    fraud.start(qEnvironmentVariable("TRACKBOARD_BIN"),
                {QStringLiteral("fraud"), QStringLiteral("--brokers"),
                 QString::fromStdString(broker->bootstrapServers()), QStringLiteral("--config"),
                 file, QStringLiteral("--duration"), QStringLiteral("60")});
    QVERIFY(fraud.waitForStarted());
    QByteArray err;
    const auto errContains = [&](const char *text) {
        err += fraud.readAllStandardError();
        return err.contains(text);
    };
    // An edit that parses applies; one that does not keeps the previous thresholds.
    QTRY_VERIFY_WITH_TIMEOUT(writeFile(file, "velocity.max_events = 12\n") &&
                                 errContains("thresholds reloaded"),
                             20'000);
    QVERIFY(writeFile(file, "velocity.max_events = twelve\n"));
    QTRY_VERIFY_WITH_TIMEOUT(errContains("kept the previous thresholds"), 20'000);
    QVERIFY2(err.contains("line 1"), err.constData());
    fraud.terminate();
    QVERIFY(fraud.waitForFinished(5'000));
    QCOMPARE(fraud.exitCode(), 0);
}

void TestCliOptions::demoEndsNearItsDuration() {
    // A flash sale's shoppers come for two minutes, an attack's events within seconds. The demo
    // lets the attack finish, so that it is graded whole, but does not wait for the sale: it
    // once ran 140 s for a --duration of 45.
    const Run run = runTrackboard({QStringLiteral("demo"), QStringLiteral("--duration"),
                                   QStringLiteral("4"), QStringLiteral("--rate"),
                                   QStringLiteral("500"), QStringLiteral("--scenario"),
                                   QStringLiteral("flash_sale@1"), QStringLiteral("--scenario"),
                                   QStringLiteral("high_value@1"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const auto json = QJsonDocument::fromJson(run.out).object();
    const double seconds = json[QStringLiteral("duration_s")].toDouble(-1);
    QVERIFY2(seconds >= 4 && seconds < 10, run.out.constData());
    const auto scenarios = json[QStringLiteral("quality")][QStringLiteral("scenarios")];
    QCOMPARE(scenarios[QStringLiteral("flash_sale")][QStringLiteral("injected")].toInt(), 200);
    QCOMPARE(scenarios[QStringLiteral("high_value")][QStringLiteral("detected")].toInt(), 1);
}

void TestCliOptions::scenarioPastDurationIsRefused() {
    const Run run =
        runTrackboard({QStringLiteral("demo"), QStringLiteral("--duration"), QStringLiteral("5"),
                       QStringLiteral("--scenario"), QStringLiteral("bot@5")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("bot@5"), run.err.constData());
}

QTEST_GUILESS_MAIN(TestCliOptions)
#include "tst_cli_options.moc"
