// `trackboard snapshot` end to end: the real executable, the embedded broker, an attack, and
// the files it writes: images of the expected size that are not blank, and the alert list.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Distinct colours on a grid of samples: a blank or single-colour image has very few.
int colourVariety(const QImage &image) {
    QSet<QRgb> colours;
    const int step = std::max(1, image.width() / 200);
    for (int y = 0; y < image.height(); y += step) {
        for (int x = 0; x < image.width(); x += step) {
            colours.insert(image.pixel(x, y));
        }
    }
    return int(colours.size());
}
} // namespace

class TestDashboardSnapshot : public QObject {
    Q_OBJECT

private slots:
    void helpListsEveryOption();
    void rejectsBadOptions();
    void writesDashboardChartsAndAlerts();
};

static QString binary() {
    return qEnvironmentVariable("TRACKBOARD_BIN");
}

void TestDashboardSnapshot::helpListsEveryOption() {
    QProcess p;
    p.start(binary(), {QStringLiteral("snapshot"), QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(20'000));
    QCOMPARE(p.exitCode(), 0);
    const QString help = QString::fromUtf8(p.readAllStandardOutput());
    for (const char *option : {"--out", "--duration", "--rate", "--scenario", "--theme", "--window",
                               "--width", "--height", "--scale", "--set", "--tab"}) {
        QVERIFY2(help.contains(QLatin1String(option)), option);
    }
}

void TestDashboardSnapshot::rejectsBadOptions() {
    QTemporaryDir dir;
    QProcess p;
    p.start(binary(), {QStringLiteral("snapshot"), QStringLiteral("--out"), dir.path(),
                       QStringLiteral("--theme"), QStringLiteral("purple")});
    QVERIFY(p.waitForFinished(20'000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("--theme must be dark or light"));
    // --tab names a tab by part of its title; an unknown one lists the titles, before any traffic.
    p.start(binary(), {QStringLiteral("snapshot"), QStringLiteral("--out"), dir.path(),
                       QStringLiteral("--tab"), QStringLiteral("nosuch")});
    QVERIFY(p.waitForFinished(20'000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray error = p.readAllStandardError();
    QVERIFY2(error.contains("--tab \"nosuch\" matches no tab") && error.contains("\"Marketing\"") &&
                 error.contains("\"Live traffic & funnel\""),
             error.constData());
}

void TestDashboardSnapshot::writesDashboardChartsAndAlerts() {
    QTemporaryDir dir;
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // A low velocity threshold makes the bot's sixth click, four seconds in, an alert.
    p.start(binary(),
            {QStringLiteral("snapshot"), QStringLiteral("--out"), dir.path(),
             QStringLiteral("--duration"), QStringLiteral("9"), QStringLiteral("--rate"),
             QStringLiteral("400"), QStringLiteral("--scenario"), QStringLiteral("bot@1"),
             QStringLiteral("--set"), QStringLiteral("velocity.max_events=5"),
             QStringLiteral("--theme"), QStringLiteral("light"), QStringLiteral("--width"),
             QStringLiteral("1366"), QStringLiteral("--height"), QStringLiteral("768")});
    QVERIFY(p.waitForFinished(60'000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QString printed = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(printed.contains(QLatin1String("dashboard.png")), qPrintable(printed));

    const QImage dashboard(dir.filePath(QStringLiteral("dashboard.png")));
    QCOMPARE(dashboard.size(), QSize(1366, 768));
    QVERIFY2(colourVariety(dashboard) > 50, "dashboard.png is blank");
    QFile pdf(dir.filePath(QStringLiteral("dashboard.pdf")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    for (const char *chart :
         {"events-per-second", "event-types", "revenue", "funnel", "top-pages",
          "products-by-revenue", "geography", "devices", "browsers", "operating-systems"}) {
        const QString name = QLatin1String(chart);
        const QImage image(dir.filePath(name + QStringLiteral(".png")));
        QVERIFY2(!image.isNull(), chart);
        // Charts are written at twice their on-screen size, so both sides are even.
        QVERIFY2(image.width() >= 400 && image.width() % 2 == 0, chart);
        QVERIFY2(colourVariety(image) > 10, chart);
        QFile svg(dir.filePath(name + QStringLiteral(".svg")));
        QVERIFY2(svg.open(QIODevice::ReadOnly) && svg.readAll().contains("<svg"), chart);
    }
    QFile alerts(dir.filePath(QStringLiteral("alerts.csv")));
    QVERIFY(alerts.open(QIODevice::ReadOnly));
    const QByteArray list = alerts.readAll();
    QVERIFY2(list.contains(",HIGH_VELOCITY,user-"), list.constData());
    QFile aggregates(dir.filePath(QStringLiteral("aggregates.csv")));
    QVERIFY(aggregates.open(QIODevice::ReadOnly));
    QVERIFY(aggregates.readAll().contains("5min,events,,"));
}

QTEST_GUILESS_MAIN(TestDashboardSnapshot)
#include "tst_dashboard_snapshot.moc"
