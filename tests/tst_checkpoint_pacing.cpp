// When a partition's periodic checkpoint waits (checkpoint_pacing.h): while the partition reads
// a backlog larger than its last checkpoint and than a fetch, or while it keeps getting events
// and less was read of it since its last checkpoint than that checkpoint took; either way for
// at most 30 s since that checkpoint.
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

    void waitsWithinTheBudget_data() {
        QTest::addColumn<qint64>("last");
        QTest::addColumn<qint64>("readSince");
        QTest::addColumn<qint64>("sinceLastMs");
        QTest::addColumn<bool>("flowing");
        QTest::addColumn<bool>("waits");

        QTest::newRow("less read than written") << 3 * kMiB << kMiB << 2'000ll << true << true;
        QTest::newRow("just under") << 3 * kMiB << 3 * kMiB - 1 << 2'000ll << true << true;
        QTest::newRow("as much read as written")
            << 3 * kMiB << 3 * kMiB << 2'000ll << true << false;
        QTest::newRow("29.999 s since") << 3 * kMiB << kMiB << 29'999ll << true << true;
        QTest::newRow("30 s since") << 3 * kMiB << kMiB << 30'000ll << true << false;
        // The stream stopped: what it brought last is written now, not 30 s later.
        QTest::newRow("nothing new since the last turn")
            << 3 * kMiB << kMiB << 2'000ll << false << false;
        QTest::newRow("no checkpoint yet") << 0ll << kMiB << 2'000ll << true << false;
        QTest::newRow("read unknown") << 3 * kMiB << -1ll << 2'000ll << true << false;
    }

    void waitsWithinTheBudget() {
        QFETCH(qint64, last);
        QFETCH(qint64, readSince);
        QFETCH(qint64, sinceLastMs);
        QFETCH(bool, flowing);
        QFETCH(bool, waits);
        CheckpointPacing pacing;
        pacing.unreadBytes = 0; // caught up
        pacing.lastCheckpointBytes = last;
        pacing.sinceLastMs = sinceLastMs;
        pacing.readSinceLastBytes = readSince;
        pacing.flowing = flowing;
        QCOMPARE(pacing.waits(), waits);
    }

    // A live partition read at 750 KB/s (10,000 events/s of 6 partitions) for 20 minutes, its
    // state growing from 40 KB to 12 MB, one turn a second, then 5 s without events: at first a
    // checkpoint every turn; later at most as many bytes written as read since the first one,
    // never more than 30 s apart; and the last events' state written at the first turn that
    // finds nothing new.
    void aLiveStreamIsCheckpointedWithinItsReading() {
        constexpr qint64 kReadPerSecond = 750'000;
        constexpr qint64 kLiveMs = 20 * 60'000;
        qint64 lastMs = 0, lastBytes = 0, readAtLast = 0, readAtLastTurn = -1;
        qint64 written = 0, firstBytes = 0, longestGapMs = 0, checkpointsInFirst10s = 0;
        qint64 lastWrittenMs = -1, readAtLastWrite = 0;
        for (qint64 nowMs = 0; nowMs <= kLiveMs + 5'000; nowMs += 1'000) {
            const qint64 read = kReadPerSecond * std::min(nowMs, kLiveMs) / 1'000;
            CheckpointPacing pacing;
            pacing.unreadBytes = 0;
            pacing.lastCheckpointBytes = lastBytes;
            pacing.sinceLastMs = nowMs - lastMs;
            pacing.readSinceLastBytes = read - readAtLast;
            pacing.flowing = read != readAtLastTurn;
            readAtLastTurn = read;
            if (pacing.waits() || (lastBytes > 0 && read == readAtLast)) {
                continue; // held, or nothing new to write
            }
            const qint64 bytes = 40'000 + 12'000'000 * std::min(nowMs, kLiveMs) / kLiveMs;
            if (lastBytes == 0) {
                firstBytes = bytes;
            } else {
                written += bytes;
                longestGapMs = std::max(longestGapMs, nowMs - lastMs);
            }
            checkpointsInFirst10s += nowMs < 10'000 ? 1 : 0;
            lastMs = nowMs;
            lastBytes = bytes;
            readAtLast = read;
            lastWrittenMs = nowMs;
            readAtLastWrite = read;
        }
        QVERIFY(firstBytes > 0);
        QCOMPARE(checkpointsInFirst10s, 10); // a small state costs little: every turn
        const qint64 readTotal = kReadPerSecond * kLiveMs / 1'000;
        QVERIFY2(written <= readTotal + 12'040'000,
                 qPrintable(QStringLiteral("%1 written for %2 read").arg(written).arg(readTotal)));
        QVERIFY2(longestGapMs <= CheckpointPacing::kLongestWaitMs,
                 qPrintable(QString::number(longestGapMs)));
        QCOMPARE(readAtLastWrite, readTotal);
        QCOMPARE(lastWrittenMs, kLiveMs + 1'000); // the first turn with nothing new
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
