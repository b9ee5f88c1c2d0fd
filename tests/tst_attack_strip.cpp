// Issue 16, "show what is happening": the running-attacks strip. Each injected scenario, its
// target user and its state (waiting for traffic → injected → detected in N s), in the
// dashboard itself so that full screen shows it.
#include "attack_strip.h"
#include "attack_tracker.h"
#include "main_window.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

using namespace trackboard;
using State = AttackStatus::State;

class TestAttackStrip : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void trackerFollowsEachAttack();
    void stripShowsAnAttackPressedWhileStoppedUntilDetected();
};

void TestAttackStrip::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_attack_strip"));
}

void TestAttackStrip::trackerFollowsEachAttack() {
    AttackTracker tracker;
    QSignalSpy changed(&tracker, &AttackTracker::changed);
    tracker.noteTraffic(false);
    tracker.noteInjected({{"user-7", Scenario::Bot, 0, 0}});
    QCOMPARE(tracker.attacks().size(), 1u);
    QCOMPARE(tracker.attacks()[0].state, State::WaitingForTraffic);
    QVERIFY(AttackStrip::chipText(tracker.attacks()[0]).contains(QLatin1String("press Start")));

    tracker.noteTraffic(true);
    QCOMPARE(tracker.attacks()[0].state, State::Injected);
    std::vector<GroundTruth> sale;
    for (int i = 0; i < 200; ++i) {
        sale.push_back({"user-" + std::to_string(1000 + i), Scenario::FlashSale, 0, 0});
    }
    tracker.noteInjected(sale);
    QCOMPARE(tracker.attacks()[1].users, 200u);
    QCOMPARE(AttackStrip::chipText(tracker.attacks()[1]).left(38),
             QStringLiteral("Flash sale → user-1000 and 199 more · "));
    QVERIFY(AttackStrip::chipText(tracker.attacks()[1]).contains(QLatin1String("legitimate")));

    // An alert on someone else changes nothing, nor does a MEDIUM one on the bot's user (the
    // alert list hides those by default); a HIGH one on it detects it.
    Alert other;
    other.userId = "user-8";
    other.rule = "HIGH_VELOCITY";
    other.severity = Severity::High;
    tracker.noteAlerts({other});
    QCOMPARE(tracker.attacks()[0].state, State::Injected);
    Alert medium = other;
    medium.userId = "user-7";
    medium.severity = Severity::Medium;
    tracker.noteAlerts({medium});
    QCOMPARE(tracker.attacks()[0].state, State::Injected);
    Alert caught = other;
    caught.userId = "user-7";
    tracker.noteAlerts({caught});
    const AttackStatus bot = tracker.attacks()[0];
    QCOMPARE(bot.state, State::Detected);
    QVERIFY(bot.detectedAfterMs >= 0);
    QCOMPARE(bot.rule, std::string("HIGH_VELOCITY"));
    QVERIFY2(AttackStrip::chipText(bot).startsWith(
                 QStringLiteral("Bot attack → user-7 · ✔ detected in ")),
             qPrintable(AttackStrip::chipText(bot)));
    QVERIFY(AttackStrip::chipText(bot).endsWith(QLatin1String("HIGH_VELOCITY HIGH")));
    QCOMPARE(tracker.attacks()[1].state, State::Injected);
    // A MEDIUM alert on a flash-sale shopper is no false alarm; a HIGH one is.
    medium.userId = "user-1042";
    tracker.noteAlerts({medium});
    QCOMPARE(tracker.attacks()[1].state, State::Injected);
    Alert severe = caught;
    severe.userId = "user-1042";
    severe.rule = "MULTIPLE_IPS";
    tracker.noteAlerts({severe});
    QCOMPARE(tracker.attacks()[1].state, State::Detected);
    QVERIFY2(AttackStrip::chipText(tracker.attacks()[1]).endsWith(QLatin1String("(a false alarm)")),
             qPrintable(AttackStrip::chipText(tracker.attacks()[1])));

    // Only the latest few are kept; Reset clears them.
    for (int i = 0; i < 10; ++i) {
        tracker.noteInjected({{"user-" + std::to_string(i), Scenario::CardTesting, 0, 0}});
    }
    QCOMPARE(tracker.attacks().size(), AttackTracker::kMaxShown);
    tracker.clear();
    QVERIFY(tracker.attacks().empty());
    QVERIFY(changed.count() > 0);
}

