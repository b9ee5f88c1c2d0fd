// How far the simulator may run ahead of the slowest consumer group on the embedded broker:
// the asked rate while little behind, slower towards the hold point, stopped there, and the
// hold point well inside what the broker's retention keeps. And the simulator's open visits,
// which follow the rate actually sent rather than the one asked.
#include "produce_throttle.h"
#include "visit_sizer.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace trackboard;

class TestProduceThrottle : public QObject {
    Q_OBJECT
private slots:
    void retainedEventsMatchTheMeasuredMock();
    void heldRate_data();
    void heldRate();
    void slowsSteadilyAsLagGrows();
    void simulatedRunNeverOverrunsRetention();
    void roomBeforeHoldBoundsABurst();
    void visitsFollowAKeptUpRate();
    void heldBurstBringsNoCrowd();
    void throttlePulsesMoveNoVisits();
    void carriedBurstBuildsUp();
    void lowRatesKeepTheirVisits();
};

namespace {

// Drives a VisitSizer as the producer does: observed every 5 ms tick, `sentPerSecond` events
// sent each second, for `seconds`. Returns the most visits seen.
int run(VisitSizer &sizer, std::int64_t &nowMs, std::uint64_t &sent, double sentPerSecond,
        double seconds) {
    int most = sizer.visits();
    const std::int64_t end = nowMs + static_cast<std::int64_t>(seconds * 1000);
    double exact = double(sent);
    for (; nowMs < end; nowMs += 5) {
        exact += sentPerSecond * 0.005;
        sent = static_cast<std::uint64_t>(exact);
        sizer.observe(nowMs, sent);
        most = std::max(most, sizer.visits());
    }
    return most;
}

} // namespace

