// Issue 16, "show what is happening": the dashboard's Kafka outage drill, its banner, the honest
// broker state with an unreachable cluster, and the question asked before quitting with events
// that never reached Kafka.
#include "kafka_banner.h"
#include "kafka_connection_tracker.h"
#include "main_window.h"
#include "outage_button.h"
#include "pipeline_panel.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace trackboard;
using State = KafkaConnection::State;

namespace {

// With TRACKBOARD_SCREENSHOTS=DIR, the window as the audience sees it, to look at by eye.
void saveScreenshot(QWidget *window, const char *name) {
    const QString dir = qEnvironmentVariable("TRACKBOARD_SCREENSHOTS");
    if (!dir.isEmpty()) {
        QCoreApplication::processEvents();
        window->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
    }
}

KafkaConnection connectionAt(const QSignalSpy &spy, qsizetype i) {
    return spy.at(i).at(0).value<KafkaConnection>();
}

// Answers the message boxes the window opens, in order, by the start of a button's text, and
// keeps what each box said.
class BoxAnswerer : public QObject {
public:
    explicit BoxAnswerer(QStringList answers)
        : answers_(std::move(answers)) {
        timer_.setInterval(20);
        connect(&timer_, &QTimer::timeout, this, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || answers_.isEmpty()) {
                return;
            }
            for (QAbstractButton *button : box->buttons()) {
                if (button->text().remove(QLatin1Char('&')).startsWith(answers_.first())) {
                    seen << box->text();
                    answers_.removeFirst();
                    button->click();
                    return;
                }
            }
        });
        timer_.start();
    }
    QStringList seen;

private:
    QStringList answers_;
    QTimer timer_;
};

} // namespace

class TestDashboardKafka : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void plainReasons_data();
    void plainReasons();
    void trackerFollowsTheNewestEvidence();
    void simulatedOutageShowsBannerAndCatchUp();
    void realOutageShowsTheSameBanner();
    void unreachableClusterIsNeverConnected();
    void quittingWithBufferedEventsAsks();
    void theCheckpointReadIsShown();
};

void TestDashboardKafka::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard_kafka"));
}

void TestDashboardKafka::plainReasons_data() {
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("plain");
    QTest::newRow("refused") << "Connect to ipv4#127.0.0.1:1 failed: Connection refused (after "
                                "0ms in state CONNECT)"
                             << "connection refused";
    QTest::newRow("dns") << "Failed to resolve 'nowhere.invalid:9092': Name or service not known"
                         << "host name not found";
    QTest::newRow("timeout") << "Local: Timed out"
                             << "no answer (timed out)";
    QTest::newRow("all down") << "1/1 brokers are down"
                              << "no broker answers";
    QTest::newRow("transport") << "Local: Broker transport failure"
                               << "no broker answers";
    QTest::newRow("unknown") << "something new"
                             << "something new";
}

void TestDashboardKafka::plainReasons() {
    QFETCH(QString, error);
    QFETCH(QString, plain);
    QCOMPARE(QString::fromStdString(KafkaConnection::plainReason(error.toStdString())), plain);
}