void TestAttackStrip::stripShowsAnAttackPressedWhileStoppedUntilDetected() {
    MainWindow::Options options;
    options.pipeline.rate = 1000;
    options.startTraffic = false;
    // A low bot threshold, so that the detection does not depend on the rule's tuning.
    options.settings.thresholds.velocityMaxEvents = 5;
    options.pipeline.thresholds = options.settings.thresholds;
    MainWindow window(options);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy ready(&window.pipeline(), &Pipeline::consumersReady);
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    AttackStrip *strip = window.attackStrip();
    QVERIFY(strip->isHidden()); // nothing injected yet
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30'000);

    // Pressed while traffic is stopped: the screen says why nothing happens yet.
    window.setPresentationMode(true);
    auto *bot = window.findChild<QPushButton *>(QStringLiteral("scenario_bot"));
    QVERIFY(bot);
    QTest::mouseClick(bot, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(strip->texts().size(), 1, 5'000);
    QVERIFY(strip->isVisible());
    QVERIFY(window.statusBar()->isHidden());
    QVERIFY2(strip->texts()[0].contains(QLatin1String("waiting: traffic is stopped")),
             qPrintable(strip->texts()[0]));
    const QString user = strip->texts()[0].section(QLatin1Char(' '), 3, 3);
    QVERIFY2(user.startsWith(QLatin1String("user-")), qPrintable(strip->texts()[0]));

    // Traffic starts: the attack runs, and the strip follows it to its detection.
    QTest::mouseClick(window.trafficButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(strip->texts()[0].contains(QLatin1String("watching")) ||
                                 strip->texts()[0].contains(QLatin1String("detected")),
                             5'000);
    QTRY_VERIFY2_WITH_TIMEOUT(strip->texts()[0].contains(QLatin1String("detected in")),
                              qPrintable(strip->texts()[0]), 30'000);
    QVERIFY2(strip->texts()[0].startsWith(QStringLiteral("Bot attack → ") + user),
             qPrintable(strip->texts()[0]));
    const AttackStatus status = window.pipeline().attacks().front();
    QCOMPARE(status.state, State::Detected);
    qInfo("bot detected %.1f s after traffic started, by %s", status.detectedAfterMs / 1000.0,
          status.rule.c_str());
    // Later presses line up after it, oldest first.
    for (const char *name : {"scenario_flash_sale", "scenario_card_testing"}) {
        auto *button = window.findChild<QPushButton *>(QLatin1String(name));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
    }
    QTRY_COMPARE_WITH_TIMEOUT(strip->texts().size(), 3, 5'000);
    QVERIFY2(strip->texts()[1].startsWith(QStringLiteral("Flash sale → user-")),
             qPrintable(strip->texts()[1]));
    QVERIFY2(strip->texts()[2].startsWith(QStringLiteral("Card testing → user-")),
             qPrintable(strip->texts()[2]));
    if (!qEnvironmentVariableIsEmpty("TRACKBOARD_SCREENSHOTS")) {
        window.grab().save(qEnvironmentVariable("TRACKBOARD_SCREENSHOTS") +
                           QStringLiteral("/attack-strip.png"));
    }
    window.setPresentationMode(false);

    // Reset clears the strip with the alerts.
    window.reset();
    QTRY_VERIFY_WITH_TIMEOUT(strip->isHidden(), 2'000);
}

QTEST_MAIN(TestAttackStrip)
#include "tst_attack_strip.moc"
