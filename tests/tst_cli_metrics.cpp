// `trackboard analytics --metrics FILE` as a script runs it, on `trackboard broker`: a bad file
// stops the start with status 2 and FILE:LINE; while it runs, a broken edit prints "metrics
// reload failed: FILE:LINE: ..." and the report keeps the old metrics; a valid edit shows up in
// the next --json report.
#include "kafka_cluster.h"
#include "trackboard_process.h"

#include <QJsonArray>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

void writeFile(const QString &path, const QByteArray &text) {
    QSaveFile file(path); // as editors save: a new file renamed over the old one
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    QVERIFY(file.commit());
}

QStringList metricNames(const QByteArray &line) {
    QStringList names;
    const QJsonObject report = QJsonDocument::fromJson(line).object();
    for (const auto &m : report.value(QStringLiteral("custom_metrics")).toArray()) {
        names << m.toObject().value(QStringLiteral("name")).toString();
    }
    return names;
}

} // namespace

class TestCliMetrics : public QObject {
    Q_OBJECT

private slots:
    void badFileStopsTheStart() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.yaml"));
        writeFile(path, "metrics:\n  - name: a\n    count: teleport\n");
        const auto run = trackboard::test::runTrackboard(
            {QStringLiteral("analytics"), QStringLiteral("--brokers"),
             QStringLiteral("127.0.0.1:1"), QStringLiteral("--metrics"), path});
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains((QStringLiteral("--metrics: ") + path +
                                   QStringLiteral(":3: unknown event type 'teleport'"))
                                      .toUtf8()),
                 run.err.constData());
    }

    void editsApplyWhileRunning() {
        trackboard::test::BrokerProcess broker;
        const QString address = broker.start();
        QVERIFY2(!address.isEmpty(), "trackboard broker printed no BROKERS= line");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.yaml"));
        writeFile(path, "metrics:\n  - name: everything\n    count: any\n");

        kafkatest::Background analytics;
        analytics.start(kafkatest::trackboardBin(),
                        {QStringLiteral("analytics"), QStringLiteral("--brokers"), address,
                         QStringLiteral("--metrics"), path, QStringLiteral("--interval"),
                         QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY(analytics.started());
        QVERIFY2(analytics.waitForLine(
                     [](const QByteArray &line) {
                         return metricNames(line) == QStringList{QStringLiteral("everything")};
                     },
                     30'000),
                 analytics.err().constData());

        writeFile(path, "metrics:\n  - name: everything\n    count: any\n    window: 7m\n");
        const QByteArray failed = (QStringLiteral("trackboard analytics: metrics reload failed: ") +
                                   path + QStringLiteral(":4: bad window '7m'"))
                                      .toUtf8();
        QStringList namesAfterFailure;
        QVERIFY2(analytics.waitForLine(
                     [&](const QByteArray &line) {
                         namesAfterFailure = metricNames(line);
                         return analytics.err().contains(failed);
                     },
                     30'000),
                 analytics.err().constData());
        QCOMPARE(namesAfterFailure, QStringList{QStringLiteral("everything")}); // still in force

        writeFile(path, "metrics:\n  - name: everything\n    count: any\n"
                        "  - name: clicks_by_element\n    count: click\n    group_by: element\n");
        QVERIFY2(analytics.waitForLine(
                     [](const QByteArray &line) {
                         return metricNames(line) ==
                                QStringList{QStringLiteral("everything"),
                                            QStringLiteral("clicks_by_element")};
                     },
                     30'000),
                 analytics.err().constData());
        QVERIFY2(analytics.err().contains((QStringLiteral("metrics reloaded from ") + path +
                                           QStringLiteral(" (2 metrics)"))
                                              .toUtf8()),
                 analytics.err().constData());
        analytics.terminate();
        QVERIFY(analytics.finish(30'000));
        QCOMPARE(analytics.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliMetrics)
#include "tst_cli_metrics.moc"
