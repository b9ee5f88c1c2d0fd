// The independent-client check of the business answers: python3-confluent-kafka produces shop
// visits (channels, campaigns, an A/B experiment, page moves, clicks) into a fresh embedded
// broker, `trackboard analytics --from-beginning --max-events N --json --metrics FILE` consumes
// them, and the campaigns, experiment counts, page-to-page transitions and a metric defined in a
// file must equal what tests/interop/business_reference.py computes in plain Python.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "trackboard_process.h"

namespace {

constexpr int kTimeoutMs = 90'000;
constexpr int kUsers = 300;

using trackboard::test::lastJsonLine;
using trackboard::test::Run;

Run run(const QString &program, const QStringList &args) {
    return trackboard::test::runProgram(program, args, kTimeoutMs);
}

QString confluentPython() {
    return trackboard::test::pythonWith(QStringLiteral("import confluent_kafka"));
}

// A list of {name, ...} rows as an object keyed by `key`.
QJsonObject byKey(const QJsonArray &rows, const QString &key) {
    QJsonObject out;
    for (const QJsonValue &row : rows) {
        out.insert(row[key].toString(), row.toObject());
    }
    return out;
}

// Every figure of every expected row equals the actual one, and no row is missing or extra.
void compareRows(const QJsonObject &expected, const QJsonObject &actual, const QString &what,
                 QStringList &differences) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QJsonObject want = it.value().toObject();
        const QJsonObject got = actual[it.key()].toObject();
        for (auto field = want.begin(); field != want.end(); ++field) {
            if (got[field.key()].toInteger() != field.value().toInteger()) {
                differences << QStringLiteral("%1 %2 %3: expected %4, got %5")
                                   .arg(what, it.key(), field.key())
                                   .arg(field.value().toInteger())
                                   .arg(got[field.key()].toInteger());
            }
        }
    }
    for (auto it = actual.begin(); it != actual.end(); ++it) {
        if (!expected.contains(it.key())) {
            differences << QStringLiteral("%1: unexpected row %2").arg(what, it.key());
        }
    }
}

} // namespace

class TestBusinessInterop : public QObject {
    Q_OBJECT

private slots:
    void businessAnswersMatchAnIndependentScript();
};

