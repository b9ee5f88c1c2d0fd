#pragma once

#include "cluster_health.h"
#include "consumer_stats.h"
#include "kafka_connection.h"
#include "producer_stats.h"

#include <QGroupBox>

class QLabel;

namespace trackboard {

// Pipeline health beside the business charts: is the data the audience sees complete and
// fresh? Producer throughput, each consumer group's lag, latency and rejects, broker state.
class PipelinePanel : public QGroupBox {
    Q_OBJECT
public:
    explicit PipelinePanel(QWidget *parent = nullptr);

    void setBroker(const QString &address, bool embedded);
    void showProducer(const ProducerStats &stats);
    // The cluster's metadata: brokers up, partitions under-replicated or without a leader.
    void showCluster(const ClusterHealth &health);
    // The pipeline's verdict on the link (KafkaConnectionTracker): once given, it decides
    // whether the broker column says connected, connecting or unreachable.
    void showConnection(const KafkaConnection &connection);
    // "connecting…", "3 brokers, 6 partitions fully replicated", "DEGRADED: …" or
    // "unreachable, N events buffered": what the broker column and the status bar say.
    QString brokerState() const;
    enum class Reader { Analytics, Fraud };
    void showConsumer(Reader reader, const ConsumerStats &stats);
    QString brokerText() const;
    QString producerText() const;
    QString consumerText(Reader reader) const;
    // The web collector's column, hidden until the dashboard runs one.
    void showWebCollector(const QString &summary);
    QString webCollectorText() const;

protected:
    // The figures' fixed-width font follows the application's (the presentation font scale).
    bool event(QEvent *event) override;

private:
    void applyValueFont();
    void renderBroker();

    QLabel *broker_;
    QLabel *producer_;
    QLabel *analytics_;
    QLabel *fraud_;
    QLabel *webHeading_;
    QLabel *web_;
    QString brokerAddress_;
    bool brokerEmbedded_ = true;
    ClusterHealth cluster_;
    KafkaConnection connection_;
    bool haveConnection_ = false;
    bool producerUnreachable_ = false;
    std::uint64_t producerBuffered_ = 0;
};

} // namespace trackboard
