#include "main_window.h"
#include "alert_panel.h"
#include "alert_table_model.h"
#include "attack_strip.h"
#include "business_view.h"
#include "control_bar.h"
#include "dashboard_exporter.h"
#include "drilldown_controller.h"
#include "kafka_banner.h"
#include "kpi_row.h"
#include "outage_button.h"
#include "pipeline_panel.h"
#include "quit_guard.h"
#include "rate_control.h"
#include "scenario_bar.h"
#include "settings_dialog.h"
#include "theme.h"

#include <QAction>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace trackboard {

namespace {
constexpr double kLargeTextScale = 1.35;
}

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent)
    , options_(std::move(options))
    , pipeline_(options_.pipeline) {
    setWindowTitle(tr("Trackboard — real-time user activity"));
    buildUi();
    buildMenus();
    renderTimer_.setSingleShot(true);
    renderTimer_.setInterval(
        std::max(options_.settings.refreshMs, DashboardSettings::kMinRefreshMs));
    connect(&renderTimer_, &QTimer::timeout, this, &MainWindow::render);
    connect(&pipeline_, &Pipeline::analyticsSnapshot, this, &MainWindow::showAnalytics);
    // Every snapshot comes with these figures, and they come at every interval too: with a
    // million users a merged snapshot can come every 2 s or so, the panel's figures (rate, lag,
    // latency) each 100 ms.
    connect(&pipeline_, &Pipeline::analyticsStats, this, [this](const ConsumerStats &stats) {
        latestStats_ = stats;
        pipelinePanel_->showConsumer(PipelinePanel::Reader::Analytics, stats);
    });
    connect(&pipeline_, &Pipeline::fraudSnapshot, this, &MainWindow::showFraud);
    connect(&pipeline_, &Pipeline::producerStats, this, &MainWindow::showProducer);
    connect(&pipeline_, &Pipeline::readingCheckpoints, this, &MainWindow::showReadingCheckpoints);
    connect(&pipeline_, &Pipeline::clusterHealth, pipelinePanel_, &PipelinePanel::showCluster);
    connect(&pipeline_, &Pipeline::clusterHealth, this, &MainWindow::showBrokerStatus);
    connect(&pipeline_, &Pipeline::connectionChanged, this, &MainWindow::showConnection);
    connect(&pipeline_, &Pipeline::attacksChanged, attackStrip_, &AttackStrip::showAttacks);
    connect(&pipeline_, &Pipeline::scenarioInjected, this,
            [this](const std::vector<GroundTruth> &entries) {
                if (!entries.empty()) {
                    statusBar()->showMessage(injectionMessage(entries), 8000);
                }
            });
    connect(&pipeline_, &Pipeline::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Error: %1").arg(message));
    });
}

MainWindow::~MainWindow() {
    webCollector_.stop(); // first: it produces to the pipeline's broker
    pipeline_.shutdown();
}

