#pragma once

#include "consumer_stats.h"
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
    enum class Reader { Analytics, Fraud };
    void showConsumer(Reader reader, const ConsumerStats &stats);
    QString brokerText() const;
    QString producerText() const;
    QString consumerText(Reader reader) const;

private:
    void showBrokerState(const QString &state);

    QLabel *broker_;
    QLabel *producer_;
    QLabel *analytics_;
    QLabel *fraud_;
    QString brokerAddress_;
    bool brokerEmbedded_ = true;
};

} // namespace trackboard
