// How often the analytics worker rebuilds its merged snapshot (snapshot_pacing.h): as asked
// while that is cheap, and stretched so that merging never takes more than its share of the
// worker's thread once the state is large (issue 18: the soak's worker spent most of its time
// merging and fell behind the events).
#include <QtTest>

#include "snapshot_pacing.h"

#include <limits>

using namespace trackboard;

class TestSnapshotPacing : public QObject {
    Q_OBJECT

private slots:
    void cheapSnapshotsKeepTheAskedInterval() {
        QCOMPARE(snapshotIntervalMs(100, 0.0), 100);
        QCOMPARE(snapshotIntervalMs(100, 2.5), 100);
        QCOMPARE(snapshotIntervalMs(1000, 99.0), 1000);
        QCOMPARE(snapshotIntervalMs(100, std::numeric_limits<double>::quiet_NaN()), 100);
    }

    // The soak's case: 80 ms of merging every 100 ms asked becomes one merge every 800 ms.
    void dearSnapshotsWaitForTheirShare() {
        QCOMPARE(snapshotIntervalMs(100, 80.0), 800);
        QCOMPARE(snapshotIntervalMs(100, 10.01), 101);
    }

    void theShareHoldsForEveryCost() {
        for (double cost = 0.5; cost < 20'000; cost *= 1.7) {
            for (const int asked : {50, 100, 1000, 5000}) {
                const int interval = snapshotIntervalMs(asked, cost);
                QVERIFY(interval >= asked);
                QVERIFY2(cost / interval <= kSnapshotShare + 1e-9,
                         qPrintable(QStringLiteral("%1 ms every %2 ms").arg(cost).arg(interval)));
                // and no longer than the share needs (or than asked)
                QVERIFY(interval == asked || cost / (interval - 1) > kSnapshotShare);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSnapshotPacing)
#include "tst_snapshot_pacing.moc"
