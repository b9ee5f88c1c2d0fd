// When an analytics worker checkpoints a changed partition (core/checkpoint_cadence.h): every
// interval when live, by the bytes read while it catches up on a backlog.
#include "checkpoint_cadence.h"

#include <QtTest>

using trackboard::CheckpointCadence;

class TestCheckpointCadence : public QObject {
    Q_OBJECT
private slots:
    void backlogIsMoreThanATenthOfAnIntervalOfReading() {
        // Lag not known yet, none, or within a tenth of a 1 s interval at 20k events/s: live.
        QVERIFY(!CheckpointCadence::catchingUp(-1, 0, 1000));
        QVERIFY(!CheckpointCadence::catchingUp(0, 20'000, 1000));
        QVERIFY(!CheckpointCadence::catchingUp(2000, 20'000, 1000));
        QVERIFY(CheckpointCadence::catchingUp(2001, 20'000, 1000));
        // The tail of a backlog read at 110k events/s: 50k behind is still catching up.
        QVERIFY(CheckpointCadence::catchingUp(50'000, 110'000, 1000));
        // A 5 s interval at 20k events/s allows 10k behind.
        QVERIFY(!CheckpointCadence::catchingUp(10'000, 20'000, 5000));
        // Before any rate is known, more than 1,000 behind is a backlog.
        QVERIFY(!CheckpointCadence::catchingUp(1000, 0, 1000));
        QVERIFY(CheckpointCadence::catchingUp(1001, 0, 1000));
    }

    void liveEveryInterval() {
        // Live, a changed partition is due at every round, however little it read.
        QVERIFY(CheckpointCadence::due(false, 1000, 500'000, 1));
    }

    void catchingUpWaitsForEightTimesTheCheckpoint() {
        const std::uint64_t size = 3'000'000;
        QVERIFY(!CheckpointCadence::due(true, 1000, size, 23'999'999));
        QVERIFY(CheckpointCadence::due(true, 1000, size, 24'000'000));
        // ... or 30 s, whichever comes first.
        QVERIFY(!CheckpointCadence::due(true, 29'999, size, 0));
        QVERIFY(CheckpointCadence::due(true, 30'000, size, 0));
    }

    void smallOrNoCheckpointCountsAsOneMebibyte() {
        // None written yet (size 0), or a small one: the first after 8 MiB read.
        QVERIFY(!CheckpointCadence::due(true, 1000, 0, 8 * 1048576 - 1));
        QVERIFY(CheckpointCadence::due(true, 1000, 0, 8 * 1048576));
        QVERIFY(!CheckpointCadence::due(true, 1000, 4096, 8 * 1048576 - 1));
        // Live, a partition not yet checkpointed is due at once.
        QVERIFY(CheckpointCadence::due(false, 0, 0, 0));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointCadence)
#include "tst_checkpoint_cadence.moc"
