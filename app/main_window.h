#pragma once

#include "pipeline.h"

#include <QMainWindow>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace trackboard {

class AlertTableModel;
class EventRateChart;
class KpiTile;
class PipelinePanel;

// Wires the pipeline's snapshots to the dashboard's views and the presenter's controls to the
// pipeline. It computes nothing itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        Pipeline::Options pipeline;
        bool startTraffic = true;
    };
    explicit MainWindow(Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the broker and workers; false with a message when Kafka cannot be set up.
    bool startPipeline(QString &error);
    bool trafficRunning() const { return trafficRunning_; }

    // For tests and screenshots.
    QPushButton *trafficButton() const { return trafficButton_; }
    QSpinBox *rateBox() const { return rateBox_; }
    KpiTile *kpi(const QString &name) const;
    EventRateChart *rateChart() const { return rateChart_; }
    AlertTableModel *alertModel() const { return alertModel_; }
    PipelinePanel *pipelinePanel() const { return pipelinePanel_; }
    QString brokerStatusText() const;

public slots:
    void toggleTraffic();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void showAnalytics(const AnalyticsSnapshot &snapshot, const ConsumerStats &stats);
    void showFraud(const FraudSnapshot &snapshot, const ConsumerStats &stats);
    void showProducer(const ProducerStats &stats);

    Options options_;
    Pipeline pipeline_;
    bool trafficRunning_ = false;
    std::uint64_t openAlerts_ = 0;
    QPushButton *trafficButton_ = nullptr;
    QSpinBox *rateBox_ = nullptr;
    QMap<QString, KpiTile *> kpis_;
    EventRateChart *rateChart_ = nullptr;
    AlertTableModel *alertModel_ = nullptr;
    QTableView *alertView_ = nullptr;
    PipelinePanel *pipelinePanel_ = nullptr;
    QLabel *brokerStatus_ = nullptr;
};

} // namespace trackboard