void MainWindow::buildUi() {
    controls_ = new ControlBar(int(options_.pipeline.rate), AnalyticsWindow::Last5Min);
    addToolBar(controls_);
    addToolBarBreak();
    auto *scenarios = new ScenarioBar;
    addToolBar(scenarios);
    connect(controls_, &ControlBar::trafficToggled, this, &MainWindow::toggleTraffic);
    connect(controls_, &ControlBar::rateChanged, this,
            [this](int rate) { pipeline_.setRate(rate); });
    connect(controls_, &ControlBar::windowChanged, this, &MainWindow::setAnalyticsWindow);
    connect(scenarios, &ScenarioBar::scenarioRequested, this, &MainWindow::injectScenario);
    outage_ = new OutageButton;
    auto *drill = addToolBar(tr("Kafka outage"));
    drill->addWidget(outage_);
    connect(outage_, &OutageButton::outageRequested, this,
            [this](int seconds) { pipeline_.simulateOutage(seconds); });
    connect(outage_, &OutageButton::endRequested, &pipeline_, &Pipeline::endSimulatedOutage);
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), this);
    connect(space, &QShortcut::activated, this, &MainWindow::toggleTraffic);

    auto *central = new QWidget;
    central->setObjectName(QStringLiteral("dashboard"));
    kpis_ = new KpiRow;
    business_ = new BusinessView;
    connect(business_, &BusinessView::copyRequested, this, [this](QWidget *chart) {
        DashboardExporter::copyToClipboard(chart);
        statusBar()->showMessage(tr("Chart image copied"), 3000);
    });
    alertModel_ = new AlertTableModel(this);
    kpis_->setOpenAlerts(0);
    alertPanel_ = new AlertPanel(alertModel_);
    connect(alertPanel_, &AlertPanel::openCountsChanged, kpis_, &KpiRow::setOpenAlerts);
    drilldown_ = new DrilldownController(pipeline_, alertPanel_, this);
    pipelinePanel_ = new PipelinePanel;

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(business_);
    split->addWidget(alertPanel_);
    split->setChildrenCollapsible(false);
    split->setSizes({620, 380}); // proportions: the splitter scales them to its width
    // The pipeline strip runs under everything, in its own colours: the machinery, not the shop.
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    kafkaBanner_ = new KafkaBanner; // in the dashboard, not the status bar: full screen shows it
    layout->addWidget(kafkaBanner_);
    attackStrip_ = new AttackStrip; // and the attacks' fate, which the status bar used to say
    layout->addWidget(attackStrip_);
    layout->addWidget(kpis_);
    layout->addWidget(split, 1);
    layout->addWidget(pipelinePanel_);
    setCentralWidget(central);

    brokerStatus_ = new QLabel(tr("Kafka: starting…"));
    statusBar()->addPermanentWidget(brokerStatus_);
    resize(1400, 860);
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(controls_->exportAction);
    file->addAction(controls_->csvAction);
    file->addAction(controls_->copyAction);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(controls_->darkAction);
    view->addAction(controls_->largeTextAction);
    view->addAction(controls_->fullScreenAction);
    view->addSeparator();
    view->addAction(controls_->settingsAction);
    // Actions in a hidden menu bar stop firing; owning them here keeps F11 working full screen.
    addAction(controls_->fullScreenAction);
    addAction(controls_->exportAction);
    connect(controls_->exportAction, &QAction::triggered, this, &MainWindow::exportWithDialog);
    connect(controls_->csvAction, &QAction::triggered, this, &MainWindow::exportCsvWithDialog);
    connect(controls_->copyAction, &QAction::triggered, this, [this] {
        DashboardExporter::copyToClipboard(business_->currentWidget());
        statusBar()->showMessage(tr("Current tab copied as an image"), 3000);
    });
    connect(controls_->settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    connect(controls_->resetAction, &QAction::triggered, this, &MainWindow::confirmAndReset);
    connect(controls_->fullScreenAction, &QAction::toggled, this, &MainWindow::setPresentationMode);
    controls_->darkAction->setChecked(options_.settings.dark);
    controls_->largeTextAction->setChecked(options_.settings.largeText);
    connect(controls_->darkAction, &QAction::toggled, this,
            [this](bool dark) { setTheme(dark, options_.settings.largeText); });
    connect(controls_->largeTextAction, &QAction::toggled, this,
            [this](bool large) { setTheme(options_.settings.dark, large); });
}

bool MainWindow::startPipeline(QString &error) {
    if (!pipeline_.start(error)) {
        brokerStatus_->setText(tr("Kafka: %1").arg(error));
        return false;
    }
    pipelinePanel_->setBroker(pipeline_.bootstrapServers(), pipeline_.usesEmbeddedBroker());
    if (!pipeline_.canSimulateOutage()) {
        outage_->setExternalCluster(pipeline_.bootstrapServers());
    }
    showBrokerStatus();
    if (const int port = options_.settings.webCollectorPort; port > 0) {
        KafkaSettings kafka = options_.pipeline.kafka;
        kafka.brokers = pipeline_.bootstrapServers().toStdString();
        connect(&webCollector_, &WebCollectorRunner::summary, pipelinePanel_,
                &PipelinePanel::showWebCollector);
        connect(&webCollector_, &WebCollectorRunner::liveVisitors, kpis_, &KpiRow::showWebVisitors);
        connect(&webCollector_, &WebCollectorRunner::stopped, kpis_, &KpiRow::hideWebVisitors);
        if (QString why; !webCollector_.start(port, kafka, why)) {
            statusBar()->showMessage(tr("Error: %1").arg(why)); // the dashboard still runs
        }
    }
    if (options_.startTraffic) {
        toggleTraffic();
    }
    return true;
}

QString MainWindow::brokerStatusText() const {
    return brokerStatus_->text();
}

KpiTile *MainWindow::kpi(const QString &name) const {
    return kpis_->tile(name);
}

QPushButton *MainWindow::trafficButton() const {
    return controls_->trafficButton();
}

RateControl *MainWindow::rateControl() const {
    return controls_->rateControl();
}

QSpinBox *MainWindow::rateBox() const {
    return controls_->rateControl()->box();
}

EventRateChart *MainWindow::rateChart() const {
    return business_->rateChart();
}

void MainWindow::toggleTraffic() {
    trafficRunning_ = !trafficRunning_;
    if (trafficRunning_) {
        pipeline_.startTraffic();
    } else {
        pipeline_.stopTraffic();
    }
    controls_->setTrafficRunning(trafficRunning_);
    statusBar()->showMessage(trafficRunning_ ? tr("Traffic started") : tr("Traffic stopped"), 3000);
}

