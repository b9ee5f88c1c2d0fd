// When a partition's periodic checkpoint waits (checkpoint_pacing.h): only while the partition
// reads a backlog larger than its last checkpoint and than a fetch, and then for at most 30 s
// since that checkpoint. A live partition keeps the interval asked for.
#include <QtTest>

#include "checkpoint_pacing.h"

using namespace trackboard;

namespace {
constexpr qint64 kMiB = 1 << 20;
}

class TestCheckpointPacing : public QObject {
    Q_OBJECT

private slots:
    void waits_data() {
        QTest::addColumn<qint64>("unread");
        QTest::addColumn<qint64>("last");
        QTest::addColumn<qint64>("sinceLastMs");
        QTest::addColumn<bool>("waits");

        QTest::newRow("backlog, 2 s since") << 60 * kMiB << 3 * kMiB << 2'000ll << true;
        QTest::newRow("backlog, just under 30 s") << 60 * kMiB << 3 * kMiB << 29'999ll << true;
        QTest::newRow("backlog, 30 s since") << 60 * kMiB << 3 * kMiB << 30'000ll << false;
        // The first checkpoint of a partition is never held back.
        QTest::newRow("backlog, no checkpoint yet") << 60 * kMiB << 0ll << 0ll << false;
        // Less left to read than the checkpoint holds: the partition is as good as caught up.
        QTest::newRow("left < checkpoint") << 3 * kMiB << 4 * kMiB << 100ll << false;
        // Live traffic: between two fetches a partition may look up to a fetch behind.
        QTest::newRow("a fetch behind, small state") << kMiB << 20'000ll << 100ll << false;
        QTest::newRow("over a fetch behind, small state") << kMiB + 1 << 20'000ll << 100ll << true;
        QTest::newRow("caught up") << 0ll << 3 * kMiB << 100ll << false;
        QTest::newRow("lag unknown") << -1ll << 3 * kMiB << 100ll << false;
    }

    void waits() {
        QFETCH(qint64, unread);
        QFETCH(qint64, last);
        QFETCH(qint64, sinceLastMs);
        QFETCH(bool, waits);
        const CheckpointPacing pacing{unread, last, sinceLastMs};
        QCOMPARE(pacing.waits(), waits);
    }

    // Ticks every 100 ms over a 120 s backlog read, then 10 s caught up: while catching up
    // a checkpoint at 0, 30, 60 and 90 s; otherwise one at every tick.
    void aBacklogIsCheckpointedEvery30Seconds() {
        const qint64 backlog = 400 * kMiB;
        qint64 lastMs = 0, lastBytes = 0;
        QList<qint64> whileCatchingUp;
        int ticks = 0, otherwise = 0;
        for (qint64 nowMs = 0; nowMs < 130'000; nowMs += 100) {
            const qint64 unread = std::max<qint64>(0, backlog - backlog * nowMs / 120'000);
            const CheckpointPacing pacing{unread, lastBytes, nowMs - lastMs};
            ticks += pacing.catchingUp() ? 0 : 1;
            if (!pacing.waits()) {
                if (pacing.catchingUp()) {
                    whileCatchingUp.append(nowMs);
                } else {
                    ++otherwise;
                }
                lastMs = nowMs;
                lastBytes = 1 + 12 * kMiB * nowMs / 130'000; // the state grows as it reads
            }
        }
        QCOMPARE(whileCatchingUp, (QList<qint64>{0, 30'000, 60'000, 90'000}));
        QCOMPARE(otherwise, ticks);
        QVERIFY(ticks > 100); // the last seconds of the backlog, and 10 s caught up
    }
};

QTEST_APPLESS_MAIN(TestCheckpointPacing)
#include "tst_checkpoint_pacing.moc"
