#pragma once

#include "alert_deduplicator.h"
#include "dashboard_settings.h"
#include "pipeline.h"
#include "web_collector_runner.h"

#include <QMainWindow>
#include <QTimer>

class QLabel;
class QPushButton;
class QSpinBox;

namespace trackboard {

class AlertPanel;
class AlertTableModel;
class AttackStrip;
class BusinessView;
class ControlBar;
class DrilldownController;
class EventRateChart;
class KafkaBanner;
class KpiRow;
class KpiTile;
class OutageButton;
class PipelinePanel;
class RateControl;

// Wires the pipeline's snapshots to the dashboard's views and the presenter's controls to the
// pipeline. It computes nothing itself. Snapshots are coalesced: whatever arrives, the views
// redraw at most once per refresh interval (100 ms by default).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        Pipeline::Options pipeline;
        bool startTraffic = true;
        DashboardSettings settings;
        bool saveSettings = false; // write changes made in the window to QSettings
        // Closing with events buffered for an unreachable Kafka asks first, and events lost in
        // the shutdown are reported in a dialog. Off by default so that tests never block.
        bool askBeforeQuit = false;
        // Reset from the toolbar asks first: it wipes every figure and alert. Off for tests.
        bool askBeforeReset = false;
    };
    explicit MainWindow(Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the broker and workers; false with a message when Kafka cannot be set up.
    bool startPipeline(QString &error);
    bool trafficRunning() const { return trafficRunning_; }
    void injectScenario(Scenario scenario);
    void setAnalyticsWindow(AnalyticsWindow window);
    void applySettings(const DashboardSettings &settings);
    const DashboardSettings &settings() const { return options_.settings; }
    // Every view redrawn from the latest snapshots, hidden tabs included, then written to `dir`.
    bool exportTo(const QString &dir, int dashboardFormats, int chartFormats, qreal scale,
                  QStringList &written, QString &error);
    // The aggregates and alert list as CSV files in `dir`.
    bool exportCsv(const QString &dir, QStringList &written, QString &error);

    // For tests and screenshots.
    QWidget *dashboard() const { return centralWidget(); }
    QPushButton *trafficButton() const;
    RateControl *rateControl() const;
    QSpinBox *rateBox() const;
    ControlBar *controls() const { return controls_; }
    KpiTile *kpi(const QString &name) const;
    BusinessView *business() const { return business_; }
    EventRateChart *rateChart() const;
    AlertTableModel *alertModel() const { return alertModel_; }
    AlertPanel *alertPanel() const { return alertPanel_; }
    DrilldownController *drilldown() const { return drilldown_; }
    PipelinePanel *pipelinePanel() const { return pipelinePanel_; }
    KafkaBanner *kafkaBanner() const { return kafkaBanner_; }
    AttackStrip *attackStrip() const { return attackStrip_; }
    OutageButton *outageButton() const { return outage_; }
    void setAskBeforeQuit(bool ask) { options_.askBeforeQuit = ask; }
    void setAskBeforeReset(bool ask) { options_.askBeforeReset = ask; }
    Pipeline &pipeline() { return pipeline_; }
    QString brokerStatusText() const;
    int renderCount() const { return renders_; }

public slots:
    void toggleTraffic();
    void reset();
    // Reset, after a confirmation when askBeforeReset is on: true when it was done.
    bool confirmAndReset();
    void setPresentationMode(bool on);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void showAnalytics(const AnalyticsSnapshot &snapshot);
    void showFraud(const FraudSnapshot &snapshot, const ConsumerStats &stats);
    void showBrokerStatus();
    void showConnection(const KafkaConnection &connection);
    void showProducer(const ProducerStats &stats);
    void showReadingCheckpoints(bool reading);
    void render();
    void showKpis();
    void exportWithDialog();
    void exportCsvWithDialog();
    void openSettings();
    void saveSettings();
    void setTheme(bool dark, bool largeText);

    Options options_;
    Pipeline pipeline_;
    WebCollectorRunner webCollector_;
    bool trafficRunning_ = false;
    ControlBar *controls_ = nullptr;
    KpiRow *kpis_ = nullptr;
    BusinessView *business_ = nullptr;
    AlertTableModel *alertModel_ = nullptr;
    // An event processed again after a partition changed hands raises the same alert_id.
    AlertDeduplicator alertRepeats_;
    AlertPanel *alertPanel_ = nullptr;
    DrilldownController *drilldown_ = nullptr;
    PipelinePanel *pipelinePanel_ = nullptr;
    QLabel *brokerStatus_ = nullptr;
    KafkaBanner *kafkaBanner_ = nullptr;
    AttackStrip *attackStrip_ = nullptr;
    OutageButton *outage_ = nullptr;
    QTimer renderTimer_;
    AnalyticsSnapshot latest_;
    ConsumerStats latestStats_;
    bool pending_ = false;
    int renders_ = 0;
};

} // namespace trackboard