void TestBusinessInterop::businessAnswersMatchAnIndependentScript() {
    const QString bin = qEnvironmentVariable("TRACKBOARD_BIN");
    QVERIFY2(QFileInfo(bin).isExecutable(), "set TRACKBOARD_BIN (ctest does)");
    const QString script = qEnvironmentVariable("TRACKBOARD_SOURCE_DIR") +
                           QStringLiteral("/tests/interop/business_reference.py");
    QVERIFY2(QFileInfo::exists(script), "set TRACKBOARD_SOURCE_DIR (ctest does)");
    const QString python = confluentPython();
    if (python.isEmpty()) {
        QSKIP("python3-confluent-kafka is not installed");
    }
    // One partition: arrival order is production order, so a visit's first event is its entry.
    trackboard::test::BrokerProcess broker;
    const QString address = broker.start({QStringLiteral("--partitions"), QStringLiteral("1")});
    QVERIFY2(!address.isEmpty(), "the embedded broker did not print BROKERS=");

    QTemporaryDir dir;
    const QString metrics = dir.filePath(QStringLiteral("metrics.yaml"));
    const Run produce =
        run(python, {script, QStringLiteral("--brokers"), address, QStringLiteral("--users"),
                     QString::number(kUsers), QStringLiteral("--metrics-file"), metrics});
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
    const QJsonObject reference = QJsonDocument::fromJson(produce.out).object();
    const int delivered = reference[QStringLiteral("delivered")].toInt();
    QVERIFY(delivered > kUsers);
    const QJsonObject expected = reference[QStringLiteral("expected")].toObject();

    const Run analytics =
        run(bin, {QStringLiteral("analytics"), QStringLiteral("--brokers"), address,
                  QStringLiteral("--from-beginning"), QStringLiteral("--max-events"),
                  QString::number(delivered), QStringLiteral("--metrics"), metrics,
                  QStringLiteral("--json")});
    QVERIFY2(analytics.finished && analytics.exitCode == 0, analytics.err.constData());
    const QJsonObject actual = lastJsonLine(analytics.out);
    QCOMPARE(actual[QStringLiteral("consumed")].toInt(), delivered);
    QCOMPARE(actual[QStringLiteral("rejected")].toInt(), 0);

    QStringList differences;
    // Campaigns and channels: every channel and campaign of the data, exactly.
    const QJsonObject campaigns = actual[QStringLiteral("campaigns")].toObject();
    QCOMPARE(expected[QStringLiteral("channels")].toObject().size(), 6); // the data has all six
    compareRows(expected[QStringLiteral("channels")].toObject(),
                byKey(campaigns[QStringLiteral("channels")].toArray(), QStringLiteral("name")),
                QStringLiteral("channel"), differences);
    compareRows(expected[QStringLiteral("campaigns")].toObject(),
                byKey(campaigns[QStringLiteral("campaigns")].toArray(), QStringLiteral("name")),
                QStringLiteral("campaign"), differences);

    // The experiment's users, buyers, orders and revenue per variant.
    const QJsonObject experiments =
        byKey(actual[QStringLiteral("experiments")][QStringLiteral("experiments")].toArray(),
              QStringLiteral("id"));
    QVERIFY(experiments.contains(QStringLiteral("checkout-redesign")));
    compareRows(
        expected[QStringLiteral("variants")].toObject(),
        byKey(
            experiments[QStringLiteral("checkout-redesign")][QStringLiteral("variants")].toArray(),
            QStringLiteral("name")),
        QStringLiteral("variant"), differences);

    // Transitions: each one listed has its true count, and none left out counts more.
    const QJsonObject journeys = actual[QStringLiteral("journeys")].toObject();
    QCOMPARE(journeys[QStringLiteral("sessions")].toInteger(),
             expected[QStringLiteral("journey_sessions")].toInteger());
    QCOMPARE(journeys[QStringLiteral("steps")].toInteger(),
             expected[QStringLiteral("journey_steps")].toInteger());
    const QJsonObject moves = expected[QStringLiteral("transitions")].toObject();
    const QJsonArray listed = journeys[QStringLiteral("transitions")].toArray();
    QCOMPARE(listed.size(), std::min<qsizetype>(10, moves.size()));
    qint64 smallestListed = std::numeric_limits<qint64>::max();
    QSet<QString> listedKeys;
    for (const QJsonValue &t : listed) {
        const QJsonArray pages = t[QStringLiteral("pages")].toArray();
        const QString key = pages[0].toString() + QStringLiteral(" -> ") + pages[1].toString();
        const qint64 count = t[QStringLiteral("count")].toInteger();
        listedKeys.insert(key);
        smallestListed = std::min(smallestListed, count);
        if (moves[key].toInteger() != count) {
            differences << QStringLiteral("transition %1: expected %2, got %3")
                               .arg(key)
                               .arg(moves[key].toInteger())
                               .arg(count);
        }
    }
    for (auto it = moves.begin(); it != moves.end(); ++it) {
        if (!listedKeys.contains(it.key()) && it.value().toInteger() > smallestListed) {
            differences << QStringLiteral("transition %1 (%2) left out of the top 10")
                               .arg(it.key())
                               .arg(it.value().toInteger());
        }
    }

    // The metric the file defines, which no code names.
    const QJsonObject metric = expected[QStringLiteral("custom_metric")].toObject();
    const QJsonObject custom =
        byKey(actual[QStringLiteral("custom_metrics")].toArray(),
              QStringLiteral("name"))[metric[QStringLiteral("name")].toString()]
            .toObject();
    QCOMPARE(custom[QStringLiteral("total")].toInteger(),
             metric[QStringLiteral("total")].toInteger());
    QVERIFY(metric[QStringLiteral("total")].toInteger() > 0);
    const QJsonObject groups = metric[QStringLiteral("groups")].toObject();
    const QJsonArray gotGroups = custom[QStringLiteral("groups")].toArray();
    QCOMPARE(gotGroups.size(), groups.size());
    for (const QJsonValue &g : gotGroups) {
        QCOMPARE(g[QStringLiteral("value")].toInteger(),
                 groups[g[QStringLiteral("key")].toString()].toInteger());
    }

    QVERIFY2(differences.isEmpty(), qPrintable(differences.mid(0, 20).join(QLatin1Char('\n'))));
    broker.process.terminate();
    QVERIFY(broker.process.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestBusinessInterop)
#include "tst_business_interop.moc"
