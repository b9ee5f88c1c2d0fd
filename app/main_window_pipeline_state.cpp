// MainWindow's view of the pipeline's health: the pipeline panel, the Kafka banner, the outage
// button and the status bar, as the pipeline reports its connection, producer and readers.
#include "kafka_banner.h"
#include "main_window.h"
#include "outage_button.h"
#include "pipeline_panel.h"

#include <QLabel>
#include <QStatusBar>

namespace trackboard {

void MainWindow::showReadingCheckpoints(bool reading) {
    // Against a cluster, a new assignment makes the analytics group read its state topic
    // before it counts anything (up to 30 s when the topic is large). No snapshot comes
    // meanwhile: the status bar says why; the panel shows the state from the stats.
    const QString message =
        tr("Analytics is reading its checkpoints from %1; its figures resume when the read ends")
            .arg(QString::fromStdString(options_.pipeline.analyticsState.stateTopic));
    if (!reading) {
        if (statusBar()->currentMessage() == message) {
            statusBar()->clearMessage();
        }
        return;
    }
    statusBar()->showMessage(message);
}

void MainWindow::showProducer(const ProducerStats &stats) {
    pipelinePanel_->showProducer(stats);
    showBrokerStatus();
}

void MainWindow::showConnection(const KafkaConnection &connection) {
    kafkaBanner_->showConnection(connection);
    outage_->showConnection(connection);
    pipelinePanel_->showConnection(connection);
    showBrokerStatus();
}

void MainWindow::showBrokerStatus() {
    const QString where = pipeline_.usesEmbeddedBroker() ? tr("embedded broker") : tr("cluster");
    brokerStatus_->setText(
        tr("Kafka: %1 at %2 — %3")
            .arg(where, pipeline_.bootstrapServers(), pipelinePanel_->brokerState()));
}

} // namespace trackboard