void TestDashboardKafka::trackerFollowsTheNewestEvidence() {
    KafkaConnectionTracker tracker;
    QCOMPARE(tracker.connection().state, State::Connecting);
    ProducerStats producer;
    producer.state = "running";
    tracker.noteProducer(producer);
    QCOMPARE(tracker.connection().state, State::Connecting); // nothing has answered yet
    ClusterHealth cluster;
    cluster.known = cluster.reachable = true;
    tracker.noteCluster(cluster);
    QCOMPARE(tracker.connection().state, State::Connected);
    QVERIFY(!tracker.connection().noteworthy());

    // The producer notices first; the monitor's older answer does not outweigh it.
    producer.state = "unreachable";
    producer.lastTransportError = "Connect to ipv4#127.0.0.1:9 failed: Connection refused";
    producer.buffered = 500;
    tracker.noteProducer(producer);
    QCOMPARE(tracker.connection().state, State::Unreachable);
    QCOMPARE(tracker.connection().reason, std::string("connection refused, retrying"));
    QCOMPARE(tracker.connection().buffered, 500u);

    // A delivery proves the link: the backlog goes out, then all of it is delivered.
    producer.state = "running";
    producer.lastTransportError.clear();
    producer.delivered = 100;
    producer.buffered = 450;
    tracker.noteProducer(producer);
    QCOMPARE(tracker.connection().state, State::Connected);
    QVERIFY(tracker.connection().recovering);
    // The backlog is what the banner showed last while Kafka was away.
    QCOMPARE(tracker.connection().backlog, 500u);
    QCOMPARE(tracker.connection().caughtUp, 100u);
    producer.delivered = 600;
    producer.buffered = 20;
    tracker.noteProducer(producer);
    QVERIFY(!tracker.connection().recovering);
    QVERIFY(tracker.connection().recovered);
    QCOMPARE(tracker.connection().caughtUp, 600u);
    QCOMPARE(tracker.connection().lostInOutage, 0u);
    QVERIFY(tracker.connection().noteworthy());
}

