// `trackboard demo` on a machine whose every core is busy: its consumers fall behind while the
// traffic runs, and the drain must wait for them while they advance rather than report the
// events they had not read yet as lost (issue 19: lost {analytics 147, fraud 174} with skipped
// 0 while another dashboard loaded the machine).
#include "trackboard_process.h"

#include <QJsonObject>
#include <QProcess>
#include <QThread>
#include <QtTest>

#include <memory>
#include <vector>

using namespace trackboard::test;

namespace {

qint64 number(const QJsonObject &object, const char *path) {
    QJsonValue value = object;
    for (const QByteArray &key : QByteArray(path).split('.')) {
        value = value.toObject().value(QLatin1String(key));
    }
    return value.toInteger(-1);
}

// One shell busy loop per core, at the demo's own priority, killed when the test ends
// (passed or not).
class CpuLoad {
public:
    bool start(int processes) {
        for (int i = 0; i < processes; ++i) {
            auto loop = std::make_unique<QProcess>();
            loop->start(u"/bin/sh"_s, {u"-c"_s, u"while :; do :; done"_s});
            if (!loop->waitForStarted(5'000)) {
                return false;
            }
            loops_.push_back(std::move(loop));
        }
        return true;
    }
    // Still spinning: a loop that died would leave the machine idle and the test proving nothing.
    bool running() const {
        for (const auto &loop : loops_) {
            if (loop->state() != QProcess::Running) {
                return false;
            }
        }
        return !loops_.empty();
    }
    ~CpuLoad() {
        for (auto &loop : loops_) {
            loop->kill();
            loop->waitForFinished(5'000);
        }
    }

private:
    std::vector<std::unique_ptr<QProcess>> loops_;
};

} // namespace

class TestDemoDrain : public QObject {
    Q_OBJECT
private slots:
    void loadedMachineLosesNothing();
    void cutShortDrainReportsPendingNotLost();
};

void TestDemoDrain::loadedMachineLosesNothing() {
    CpuLoad load;
    QVERIFY(load.start(std::max(2, QThread::idealThreadCount())));
    const Run run = runTrackboard(argv("demo", "--duration", "8", "--rate", "4000", "--sprinkle",
                                       "6", "--json", "--drain-timeout", "150"),
                                  240'000);
    QVERIFY2(load.running(), "a busy loop stopped during the run");
    QVERIFY2(run.finished, describe(run).constData());
    const QJsonObject demo = lastJsonLine(run.out);
    const qint64 delivered = number(demo, "delivered");
    QVERIFY2(delivered > 0, run.out.constData());
    QCOMPARE(number(demo, "failed"), 0);
    for (const char *group : {"analytics", "fraud"}) {
        const QByteArray g(group);
        const qint64 consumed = number(demo, g + ".consumed");
        const qint64 skipped = number(demo, g + ".skipped");
        const qint64 pending = number(demo, g + ".pending");
        const qint64 lost = number(demo, g + ".lost");
        // Lost means gone: the broker's retention cut them (skipped) or the producer gave them
        // up (failed); with the simulator waiting for its consumers neither happens.
        QCOMPARE(lost, 0);
        QCOMPARE(number(demo, "lost." + g), lost);
        QCOMPARE(lost, skipped + number(demo, "failed"));
        // Every delivered event was read, cut or is still waiting: nothing goes unaccounted.
        QCOMPARE(consumed + skipped + pending, delivered);
        QCOMPARE(number(demo, "pending." + g), pending);
    }
    // The drain waits on progress: consumers that kept advancing were waited for until they had
    // read everything, so nothing is pending and the run exits 0.
    const QString ended = demo[u"drain"_s][u"ended"_s].toString();
    QVERIFY2(ended == u"drained"_s, run.out.right(600).constData());
    QCOMPARE(number(demo, "pending.analytics") + number(demo, "pending.fraud"), 0);
    QVERIFY(demo[u"drain"_s][u"seconds"_s].toDouble() >= 0);
    QCOMPARE(demo[u"drain"_s][u"limit_s"_s].toDouble(), 150.0);
    QVERIFY2(run.exitCode == 0, describe(run).constData());
}

void TestDemoDrain::cutShortDrainReportsPendingNotLost() {
    // A drain cut short at once while the consumers are far behind (a loaded machine, a rate
    // they cannot follow): what they had not read is still on the broker. It used to be
    // reported as lost, with exit status 3.
    CpuLoad load;
    QVERIFY(load.start(std::max(2, QThread::idealThreadCount())));
    const Run run = runTrackboard(
        argv("demo", "--duration", "4", "--rate", "50000", "--json", "--drain-timeout", "0.001"),
        120'000);
    QVERIFY2(load.running(), "a busy loop stopped during the run");
    QVERIFY2(run.finished && run.exitCode == 0, describe(run).constData());
    const QJsonObject demo = lastJsonLine(run.out);
    const qint64 produced = number(demo, "produced");
    QVERIFY2(produced > 0, run.out.constData());
    QCOMPARE(number(demo, "failed"), 0);
    QCOMPARE(demo[u"drain"_s][u"ended"_s].toString(), u"timeout"_s);
    qint64 pending = 0;
    for (const char *group : {"analytics", "fraud"}) {
        const QByteArray g(group);
        QCOMPARE(number(demo, "lost." + g), 0);
        // Pending: on the broker unread, or not yet acknowledged by it (still queued).
        QCOMPARE(number(demo, g + ".consumed") + number(demo, g + ".skipped") +
                     number(demo, "pending." + g),
                 produced);
        pending += number(demo, "pending." + g);
    }
    QVERIFY2(pending > 0, run.out.right(600).constData());
    QVERIFY2(run.err.contains("events not yet read"), run.err.constData());
}

QTEST_GUILESS_MAIN(TestDemoDrain)
#include "tst_demo_drain.moc"
