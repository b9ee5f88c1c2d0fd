#include "pipeline_panel.h"

#include <QApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>

namespace trackboard {

namespace {
QString lagText(const ConsumerStats &s) {
    const QString messages = s.lagMessages < 0 ? PipelinePanel::tr("? msgs")
                                               : PipelinePanel::tr("%L1 msgs").arg(s.lagMessages);
    const QString seconds = s.lagSeconds < 0
                                ? PipelinePanel::tr("? s")
                                : PipelinePanel::tr("%1 s").arg(s.lagSeconds, 0, 'f', 1);
    return PipelinePanel::tr("lag %1 / %2").arg(messages, seconds);
}
} // namespace

PipelinePanel::PipelinePanel(QWidget *parent)
    : QGroupBox(tr("Pipeline health — behind the scenes"), parent)
    , broker_(new QLabel)
    , producer_(new QLabel(tr("waiting…")))
    , analytics_(new QLabel(tr("waiting…")))
    , fraud_(new QLabel(tr("waiting…")))
    , webHeading_(new QLabel(tr("Web pages → Kafka")))
    , web_(new QLabel) {
    // A distinct panel (see the style sheet): this is the machinery, not the business numbers.
    setObjectName(QStringLiteral("pipelinePanel"));
    // One column per stage of the data flow, left to right as the events travel.
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(8, 4, 8, 4);
    grid->setVerticalSpacing(2);
    const std::pair<QString, QLabel *> stages[] = {{tr("Kafka broker"), broker_},
                                                   {tr("Simulator → Kafka"), producer_},
                                                   {tr("Kafka → analytics"), analytics_},
                                                   {tr("Kafka → fraud detection"), fraud_}};
    int column = 0;
    for (const auto &[title, value] : stages) {
        auto *heading = new QLabel(title);
        heading->setObjectName(QStringLiteral("pipelineHeading"));
        grid->addWidget(heading, 0, column);
        grid->addWidget(value, 1, column, Qt::AlignTop);
        // The consumers' lines are the longest: twice the share, so they do not wrap.
        grid->setColumnStretch(column, column < 2 ? 1 : 2);
        ++column;
    }
    webHeading_->setObjectName(QStringLiteral("pipelineHeading"));
    grid->addWidget(webHeading_, 0, column);
    grid->addWidget(web_, 1, column, Qt::AlignTop);
    // No share of the width until the web collector runs: an empty column of stretch 2 took a
    // sixth of the panel and made the consumers' figures wrap onto five lines.
    grid->setColumnStretch(column, 0);
    webHeading_->hide();
    web_->hide();
    web_->setToolTip(tr("The web collector: visitors seen in the last 5 minutes, events taken "
                        "from web pages, bots dropped, and requests refused because Kafka could "
                        "not keep up."));
    for (QLabel *label : {broker_, producer_, analytics_, fraud_, web_}) {
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        label->setObjectName(QStringLiteral("pipelineValue"));
    }
    applyValueFont();
    broker_->setToolTip(tr("Where the event stream lives and whether we can reach it."));
    producer_->setToolTip(tr("Simulated shoppers: events sent per second, and events still "
                             "waiting to reach Kafka."));
    analytics_->setToolTip(
        tr("The analytics reader. ev/s: events read per second. Lag: events not read yet, and "
           "how old the oldest of them is. p50/p99: how long an event takes from happening to "
           "being counted, for half and for 99 of 100 events. Rejected: malformed events set "
           "aside. Late: too old to count in the time windows. Skipped: events gone before "
           "they were read. Dead-lettered: rejects kept aside for inspection."));
    fraud_->setToolTip(tr("The fraud reader, which reads the same stream independently. The "
                          "figures mean the same as for analytics."));
    setToolTip(tr("Is what you see complete and fresh? The health of the data pipeline."));
}

void PipelinePanel::applyValueFont() {
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // From the application's font: the panel's own keeps the size the style sheet resolved when
    // it was first polished, so it would not follow a switch to large text.
    mono.setPointSizeF(QApplication::font().pointSizeF() * 0.9);
    for (QLabel *label : {broker_, producer_, analytics_, fraud_, web_}) {
        label->setFont(mono);
    }
}

bool PipelinePanel::event(QEvent *event) {
    const bool handled = QGroupBox::event(event);
    if (event->type() == QEvent::ApplicationFontChange) {
        applyValueFont();
    }
    return handled;
}

void PipelinePanel::setBroker(const QString &address, bool embedded) {
    brokerAddress_ = address;
    brokerAddress_.replace(QLatin1Char(','), QStringLiteral(", ")); // lets a long list wrap
    brokerEmbedded_ = embedded;
    renderBroker();
}

void PipelinePanel::showCluster(const ClusterHealth &health) {
    cluster_ = health;
    renderBroker();
}

void PipelinePanel::showConnection(const KafkaConnection &connection) {
    connection_ = connection;
    haveConnection_ = true;
    renderBroker();
}

QString PipelinePanel::brokerState() const {
    if (haveConnection_) {
        using State = KafkaConnection::State;
        switch (connection_.state) {
        case State::Connecting:
            return tr("connecting…");
        case State::Unreachable:
        case State::Refused:
            return tr("%1, %L2 events buffered")
                .arg(QString::fromStdString(connection_.summary()))
                .arg(connection_.buffered);
        case State::Connected:
            return cluster_.known && cluster_.reachable ? QString::fromStdString(cluster_.summary())
                                                        : tr("connected");
        }
    }
    // Never "connected" before a broker has answered, and never while the producer cannot
    // deliver: the producer notices an outage first, the metadata monitor within 2 s.
    if (producerUnreachable_) {
        return tr("unreachable, %L1 events buffered").arg(producerBuffered_);
    }
    if (!cluster_.known && cluster_.error.empty()) {
        return tr("connecting…");
    }
    return QString::fromStdString(cluster_.summary());
}

void PipelinePanel::renderBroker() {
    broker_->setText(QStringLiteral("%1\n%2\n%3")
                         .arg(brokerAddress_,
                              brokerEmbedded_ ? tr("embedded broker") : tr("external cluster"),
                              brokerState()));
    const bool trouble = haveConnection_
                             ? connection_.state == KafkaConnection::State::Unreachable ||
                                   connection_.state == KafkaConnection::State::Refused ||
                                   cluster_.degraded()
                             : producerUnreachable_ || cluster_.degraded() ||
                                   (cluster_.known && !cluster_.reachable);
    broker_->setStyleSheet(trouble ? QStringLiteral("color: #ff6b5b; font-weight: bold")
                                   : QString());
}

void PipelinePanel::showProducer(const ProducerStats &s) {
    const bool unreachable = s.state == "unreachable";
    if (unreachable != producerUnreachable_ || s.buffered != producerBuffered_) {
        producerUnreachable_ = unreachable;
        producerBuffered_ = s.buffered;
        renderBroker();
    }
    if (unreachable) {
        producer_->setText(tr("⚠ broker unreachable, %L1 events buffered").arg(s.buffered));
        producer_->setStyleSheet(QStringLiteral("color: #ff6b5b; font-weight: bold"));
        return;
    }
    QString text = tr("%1 · %L2 ev/s\n%L3 delivered\n%L4 buffered · %L5 waits")
                       .arg(QString::fromStdString(s.state))
                       .arg(s.deliveredPerSecond, 0, 'f', 0)
                       .arg(s.delivered)
                       .arg(s.buffered)
                       .arg(s.backpressureWaits);
    // The consumers set the pace: say so, or a rate below the control's looks like a fault.
    if (s.throttled) {
        text += tr("\nthrottled: consumers %L1 behind · holding %L2 of %L3 ev/s")
                    .arg(s.throttleBehind)
                    .arg(s.deliveredPerSecond, 0, 'f', 0)
                    .arg(s.targetRate, 0, 'f', 0);
    }
    producer_->setText(text);
    producer_->setStyleSheet(QString());
}

void PipelinePanel::showConsumer(Reader reader, const ConsumerStats &s) {
    QString text = tr("%1 · %L2 ev/s · %L3 read\n%4 · p50 %5 ms · p99 %6 ms\n"
                      "rejected %L7 · late %L8 · skipped %L9 · dead-lettered %L10")
                       .arg(QString::fromStdString(s.state))
                       .arg(s.recentEventsPerSecond, 0, 'f', 0)
                       .arg(s.consumed)
                       .arg(lagText(s))
                       .arg(s.recentLatencyP50Ms, 0, 'f', 0)
                       .arg(s.recentLatencyP99Ms, 0, 'f', 0)
                       .arg(s.rejected)
                       .arg(s.late)
                       .arg(s.skipped)
                       .arg(s.deadLettered);
    if (s.skipped > 0) {
        text += tr(" · ⚠ %L1 events skipped").arg(s.skipped);
    }
    if (s.heldPartitions > 0) {
        // A backlog read: the partitions ahead in event time wait for the slowest.
        text += s.heldPartitions == 1
                    ? tr("\n%L1 held in 1 partition running ahead").arg(s.heldMessages)
                    : tr("\n%L1 held in %L2 partitions running ahead")
                          .arg(s.heldMessages)
                          .arg(s.heldPartitions);
    }
    if (!s.lastError.empty()) {
        // "connection refused", not librdkafka's "127.0.0.1:1/bootstrap: Connect to ipv4#…".
        text += QStringLiteral(" · ⚠ ") +
                QString::fromStdString(KafkaConnection::plainReason(s.lastError));
    }
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

void PipelinePanel::showWebCollector(const QString &summary) {
    web_->setText(summary);
    if (web_->isHidden()) {
        auto *grid = static_cast<QGridLayout *>(layout());
        grid->setColumnStretch(grid->columnCount() - 1, 2);
    }
    webHeading_->show();
    web_->show();
}

QString PipelinePanel::webCollectorText() const {
    return web_->text();
}

} // namespace trackboard
