#pragma once

#include "kafka_connection.h"

#include <QWidget>

class QPushButton;
class QSpinBox;

namespace trackboard {

// "Simulate Kafka outage" for N seconds (10 by default), for the demo guide's question "what if
// Kafka goes down?". While the outage runs the button ends it early. It only asks; the pipeline
// takes the broker down and says when it is back.
class OutageButton : public QWidget {
    Q_OBJECT
public:
    explicit OutageButton(QWidget *parent = nullptr);

    // Against an external cluster there is no broker of ours to take down: disabled, and the
    // tooltip says why.
    void setExternalCluster(const QString &brokers);
    void showConnection(const KafkaConnection &connection);
    QPushButton *button() const { return button_; }
    QSpinBox *secondsBox() const { return seconds_; }

signals:
    void outageRequested(int seconds);
    void endRequested();

private:
    QPushButton *button_;
    QSpinBox *seconds_;
    bool available_ = true;
    bool running_ = false;
};

} // namespace trackboard
