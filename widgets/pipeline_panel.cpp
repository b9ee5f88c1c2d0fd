#include "pipeline_panel.h"

#include <QFormLayout>
#include <QLabel>

namespace trackboard {

PipelinePanel::PipelinePanel(QWidget *parent)
    : QGroupBox(tr("Pipeline health"), parent)
    , broker_(new QLabel)
    , producer_(new QLabel)
    , analytics_(new QLabel)
    , fraud_(new QLabel) {
    auto *form = new QFormLayout(this);
    form->addRow(tr("Kafka"), broker_);
    form->addRow(tr("Simulator"), producer_);
    form->addRow(tr("Analytics"), analytics_);
    form->addRow(tr("Fraud"), fraud_);
    for (QLabel *label : {broker_, producer_, analytics_, fraud_}) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
    }
    broker_->setToolTip(tr("Where the event stream lives and whether we can reach it."));
    producer_->setToolTip(tr("Simulated shoppers: events sent per second, and events still "
                             "waiting to reach Kafka."));
    analytics_->setToolTip(tr("The analytics reader: events read, how far behind it is (lag), "
                              "how old data is when counted (latency), and bad messages set "
                              "aside."));
    fraud_->setToolTip(tr("The fraud reader, which reads the same stream independently."));
}

void PipelinePanel::setBroker(const QString &address, bool embedded) {
    brokerAddress_ = address;
    broker_->setText(QStringLiteral("%1 (%2)").arg(address, embedded ? tr("embedded broker")
                                                                     : tr("external cluster")));
}

void PipelinePanel::showProducer(const ProducerStats &s) {
    QString text = tr("%L1 ev/s · %L2 delivered · %L3 buffered · %4")
                       .arg(s.deliveredPerSecond, 0, 'f', 0)
                       .arg(s.delivered)
                       .arg(s.buffered)
                       .arg(QString::fromStdString(s.state));
    if (s.state == "unreachable") {
        text = tr("⚠ broker unreachable, %L1 events buffered").arg(s.buffered);
    }
    producer_->setText(text);
}

void PipelinePanel::showConsumer(Reader reader, const ConsumerStats &s) {
    const QString text =
        tr("%L1 ev/s · %L2 read · lag %3 · p50 %4 ms · p99 %5 ms · rejected %L6 · skipped %L7 "
           "· %8")
            .arg(s.recentEventsPerSecond, 0, 'f', 0)
            .arg(s.consumed)
            .arg(s.lagMessages < 0 ? tr("?") : QString::number(s.lagMessages))
            .arg(s.recentLatencyP50Ms)
            .arg(s.recentLatencyP99Ms)
            .arg(s.rejected)
            .arg(s.skipped)
            .arg(QString::fromStdString(s.state));
    (reader == Reader::Fraud ? fraud_ : analytics_)->setText(text);
}

QString PipelinePanel::brokerText() const {
    return broker_->text();
}

QString PipelinePanel::producerText() const {
    return producer_->text();
}

QString PipelinePanel::consumerText(Reader reader) const {
    return (reader == Reader::Fraud ? fraud_ : analytics_)->text();
}

} // namespace trackboard
