// SASL_SSL with SCRAM-SHA-512 on the real cluster (label kafka). The fixture's listener has a
// certificate for IP:127.0.0.1 signed by its own CA (openssl, scripts/kafka-cluster.sh --tls).
// With the right password setup, produce, analytics, fraud and the dashboard work; a wrong
// password or a CA that did not sign the broker's certificate ends each command with a plain
// message and a non-zero exit within 10 s, never a hang.
#include "kafka_cluster.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace kafkatest;

class TestKafkaSasl : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyCommandWorksWithTheRightPassword();
    void refusedQuickly_data();
    void refusedQuickly();

private:
    QStringList sasl(const QString &password, const QString &ca) const {
        return QStringList{QStringLiteral("--brokers"), cluster_.saslBrokers()} +
               cluster_.saslOptions(password, ca);
    }
    Cluster cluster_;
    QTemporaryDir scratch_;
    QString wrongCa_;
};

void TestKafkaSasl::initTestCase() {
    QVERIFY2(cluster_.load(), qPrintable(cluster_.error()));
    QVERIFY2(cluster_.start(), qPrintable(cluster_.error()));
    QVERIFY(!cluster_.saslBrokers().isEmpty());
    QVERIFY(scratch_.isValid());
    // A CA of our own that never signed the broker's certificate.
    wrongCa_ = scratch_.filePath(QStringLiteral("other-ca.pem"));
    const auto ca =
        run(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
             QStringLiteral("1"), QStringLiteral("-subj"),
             QStringLiteral("/CN=Not the cluster's CA"), QStringLiteral("-keyout"),
             scratch_.filePath(QStringLiteral("other-ca.key")), QStringLiteral("-out"), wrongCa_},
            60'000);
    QVERIFY2(ca.finished && ca.exitCode == 0, ca.err.constData());
}

void TestKafkaSasl::everyCommandWorksWithTheRightPassword() {
    constexpr int kEvents = 3'000;
    const QString topic = uniqueName(QStringLiteral("sasl"));
    const QStringList login = sasl(cluster_.saslPassword(), cluster_.ca());
    const auto setup =
        trackboard(QStringList{QStringLiteral("setup"), QStringLiteral("--topic"), topic,
                               QStringLiteral("--alerts-topic"), topic + QStringLiteral("-alerts"),
                               QStringLiteral("--dead-letter-topic"), QString()} +
                   login);
    QVERIFY2(setup.finished && setup.exitCode == 0, setup.out + setup.err);

    const auto produce = trackboard(
        QStringList{QStringLiteral("produce"), QStringLiteral("--topic"), topic,
                    QStringLiteral("--count"), QString::number(kEvents), QStringLiteral("--rate"),
                    QStringLiteral("3000"), QStringLiteral("--json")} +
        login);
    QVERIFY2(produce.finished && produce.exitCode == 0, produce.err.constData());
    QCOMPARE(lastJsonLine(produce.out)[QStringLiteral("delivered")].toInteger(), qint64(kEvents));

    const QStringList consume{QStringLiteral("--topic"),          topic,
                              QStringLiteral("--from-beginning"), QStringLiteral("--max-events"),
                              QString::number(kEvents),           QStringLiteral("--json")};
    const auto analytics = trackboard(QStringList{QStringLiteral("analytics")} + consume + login);
    QVERIFY2(analytics.finished && analytics.exitCode == 0, analytics.err.constData());
    QCOMPARE(lastJsonLine(analytics.out)[QStringLiteral("events")].toInteger(), qint64(kEvents));

    const auto fraud =
        trackboard(QStringList{QStringLiteral("fraud"), QStringLiteral("--alerts-topic"),
                               topic + QStringLiteral("-alerts")} +
                   consume + login);
    QVERIFY2(fraud.finished && fraud.exitCode == 0, fraud.err.constData());
    const QJsonObject summary = lastJsonLine(fraud.out)[QStringLiteral("summary")].toObject();
    QCOMPARE(summary[QStringLiteral("pipeline")].toObject()[QStringLiteral("consumed")].toInteger(),
             qint64(kEvents));

    // The dashboard, offscreen, pointed at the SASL_SSL listener: its figures come through.
    const QString out = scratch_.filePath(QStringLiteral("dashboard"));
    const auto snapshot = trackboard(
        QStringList{QStringLiteral("snapshot"), QStringLiteral("--topic"), topic,
                    QStringLiteral("--out"), out, QStringLiteral("--duration"), QStringLiteral("8"),
                    QStringLiteral("--rate"), QStringLiteral("200")} +
        login);
    QVERIFY2(snapshot.finished && snapshot.exitCode == 0, snapshot.err.constData());
    QVERIFY(QFileInfo(QDir(out).filePath(QStringLiteral("dashboard.png"))).size() > 10'000);
    QFile aggregates(QDir(out).filePath(QStringLiteral("aggregates.csv")));
    QVERIFY(aggregates.open(QIODevice::ReadOnly));
    const QByteArray csv = aggregates.readAll();
    const auto at = csv.indexOf("60min,events,");
    QVERIFY2(at >= 0, csv.left(400).constData());
    const QByteArray events = csv.mid(at).split('\n').first().split(',').last();
    QVERIFY2(events.toLongLong() > 0, csv.left(400).constData());
}

void TestKafkaSasl::refusedQuickly_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("wrongPassword"); // else the wrong CA
    QTest::addColumn<QByteArray>("says");
    for (const char *command : {"produce", "analytics", "fraud", "setup"}) {
        QTest::addRow("%s, wrong password", command)
            << QString::fromLatin1(command) << true << QByteArray("Kafka refused the login");
        QTest::addRow("%s, wrong CA", command) << QString::fromLatin1(command) << false
                                               << QByteArray("TLS connection to Kafka failed");
    }
}

void TestKafkaSasl::refusedQuickly() {
    QFETCH(QString, command);
    QFETCH(bool, wrongPassword);
    QFETCH(QByteArray, says);
    QStringList args{command};
    args += wrongPassword ? sasl(QStringLiteral("not-the-password"), cluster_.ca())
                          : sasl(cluster_.saslPassword(), wrongCa_);
    if (command == QLatin1String("analytics") || command == QLatin1String("fraud")) {
        args << QStringLiteral("--duration") << QStringLiteral("60");
    }
    if (command == QLatin1String("produce")) {
        args << QStringLiteral("--count") << QStringLiteral("10");
    }
    const auto r = trackboard(args, 30'000);
    QVERIFY2(r.finished, r.err.constData()); // not killed: it ended by itself
    QCOMPARE(r.exitCode, 5);                 // refused: docs/cli.md
    QVERIFY2(r.elapsedMs < 10'000, qPrintable(QString::number(r.elapsedMs)));
    QVERIFY2(r.err.contains(says), r.err.constData());
}

QTEST_GUILESS_MAIN(TestKafkaSasl)
#include "tst_kafka_sasl.moc"