void MainWindow::injectScenario(Scenario scenario) {
    pipeline_.injectScenario(scenario);
}

void MainWindow::setAnalyticsWindow(AnalyticsWindow window) {
    controls_->setWindow(window);
    business_->setWindow(window);
    showKpis();
}

bool MainWindow::confirmAndReset() {
    if (options_.askBeforeReset &&
        QMessageBox::question(
            this, tr("Reset the dashboard?"),
            tr("Reset stops traffic and clears every figure, chart and alert "
               "(%1 in the list). Kafka keeps its events.")
                .arg(alertModel_->rowCount() == 1 ? tr("1 alert")
                                                  : tr("%L1 alerts").arg(alertModel_->rowCount())),
            QMessageBox::Reset | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Reset) {
        return false;
    }
    reset();
    return true;
}

void MainWindow::reset() {
    if (trafficRunning_) {
        toggleTraffic();
    }
    alertModel_->clear();
    pipeline_.resetAggregates();
    controls_->rateControl()->setRate(int(options_.pipeline.rate));
    pipeline_.setRate(options_.pipeline.rate);
    setAnalyticsWindow(AnalyticsWindow::Last5Min);
    business_->setCurrentIndex(0);
    statusBar()->showMessage(tr("Reset: traffic stopped, aggregates and alerts cleared"), 3000);
}

void MainWindow::setPresentationMode(bool on) {
    // Chrome hidden, controls kept: the presenter still starts traffic and triggers attacks.
    menuBar()->setVisible(!on);
    statusBar()->setVisible(!on);
    if (on) {
        showFullScreen();
    } else {
        showNormal();
    }
    if (controls_->fullScreenAction->isChecked() != on) {
        controls_->fullScreenAction->setChecked(on);
    }
}

void MainWindow::showAnalytics(const AnalyticsSnapshot &s) {
    latest_ = s;
    pending_ = true;
    if (!renderTimer_.isActive()) {
        renderTimer_.start();
    }
}

void MainWindow::render() {
    if (!pending_) {
        return;
    }
    pending_ = false;
    ++renders_;
    business_->showSnapshot(latest_);
    showKpis();
}

void MainWindow::showKpis() {
    kpis_->showWindow(latest_.window(business_->window()), latestStats_);
}

void MainWindow::showFraud(const FraudSnapshot &s, const ConsumerStats &stats) {
    std::vector<Alert> fresh = s.newAlerts;
    alertRepeats_.dropRepeats(fresh);
    alertModel_->addAlerts(fresh);
    pipelinePanel_->showConsumer(PipelinePanel::Reader::Fraud, stats);
}

void MainWindow::openSettings() {
    SettingsDialog dialog(options_.settings, this);
    dialog.showRunningKafka(pipeline_.usesEmbeddedBroker() ? QString()
                                                           : pipeline_.bootstrapServers());
    if (dialog.exec() == QDialog::Accepted) {
        applySettings(dialog.settings());
        saveSettings();
    }
}

void MainWindow::applySettings(const DashboardSettings &settings) {
    const bool themeChanged = settings.dark != options_.settings.dark ||
                              settings.largeText != options_.settings.largeText;
    const bool thresholdsChanged = !(settings.thresholds == options_.settings.thresholds);
    options_.settings = settings;
    renderTimer_.setInterval(std::max(settings.refreshMs, DashboardSettings::kMinRefreshMs));
    if (thresholdsChanged) {
        pipeline_.setThresholds(settings.thresholds);
    }
    if (themeChanged) {
        setTheme(settings.dark, settings.largeText);
    }
}

void MainWindow::setTheme(bool dark, bool largeText) {
    options_.settings.dark = dark;
    options_.settings.largeText = largeText;
    applyTheme(dark, largeText ? kLargeTextScale : 1.0);
    const QSignalBlocker blockDark(controls_->darkAction);
    const QSignalBlocker blockLarge(controls_->largeTextAction);
    controls_->darkAction->setChecked(dark);
    controls_->largeTextAction->setChecked(largeText);
    saveSettings();
}

void MainWindow::saveSettings() {
    if (options_.saveSettings) {
        QSettings settings;
        options_.settings.save(settings);
    }
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (options_.askBeforeQuit && !QuitGuard::confirm(this, pipeline_.connection())) {
        event->ignore();
        return;
    }
    statusBar()->showMessage(tr("Stopping: flushing events and committing offsets…"));
    webCollector_.stop();
    pipeline_.shutdown(2500);
    if (options_.askBeforeQuit && pipeline_.unflushedAtShutdown() > 0) {
        QuitGuard::reportLost(this, pipeline_.unflushedAtShutdown());
    }
    event->accept();
}

} // namespace trackboard
