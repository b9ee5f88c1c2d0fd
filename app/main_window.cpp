#include "main_window.h"
#include "alert_table_model.h"
#include "event_rate_chart.h"
#include "kpi_tile.h"
#include "money.h"
#include "pipeline_panel.h"

#include <QCloseEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace trackboard {

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent)
    , options_(options)
    , pipeline_(options.pipeline) {
    setWindowTitle(tr("Trackboard — real-time user activity"));
    buildUi();
    connect(&pipeline_, &Pipeline::analyticsSnapshot, this, &MainWindow::showAnalytics);
    connect(&pipeline_, &Pipeline::fraudSnapshot, this, &MainWindow::showFraud);
    connect(&pipeline_, &Pipeline::producerStats, this, &MainWindow::showProducer);
    connect(&pipeline_, &Pipeline::scenarioInjected, this,
            [this](const std::vector<GroundTruth> &entries) {
                if (!entries.empty()) {
                    const auto name = scenarioName(entries.front().scenario);
                    statusBar()->showMessage(
                        tr("Injected %1 on %2%3")
                            .arg(QString::fromLatin1(name.data(), qsizetype(name.size())),
                                 QString::fromStdString(entries.front().userId),
                                 entries.size() > 1 ? tr(" and %1 more").arg(entries.size() - 1)
                                                    : QString()),
                        8000);
                }
            });
    connect(&pipeline_, &Pipeline::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Error: %1").arg(message));
    });
}

MainWindow::~MainWindow() {
    pipeline_.shutdown();
}

void MainWindow::buildUi() {
    auto *toolbar = addToolBar(tr("Controls"));
    toolbar->setMovable(false);
    trafficButton_ = new QPushButton(tr("Start traffic"));
    trafficButton_->setToolTip(tr("Start or stop the simulated shoppers (Space)."));
    connect(trafficButton_, &QPushButton::clicked, this, &MainWindow::toggleTraffic);
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), this);
    connect(space, &QShortcut::activated, this, &MainWindow::toggleTraffic);
    toolbar->addWidget(trafficButton_);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Rate ")));
    rateBox_ = new QSpinBox;
    rateBox_->setRange(1, 100'000);
    rateBox_->setSuffix(tr(" events/s"));
    rateBox_->setValue(int(options_.pipeline.rate));
    rateBox_->setToolTip(tr("How many user actions the simulator sends each second."));
    connect(rateBox_, &QSpinBox::valueChanged, &pipeline_,
            [this](int value) { pipeline_.setRate(value); });
    toolbar->addWidget(rateBox_);
    toolbar->addSeparator();
    const struct {
        Scenario scenario;
        QString label;
        QString tip;
    } attacks[] = {
        {Scenario::Bot, tr("Bot attack"), tr("One account clicks 75 times in a minute.")},
        {Scenario::AccountTakeover, tr("Account takeover"),
         tr("Password guessing from abroad, a successful login, then a large order.")},
        {Scenario::CardTesting, tr("Card testing"),
         tr("A stolen card tried with many tiny purchases.")},
        {Scenario::ImpossibleTravel, tr("Impossible travel"),
         tr("One account on two continents a minute apart.")},
        {Scenario::HighValue, tr("High value"), tr("An order far above the shop's norm.")},
        {Scenario::FlashSale, tr("Flash sale"),
         tr("A legitimate rush of 200 shoppers: it should raise no alert.")},
    };
    for (const auto &attack : attacks) {
        auto *button = new QPushButton(attack.label);
        button->setObjectName(QStringLiteral("scenario_") +
                              QString::fromLatin1(scenarioName(attack.scenario).data()));
        button->setToolTip(attack.tip);
        const Scenario scenario = attack.scenario;
        connect(button, &QPushButton::clicked, this,
                [this, scenario] { pipeline_.injectScenario(scenario); });
        toolbar->addWidget(button);
    }

    auto *central = new QWidget;
    auto *grid = new QGridLayout(central);
    const struct {
        const char *key;
        QString title;
        QString tip;
    } tiles[] = {
        {"events_per_s", tr("Events / s"), tr("User actions counted per second right now.")},
        {"events", tr("Events"), tr("All user actions counted since the start.")},
        {"revenue", tr("Revenue"), tr("Money taken from completed purchases.")},
        {"aov", tr("Avg order value"), tr("Revenue divided by the number of orders.")},
        {"conversion", tr("Conversion"),
         tr("Share of visitors who viewed a page and went on to buy.")},
        {"alerts", tr("Fraud alerts"), tr("Suspicious activity flagged since the start.")},
    };
    int column = 0;
    for (const auto &tile : tiles) {
        auto *widget = new KpiTile(tile.title, tile.tip);
        kpis_.insert(QLatin1String(tile.key), widget);
        grid->addWidget(widget, 0, column++);
    }
    rateChart_ = new EventRateChart;
    alertModel_ = new AlertTableModel(this);
    alertView_ = new QTableView;
    alertView_->setModel(alertModel_);
    alertView_->horizontalHeader()->setStretchLastSection(true);
    // Widths from the longest value each column can hold, so nothing is elided and nothing
    // moves as alerts arrive.
    const QFontMetrics metrics(alertView_->font());
    const std::pair<int, const char *> widest[] = {
        {AlertTableModel::Time, "00:00:00"},
        {AlertTableModel::Severity, "CRITICAL"},
        {AlertTableModel::Rule, "RAPID_LOCATION_CHANGE"},
        {AlertTableModel::User, "user-1000000"},
    };
    for (const auto &[column, sample] : widest) {
        alertView_->horizontalHeader()->resizeSection(
            column, metrics.horizontalAdvance(QLatin1String(sample)) + 24);
    }
    alertView_->verticalHeader()->hide();
    alertView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    // One line per alert, so time, severity, rule and user always fit; the full message and
    // the evidence are in the tooltip.
    alertView_->setWordWrap(false);
    alertView_->setMinimumWidth(620);
    alertView_->setToolTip(tr("Suspicious activity, newest first. Hover a row for the evidence."));
    pipelinePanel_ = new PipelinePanel;

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(rateChart_);
    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(alertView_);
    right->addWidget(pipelinePanel_);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    grid->addWidget(split, 1, 0, 1, column);
    grid->setRowStretch(1, 1);
    setCentralWidget(central);

    brokerStatus_ = new QLabel(tr("Kafka: starting…"));
    statusBar()->addPermanentWidget(brokerStatus_);
    resize(1400, 860);
}