void TestProduceThrottle::visitsFollowAKeptUpRate() {
    // A producer keeping up holds 8 s of think time: 20,000 events/s, 160,000 visits, from the
    // first event on (a demo starts in full swing), whatever the measurement's jitter.
    VisitSizer sizer(VisitSizer::Settings{8.0});
    std::int64_t now = 0;
    std::uint64_t sent = 0;
    sizer.start(now, sent, 20'000);
    QCOMPARE(sizer.visits(), 160'000);
    run(sizer, now, sent, 19'000, 30); // 5 % short: within the keeping-up share
    QCOMPARE(sizer.visits(), 160'000);
    run(sizer, now, sent, 25'000, 30); // injected attack events on top of the rate
    QCOMPARE(sizer.visits(), 160'000);
    // The asked rate falls: the visits follow at once.
    sizer.setAskedRate(2'000);
    QCOMPARE(sizer.visits(), 16'000);
}

void TestProduceThrottle::heldBurstBringsNoCrowd() {
    // The soak of 2026-12-06 08:11: 20,000 events/s asked and about 16,500 held by the
    // throttle, then a burst at 100,000 asked that the consumers could not follow: 11,800 held.
    // The asked rate's visits were 800,000, and most of the burst's events were new visitors'.
    VisitSizer sizer(VisitSizer::Settings{});
    std::int64_t now = 0;
    std::uint64_t sent = 0;
    sizer.start(now, sent, 20'000);
    run(sizer, now, sent, 16'500, 600);
    const int plateau = sizer.visits();
    QVERIFY2(plateau >= 132'000 && plateau < 146'000, QByteArray::number(plateau));
    sizer.setAskedRate(100'000);
    const int most = run(sizer, now, sent, 11'800, 60);
    QVERIFY2(most <= plateau, QByteArray::number(most)); // no crowd: they may fall, never rise
    sizer.setAskedRate(20'000);
    run(sizer, now, sent, 20'000, 600); // keeping up again: the asked rate's visits
    QCOMPARE(sizer.visits(), 160'000);
}

void TestProduceThrottle::throttlePulsesMoveNoVisits() {
    // At its hold point the throttle lets the producer go and stops it by turns, second by
    // second. Each change of the visits churns them (new ones open, open ones end early, and
    // some of each are new visitors), so the visits must not follow the pulses.
    VisitSizer sizer(VisitSizer::Settings{});
    std::int64_t now = 0;
    std::uint64_t sent = 0;
    sizer.start(now, sent, 20'000);
    int changes = 0;
    int last = sizer.visits();
    for (int second = 0; second < 1'800; ++second) {
        run(sizer, now, sent, second % 2 == 0 ? 33'000 : 0, 1);
        changes += sizer.visits() != last ? 1 : 0;
        last = sizer.visits();
    }
    QVERIFY2(changes <= 3, QByteArray::number(changes));
    QVERIFY2(last >= 132'000 && last < 146'000, QByteArray::number(last));
}

void TestProduceThrottle::carriedBurstBuildsUp() {
    // A burst the consumers do follow: the crowd builds up over a minute or two, and reaches
    // the burst rate's visits.
    VisitSizer sizer(VisitSizer::Settings{});
    std::int64_t now = 0;
    std::uint64_t sent = 0;
    sizer.start(now, sent, 20'000);
    sizer.setAskedRate(100'000);
    QCOMPARE(sizer.visits(), 160'000);
    run(sizer, now, sent, 100'000, 1.01);
    QCOMPARE(sizer.visits(), 160'000);
    run(sizer, now, sent, 100'000, 60);
    QVERIFY2(sizer.visits() > 450'000 && sizer.visits() < 650'000,
             QByteArray::number(sizer.visits()));
    run(sizer, now, sent, 100'000, 300);
    QCOMPARE(sizer.visits(), 800'000);
}

void TestProduceThrottle::lowRatesKeepTheirVisits() {
    // At half an event a second a one-second measure reads 0 or 1: the sizer measures over
    // enough events to tell a shortfall from chance, and the 4 visits stay.
    VisitSizer sizer(VisitSizer::Settings{8.0});
    std::int64_t now = 0;
    std::uint64_t sent = 0;
    sizer.start(now, sent, 0.5);
    QCOMPARE(sizer.visits(), 4);
    for (int second = 0; second < 1'200; ++second) {
        now += 1'000;
        sent += (second % 2 == 0) ? 1 : 0;
        sizer.observe(now, sent);
        QCOMPARE(sizer.visits(), 4);
    }
}

void TestProduceThrottle::roomBeforeHoldBoundsABurst() {
    // One partition of 445 B events (the simulator's mean since the business data): 5 MiB keep
    // 5,242,880 / 485 = 10,810 of them, the hold point is half that, 5,405.
    const ProduceThrottle one(ProduceThrottle::Settings{1});
    QCOMPARE(one.retainedEvents(445), std::uint64_t{10'810});
    QCOMPARE(one.roomBeforeHold(0, 445), std::uint64_t{5'405});
    QCOMPARE(one.roomBeforeHold(5'000, 445), std::uint64_t{405});
    QCOMPARE(one.roomBeforeHold(5'405, 445), std::uint64_t{0});
    QCOMPARE(one.roomBeforeHold(20'000, 445), std::uint64_t{0});
    // A 0.1 s catch-up at 100k events/s is 10,000 events: with the cap, a producer 2,700 ahead
    // (where the throttle starts slowing) stops at the hold point, inside retention.
    const std::uint64_t burst = 10'000;
    const std::uint64_t ahead = 2'700;
    QVERIFY(ahead + burst > one.retainedEvents(445)); // uncapped, retention would cut
    QVERIFY(ahead + std::min(burst, one.roomBeforeHold(ahead, 445)) <= one.retainedEvents(445));
}

void TestProduceThrottle::retainedEventsMatchTheMeasuredMock() {
    // docs/embedded-broker.md: 300 B events left about 16k per 5 MiB partition.
    const ProduceThrottle one(ProduceThrottle::Settings{1});
    const auto perPartition = one.retainedEvents(300);
    QVERIFY2(perPartition > 14'000 && perPartition < 18'000,
             qPrintable(QString::number(perPartition)));
    const ProduceThrottle six(ProduceThrottle::Settings{6});
    // Six partitions keep six times as much (give or take the rounding of one).
    QVERIFY(six.retainedEvents(300) - 6 * perPartition <= 1);
    QVERIFY(six.retainedEvents(600) < six.retainedEvents(300)); // bigger events, fewer kept
}

void TestProduceThrottle::heldRate_data() {
    QTest::addColumn<double>("share"); // of what retention keeps
    QTest::addColumn<double>("rate");
    QTest::newRow("caught up") << 0.0 << 250'000.0;
    QTest::newRow("below start") << 0.24 << 250'000.0;
    QTest::newRow("halfway down") << 0.375 << 125'000.0;
    QTest::newRow("at hold") << 0.5 << 0.0;
    QTest::newRow("past hold") << 0.9 << 0.0;
    QTest::newRow("past retention") << 3.0 << 0.0;
}

void TestProduceThrottle::heldRate() {
    QFETCH(double, share);
    QFETCH(double, rate);
    const ProduceThrottle throttle(ProduceThrottle::Settings{6});
    const auto ahead = static_cast<std::uint64_t>(double(throttle.retainedEvents(300)) * share);
    QVERIFY(std::abs(throttle.heldRate(250'000, ahead, 300) - rate) < 250'000 * 0.001);
}

void TestProduceThrottle::slowsSteadilyAsLagGrows() {
    const ProduceThrottle throttle(ProduceThrottle::Settings{6});
    double previous = 1e9;
    for (std::uint64_t ahead = 0; ahead < 100'000; ahead += 500) {
        const double rate = throttle.heldRate(50'000, ahead, 300);
        QVERIFY(rate <= previous);
        QVERIFY(rate >= 0 && rate <= 50'000);
        previous = rate;
    }
    QCOMPARE(previous, 0.0);
}

void TestProduceThrottle::simulatedRunNeverOverrunsRetention() {
    // A producer asked for 250k events/s against consumers reading 60k/s, stepped every 5 ms
    // as the producer ticks, with the consumers' count reported only every 100 ms (their
    // snapshot interval): the lag the throttle sees is up to 100 ms old, yet what sits unread
    // on the broker stays below what retention keeps, and the consumers are never starved.
    const ProduceThrottle throttle(ProduceThrottle::Settings{6});
    const double retained = double(throttle.retainedEvents(330));
    double produced = 0, read = 0, reported = 0, worst = 0;
    for (int step = 1; step <= 20 * 200; ++step) { // 20 s
        const double rate = throttle.heldRate(250'000, std::uint64_t(produced - reported), 330);
        produced += rate * 0.005;
        read = std::min(produced, read + 60'000 * 0.005);
        if (step % 20 == 0) {
            reported = read;
        }
        worst = std::max(worst, produced - read);
        if (step > 200) { // past the first second: the consumers always have work
            QVERIFY2(produced - read > 1'000, qPrintable(QString::number(step)));
        }
    }
    QVERIFY2(worst < 0.75 * retained,
             qPrintable(QStringLiteral("%1 of %2").arg(worst).arg(retained)));
    QVERIFY(read > 0.95 * 60'000 * 20); // held near what the consumers can take
}

QTEST_APPLESS_MAIN(TestProduceThrottle)
#include "tst_produce_throttle.moc"
