// `trackboard demo --burst` and the memory formula's counts in the demo's JSON
// (docs/memory.md): the burst asks for its rate for its seconds and no longer,
// and the counts describe the state the run left.
#include "trackboard_process.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace trackboard::test;

class TestDemoMemory : public QObject {
    Q_OBJECT

private slots:
    void burstRaisesTheRateForItsSeconds() {
        // 6 s at 500 events/s with seconds 2-4 at 4,000: 4 x 500 + 2 x 4,000 = 10,000 events,
        // where 6 s at 500 alone would be 3,000. The rate steps on a 5 ms tick, within 100 ms
        // of the asked second, so allow 10 %.
        const Run run = runTrackboard(
            argv("demo", "--duration", "6", "--rate", "500", "--burst", "2:2:4000", "--json"),
            120'000);
        QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
        const QJsonObject demo = lastJsonLine(run.out);
        const qint64 delivered = demo[u"delivered"_s].toInteger();
        QVERIFY2(delivered >= 9'000 && delivered <= 11'000, run.out.right(400).constData());
        QCOMPARE(demo[u"lost"_s][u"analytics"_s].toInteger(), 0);

        // The analytics and the fraud detector have each seen every user, and forgotten none
        // in 6 s: both hold the same users.
        const QJsonObject memory = demo[u"analytics"_s][u"memory"_s].toObject();
        const qint64 users = memory[u"users"_s].toInteger();
        QVERIFY(users > 0);
        QCOMPARE(memory[u"fraud_users"_s].toInteger(), users);
        QVERIFY(memory[u"sessions"_s].toInteger() >= users); // a user has at least one visit
        QCOMPARE(memory[u"forgotten"_s].toInteger(), 0);
        // Two tables of at least 64 slots per partition that holds anybody: 80 and 16 bytes.
        QVERIFY(memory[u"table_mib"_s].toDouble() >= 6 * 64 * (80 + 16) / 1048576.0);
        QVERIFY(memory[u"business_table_mib"_s].toDouble() > 0);
        // The simulator keeps at least the 500 events/s's 8 s of think time open: the burst's
        // surplus visits end as they are picked, the unstarted ones at once.
        QVERIFY2(memory[u"visits"_s].toInteger() >= 3'999, run.out.right(400).constData());
        // Drained: neither group has anything left to read (the formula's queue term).
        QCOMPARE(memory[u"lag"_s][u"analytics"_s].toInteger(), 0);
        QCOMPARE(memory[u"lag"_s][u"fraud"_s].toInteger(), 0);
        // Under a minute: no per-minute sample yet.
        QCOMPARE(demo[u"rss_mb"_s][u"state_per_minute"_s].toArray().size(), 0);
    }

    void burstPastTheDurationIsRefused() {
        const Run run = runTrackboard(
            argv("demo", "--duration", "5", "--rate", "500", "--burst", "4:2:4000", "--json"));
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--burst wants AT:SECONDS:RATE"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestDemoMemory)
#include "tst_demo_memory.moc"