bool MainWindow::startPipeline(QString &error) {
    if (!pipeline_.start(error)) {
        brokerStatus_->setText(tr("Kafka: %1").arg(error));
        return false;
    }
    const QString where = pipeline_.usesEmbeddedBroker() ? tr("embedded broker") : tr("cluster");
    brokerStatus_->setText(
        tr("Kafka: %1 at %2 — connected").arg(where, pipeline_.bootstrapServers()));
    pipelinePanel_->setBroker(pipeline_.bootstrapServers(), pipeline_.usesEmbeddedBroker());
    if (options_.startTraffic) {
        toggleTraffic();
    }
    return true;
}

QString MainWindow::brokerStatusText() const {
    return brokerStatus_->text();
}

KpiTile *MainWindow::kpi(const QString &name) const {
    return kpis_.value(name);
}

void MainWindow::toggleTraffic() {
    trafficRunning_ = !trafficRunning_;
    if (trafficRunning_) {
        pipeline_.startTraffic();
    } else {
        pipeline_.stopTraffic();
    }
    trafficButton_->setText(trafficRunning_ ? tr("Stop traffic") : tr("Start traffic"));
    statusBar()->showMessage(trafficRunning_ ? tr("Traffic started") : tr("Traffic stopped"), 3000);
}

void MainWindow::showAnalytics(const AnalyticsSnapshot &s, const ConsumerStats &stats) {
    kpis_[QStringLiteral("events_per_s")]->setValue(
        QLocale().toString(stats.recentEventsPerSecond, 'f', 0), stats.recentEventsPerSecond);
    kpis_[QStringLiteral("events")]->setValue(QLocale().toString(qulonglong(s.events)),
                                              double(s.events));
    kpis_[QStringLiteral("revenue")]->setValue(
        QString::fromStdString(formatMoney(s.totalRevenueCents())), double(s.totalRevenueCents()));
    kpis_[QStringLiteral("aov")]->setValue(
        QString::fromStdString(formatMoney(s.averageOrderValueCents())),
        double(s.averageOrderValueCents()));
    kpis_[QStringLiteral("conversion")]->setValue(
        QStringLiteral("%1 %").arg(100 * s.conversionRate(), 0, 'f', 1), s.conversionRate());
    rateChart_->showSnapshot(s);
    pipelinePanel_->showConsumer(PipelinePanel::Reader::Analytics, stats);
}

void MainWindow::showFraud(const FraudSnapshot &s, const ConsumerStats &stats) {
    alertModel_->addAlerts(s.newAlerts);
    kpis_[QStringLiteral("alerts")]->setValue(QLocale().toString(qulonglong(s.alertsTotal)),
                                              double(s.alertsTotal));
    pipelinePanel_->showConsumer(PipelinePanel::Reader::Fraud, stats);
}

void MainWindow::showProducer(const ProducerStats &stats) {
    pipelinePanel_->showProducer(stats);
    const QString where = pipeline_.usesEmbeddedBroker() ? tr("embedded broker") : tr("cluster");
    const QString state = stats.state == "unreachable"
                              ? tr("unreachable, %L1 events buffered").arg(stats.buffered)
                              : tr("connected");
    brokerStatus_->setText(
        tr("Kafka: %1 at %2 — %3").arg(where, pipeline_.bootstrapServers(), state));
}

void MainWindow::closeEvent(QCloseEvent *event) {
    statusBar()->showMessage(tr("Stopping: flushing events and committing offsets…"));
    pipeline_.shutdown(2500);
    event->accept();
}

} // namespace trackboard