void TestDashboardKafka::simulatedOutageShowsBannerAndCatchUp() {
    MainWindow::Options options;
    options.pipeline.rate = 2000;
    options.startTraffic = true;
    MainWindow window(options);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy changes(&window.pipeline(), &Pipeline::connectionChanged);
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    OutageButton *outage = window.outageButton();
    QVERIFY(outage->button()->isEnabled());
    QCOMPARE(outage->secondsBox()->value(), 10); // the default
    KafkaBanner *banner = window.kafkaBanner();
    const auto state = [&] { return window.pipeline().connection().state; };
    QTRY_COMPARE_WITH_TIMEOUT(state(), State::Connected, 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isHidden(), 5'000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.pipelinePanel()->producerText().contains(QLatin1String("running")), 15'000);

    outage->secondsBox()->setValue(4);
    changes.clear();
    QTest::mouseClick(outage->button(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(banner->tone(), KafkaBanner::Tone::Trouble, 2'000);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->title().startsWith(QLatin1String("Kafka unreachable: ")) &&
                 banner->title().endsWith(QLatin1String(" events buffered, nothing lost")),
             qPrintable(banner->title()));
    QVERIFY(outage->button()->text().startsWith(QLatin1String("End outage now")));
    QVERIFY(window.brokerStatusText().contains(QLatin1String("unreachable")));
    // Full screen hides the status bar, not the banner.
    window.setPresentationMode(true);
    QVERIFY(window.statusBar()->isHidden());
    QVERIFY(banner->isVisible());
    // The simulator keeps producing: what waits in the producer rises, and the banner says so.
    const std::uint64_t first = window.pipeline().connection().buffered;
    QTRY_VERIFY_WITH_TIMEOUT(window.pipeline().connection().buffered > first + 1000, 3'000);
    QVERIFY2(banner->title().contains(
                 QLocale().toString(qulonglong(window.pipeline().connection().buffered))),
             qPrintable(banner->title()));
    saveScreenshot(&window, "outage-full-screen");

    // Back after 4 s: the catch-up shows, with nothing lost, then the banner goes.
    QTRY_COMPARE_WITH_TIMEOUT(banner->tone(), KafkaBanner::Tone::Recovery, 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(window.pipeline().connection().recovered, 30'000);
    QVERIFY2(banner->title().endsWith(QLatin1String("buffered events delivered, lost 0")),
             qPrintable(banner->title()));
    saveScreenshot(&window, "outage-recovered");
    QVERIFY(outage->button()->text() == QStringLiteral("Simulate Kafka outage"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isHidden(), KafkaConnectionTracker::kRecoveredShowMs + 5'000);
    QCOMPARE(state(), State::Connected);

    // What the pipeline told the window, in order: down with a rising count, then caught up.
    std::uint64_t peak = 0;
    bool rose = false;
    bool caughtUp = false;
    for (qsizetype i = 0; i < changes.count(); ++i) {
        const KafkaConnection c = connectionAt(changes, i);
        QCOMPARE(c.lost, 0u);
        if (c.state == State::Unreachable) {
            QVERIFY(c.simulatedOutage || c.reason.find("retrying") != std::string::npos);
            rose = rose || (peak > 0 && c.buffered > peak);
            peak = std::max(peak, c.buffered);
        }
        if (c.recovered) {
            caughtUp = true;
            QVERIFY(c.backlog > 0);
            QVERIFY(c.caughtUp >= c.backlog);
            QCOMPARE(c.lostInOutage, 0u);
            QVERIFY2(c.outageMs >= 3'500, qPrintable(QString::number(c.outageMs)));
        }
    }
    QVERIFY(rose);
    QVERIFY(caughtUp);
    window.setPresentationMode(false);
}

void TestDashboardKafka::realOutageShowsTheSameBanner() {
    MainWindow::Options options;
    options.pipeline.rate = 2000;
    options.startTraffic = true;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    const auto connection = [&] { return window.pipeline().connection(); };
    QTRY_COMPARE_WITH_TIMEOUT(connection().state, State::Connected, 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.pipelinePanel()->producerText().contains(QLatin1String("running")), 15'000);

    // The broker dies without the dashboard's drill: no countdown, the same banner.
    window.pipeline().embeddedBroker()->setBrokerDown(1, true);
    KafkaBanner *banner = window.kafkaBanner();
    QTRY_COMPARE_WITH_TIMEOUT(banner->tone(), KafkaBanner::Tone::Trouble, 10'000);
    QVERIFY2(banner->title().startsWith(QLatin1String("Kafka unreachable: ")) &&
                 banner->title().endsWith(QLatin1String(" events buffered, nothing lost")),
             qPrintable(banner->title()));
    QVERIFY(!connection().simulatedOutage);
    QVERIFY2(banner->detail().contains(QStringLiteral(", retrying · down for")) &&
                 !banner->detail().contains(QLatin1String("simulated")),
             qPrintable(banner->detail()));
    const std::uint64_t first = connection().buffered;
    QTRY_VERIFY_WITH_TIMEOUT(connection().buffered > first + 1000, 5'000);
    window.pipeline().embeddedBroker()->setBrokerDown(1, false);

    QTRY_VERIFY_WITH_TIMEOUT(connection().recovered, 30'000);
    QCOMPARE(connection().lostInOutage, 0u);
    QVERIFY2(banner->title().endsWith(QLatin1String("buffered events delivered, lost 0")),
             qPrintable(banner->title()));
}

void TestDashboardKafka::unreachableClusterIsNeverConnected() {
    MainWindow::Options options;
    options.pipeline.kafka.brokers = "127.0.0.1:1"; // nothing listens on port 1
    options.pipeline.rate = 500;
    options.startTraffic = true;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy changes(&window.pipeline(), &Pipeline::connectionChanged);
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    // No broker of ours to take down: disabled, and the tooltip says why.
    QVERIFY(!window.outageButton()->button()->isEnabled());
    QVERIFY2(window.outageButton()->button()->toolTip().contains(QLatin1String("127.0.0.1:1")),
             qPrintable(window.outageButton()->button()->toolTip()));
    QVERIFY(!window.brokerStatusText().contains(QLatin1String("connected")));

    KafkaBanner *banner = window.kafkaBanner();
    QTRY_COMPARE_WITH_TIMEOUT(banner->tone(), KafkaBanner::Tone::Trouble, 10'000);
    QVERIFY2(banner->title().startsWith(QLatin1String("Kafka unreachable: ")),
             qPrintable(banner->title()));
    QTRY_VERIFY2_WITH_TIMEOUT(
        banner->detail().startsWith(QLatin1String("connection refused, retrying")),
        qPrintable(banner->detail()), 10'000);
    QVERIFY2(window.brokerStatusText().contains(QLatin1String("unreachable: connection refused")),
             qPrintable(window.brokerStatusText()));
    QVERIFY(window.pipelinePanel()->brokerText().contains(QLatin1String("unreachable")));
    // The readers' columns say it plainly too, once they have tried.
    const auto readerText = [&] {
        return window.pipelinePanel()->consumerText(PipelinePanel::Reader::Analytics);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(readerText().contains(QStringLiteral("⚠ connection refused")),
                              qPrintable(readerText()), 10'000);
    QVERIFY2(!readerText().contains(QLatin1String("ipv4#")), qPrintable(readerText()));
    saveScreenshot(&window, "unreachable-cluster");
    for (qsizetype i = 0; i < changes.count(); ++i) {
        QVERIFY(connectionAt(changes, i).state != State::Connected);
    }
}

void TestDashboardKafka::quittingWithBufferedEventsAsks() {
    MainWindow::Options options;
    options.pipeline.kafka.brokers = "127.0.0.1:1";
    options.pipeline.rate = 1000;
    options.startTraffic = true;
    options.askBeforeQuit = true;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(window.pipeline().connection().state == State::Unreachable &&
                                 window.pipeline().connection().buffered > 100,
                             10'000);

    {
        BoxAnswerer answer({QStringLiteral("Wait for Kafka")});
        QVERIFY(!window.close()); // the presenter chose to wait: still running
        QCOMPARE(answer.seen.size(), 1);
        QVERIFY2(answer.seen[0].endsWith(QLatin1String("events not yet delivered to Kafka")),
                 qPrintable(answer.seen[0]));
    }
    QVERIFY(window.isVisible());
    QVERIFY(window.trafficRunning());

    BoxAnswerer answer({QStringLiteral("Quit anyway"), QStringLiteral("OK")});
    QVERIFY(window.close());
    QCOMPARE(answer.seen.size(), 2);
    QVERIFY2(answer.seen[1].endsWith(QLatin1String("events were never delivered to Kafka")),
             qPrintable(answer.seen[1]));
    QVERIFY(window.pipeline().unflushedAtShutdown() > 0);
}

// Against a cluster, the analytics group reads its state topic before it counts anything, and
// sends no snapshot meanwhile: the panel and the status bar say so while the read lasts.
void TestDashboardKafka::theCheckpointReadIsShown() {
    std::string why;
    auto broker = EmbeddedBroker::start(1, why);
    QVERIFY2(broker, why.c_str());
    QVERIFY2(broker->createTopic(kDefaultTopic, kDefaultPartitions, why) &&
                 broker->createTopic(AnalyticsWorker::kDefaultStateTopic, 1, why),
             why.c_str());
    MainWindow::Options options;
    options.pipeline.kafka.brokers = broker->bootstrapServers();
    options.pipeline.alertsTopic.clear();
    options.pipeline.deadLetterTopic.clear();
    options.pipeline.runFraud = false;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Connected after the window: its own handler has run when these look.
    QString panelWhileReading;
    QString statusWhileReading;
    std::optional<QString> statusAfterRead;
    connect(&window.pipeline(), &Pipeline::readingCheckpoints, this, [&](bool reading) {
        if (reading) {
            panelWhileReading =
                window.pipelinePanel()->consumerText(PipelinePanel::Reader::Analytics);
            statusWhileReading = window.statusBar()->currentMessage();
            saveScreenshot(&window, "reading-checkpoints");
        } else {
            statusAfterRead = window.statusBar()->currentMessage();
        }
    });
    QString error;
    QVERIFY2(window.startPipeline(error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(statusAfterRead.has_value(), 60'000);
    QVERIFY2(panelWhileReading.startsWith(QLatin1String("reading checkpoints")),
             qPrintable(panelWhileReading));
    QVERIFY2(statusWhileReading.contains(
                 QLatin1String("reading its checkpoints from trackboard-analytics-state")),
             qPrintable(statusWhileReading));
    QVERIFY2(statusAfterRead->isEmpty(), qPrintable(*statusAfterRead));
}

QTEST_MAIN(TestDashboardKafka)
#include "tst_dashboard_kafka.moc"
