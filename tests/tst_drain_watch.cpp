// The demo's drain: it waits while the pipeline moves, stops on a stall or at the hard limit,
// and tells events lost for good apart from events still waiting on the broker.
#include "delivery_account.h"
#include "drain_watch.h"

#include <QtTest>

using namespace trackboard;

Q_DECLARE_METATYPE(trackboard::ProducerStats)
Q_DECLARE_METATYPE(trackboard::ConsumerStats)

namespace {

using Verdict = DrainWatch::Verdict;

constexpr DrainWatch::Limits kLimits{3'000, 20'000};

ProducerStats producer(std::uint64_t produced, std::uint64_t delivered, std::uint64_t failed,
                       std::string state = "stopped") {
    ProducerStats p;
    p.state = std::move(state);
    p.produced = produced;
    p.delivered = delivered;
    p.failed = failed;
    return p;
}

ConsumerStats group(std::uint64_t consumed, std::uint64_t skipped) {
    ConsumerStats c;
    c.consumed = consumed;
    c.skipped = skipped;
    return c;
}

} // namespace

class TestDrainWatch : public QObject {
    Q_OBJECT
private slots:
    void endsAsSoonAsDone();
    void keepsWaitingWhileProgressContinues();
    void stallEndsTheDrain();
    void hardLimitEndsAMovingDrain();
    void verdictIsFinal();
    void account_data();
    void account();
    void caughtUp_data();
    void caughtUp();
};

void TestDrainWatch::endsAsSoonAsDone() {
    DrainWatch watch(kLimits, 1'000);
    QCOMPARE(watch.observe(1'100, 10, false), Verdict::Waiting);
    QCOMPARE(watch.observe(1'200, 10, true), Verdict::Drained);
}

void TestDrainWatch::keepsWaitingWhileProgressContinues() {
    // A slow consumer on a loaded machine: it advances a little every 2.9 s, for far longer than
    // the stall window, and is never cut off before the hard limit.
    DrainWatch watch(kLimits, 0);
    std::uint64_t progress = 100;
    for (std::int64_t now = 0; now < 19'000; now += 2'900) {
        QCOMPARE(watch.observe(now, progress, false), Verdict::Waiting);
        ++progress;
    }
    QCOMPARE(watch.elapsedMs(19'000), std::int64_t(19'000));
}

void TestDrainWatch::stallEndsTheDrain() {
    DrainWatch watch(kLimits, 0);
    QCOMPARE(watch.observe(0, 50, false), Verdict::Waiting);
    QCOMPARE(watch.observe(1'000, 60, false), Verdict::Waiting); // moved at 1 s
    QCOMPARE(watch.observe(3'999, 60, false), Verdict::Waiting); // still within 3 s of it
    QCOMPARE(watch.observe(4'000, 60, false), Verdict::Stalled);
}

void TestDrainWatch::hardLimitEndsAMovingDrain() {
    DrainWatch watch(kLimits, 500);
    std::uint64_t progress = 0;
    Verdict v = Verdict::Waiting;
    std::int64_t now = 500;
    for (; v == Verdict::Waiting && now < 60'000; now += 100) {
        v = watch.observe(now, ++progress, false);
    }
    QCOMPARE(v, Verdict::TimedOut);
    QCOMPARE(now - 100, std::int64_t(20'500)); // the limit counts from the start of the drain
    QVERIFY(drainVerdictName(v) == "timeout");
}

void TestDrainWatch::verdictIsFinal() {
    DrainWatch watch(kLimits, 0);
    QCOMPARE(watch.observe(0, 1, false), Verdict::Waiting);
    QCOMPARE(watch.observe(3'000, 1, false), Verdict::Stalled);
    // The consumers catch up just after: the tally was taken at the stall, and it stays so.
    QCOMPARE(watch.observe(3'100, 2, true), Verdict::Stalled);
}

void TestDrainWatch::account_data() {
    QTest::addColumn<ProducerStats>("p");
    QTest::addColumn<ConsumerStats>("c");
    QTest::addColumn<quint64>("lost");
    QTest::addColumn<quint64>("pending");
    QTest::addColumn<quint64>("queued");
    QTest::newRow("all read") << producer(1000, 1000, 0) << group(1000, 0) << 0ULL << 0ULL << 0ULL;
    // The case issue 19 saw: the drain ended before the group caught up; nothing is gone.
    QTest::newRow("slow group") << producer(1000, 1000, 0) << group(853, 0) << 0ULL << 147ULL
                                << 0ULL;
    QTest::newRow("retention cut")
        << producer(1000, 1000, 0) << group(700, 300) << 300ULL << 0ULL << 0ULL;
    QTest::newRow("cut and behind")
        << producer(1000, 1000, 0) << group(600, 300) << 300ULL << 100ULL << 0ULL;
    QTest::newRow("given up") << producer(1000, 990, 10) << group(990, 0) << 10ULL << 0ULL << 0ULL;
    // Refused at once: counted in failed, never in produced.
    QTest::newRow("refused") << producer(990, 990, 10) << group(990, 0) << 10ULL << 0ULL << 0ULL;
    // Not yet acknowledged when the drain ended: on its way, not lost.
    QTest::newRow("still queued") << producer(1000, 900, 0, "unreachable") << group(850, 0) << 0ULL
                                  << 150ULL << 100ULL;
    // The group's report is newer than the producer's: it read 23 events whose acknowledgements
    // came after the producer's last report. They are read, not pending twice over.
    QTest::newRow("read before acknowledged")
        << producer(1000, 900, 0) << group(923, 0) << 0ULL << 77ULL << 100ULL;
    QTest::newRow("redelivered") << producer(1000, 1000, 0) << group(1006, 0) << 0ULL << 0ULL
                                 << 0ULL;
}

void TestDrainWatch::account() {
    QFETCH(ProducerStats, p);
    QFETCH(ConsumerStats, c);
    QFETCH(quint64, lost);
    QFETCH(quint64, pending);
    QFETCH(quint64, queued);
    const DeliveryAccount a = accountForGroup(p, c);
    QCOMPARE(quint64(a.lost), lost);
    QCOMPARE(quint64(a.pending), pending);
    QCOMPARE(quint64(a.queued), queued);
    // Every delivered or queued event is read, skipped or pending, unless a batch came twice.
    if (c.consumed + c.skipped <= p.delivered + a.queued) {
        QCOMPARE(c.consumed + c.skipped + a.pending, p.delivered + a.queued);
    }
}

void TestDrainWatch::caughtUp_data() {
    QTest::addColumn<ProducerStats>("p");
    QTest::addColumn<ConsumerStats>("c");
    QTest::addColumn<bool>("caughtUp");
    QTest::newRow("read all") << producer(100, 100, 0) << group(100, 0) << true;
    QTest::newRow("read or skipped all") << producer(100, 100, 0) << group(60, 40) << true;
    QTest::newRow("behind") << producer(100, 100, 0) << group(99, 0) << false;
    QTest::newRow("traffic still on") << producer(100, 100, 0, "running") << group(100, 0) << false;
    QTest::newRow("unacknowledged") << producer(100, 90, 0) << group(90, 0) << false;
}

void TestDrainWatch::caughtUp() {
    QFETCH(ProducerStats, p);
    QFETCH(ConsumerStats, c);
    QFETCH(bool, caughtUp);
    QCOMPARE(groupCaughtUp(p, c), caughtUp);
}

QTEST_APPLESS_MAIN(TestDrainWatch)
#include "tst_drain_watch.moc"
