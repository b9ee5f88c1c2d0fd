#include "outage_button.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>

namespace trackboard {

namespace {
const char *const kIdleTip =
    QT_TRANSLATE_NOOP("OutageButton", "Takes the embedded Kafka broker down for the seconds "
                                      "chosen, as if it crashed. The simulator keeps producing: "
                                      "its events wait in the producer's buffer and go out, in "
                                      "order, when the broker is back. Nothing is lost.");
}

OutageButton::OutageButton(QWidget *parent)
    : QWidget(parent)
    , button_(new QPushButton(tr("Simulate Kafka outage")))
    , seconds_(new QSpinBox) {
    button_->setObjectName(QStringLiteral("simulateOutage"));
    // Kept out of the Space shortcut's way: Space toggles traffic, never this.
    button_->setFocusPolicy(Qt::TabFocus);
    seconds_->setRange(1, 300);
    seconds_->setValue(10);
    seconds_->setSuffix(tr(" s"));
    seconds_->setToolTip(tr("How long the broker stays down"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(button_);
    layout->addWidget(seconds_);
    button_->setToolTip(tr(kIdleTip));
    connect(button_, &QPushButton::clicked, this, [this] {
        if (running_) {
            emit endRequested();
        } else {
            emit outageRequested(seconds_->value());
        }
    });
}

void OutageButton::setExternalCluster(const QString &brokers) {
    available_ = false;
    button_->setEnabled(false);
    seconds_->setEnabled(false);
    // Qt shows tooltips on disabled widgets too, so the reason is one hover away.
    const QString why = tr("Unavailable: Trackboard uses the Kafka cluster at %1 (--brokers), "
                           "which it cannot take down. Stop one of its brokers to show an "
                           "outage, or start Trackboard without --brokers to use its embedded "
                           "broker.")
                            .arg(brokers);
    button_->setToolTip(why);
    seconds_->setToolTip(why);
}

void OutageButton::showConnection(const KafkaConnection &c) {
    if (!available_) {
        return;
    }
    running_ = c.simulatedOutage;
    seconds_->setEnabled(!running_);
    button_->setText(running_ ? tr("End outage now (%1 s left)").arg(c.outageSecondsLeft)
                              : tr("Simulate Kafka outage"));
}

} // namespace trackboard
