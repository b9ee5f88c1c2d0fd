#pragma once

#include "kafka_connection.h"

#include <QFrame>

class QLabel;

namespace trackboard {

// A full-width strip at the top of the dashboard that says, in large type, when events are not
// reaching Kafka: "Kafka unreachable: 12,345 events buffered, nothing lost" in red, then the
// catch-up in green once it is back. It sits inside the dashboard, not in the status bar, so
// that full screen shows it too. Hidden while all is well.
class KafkaBanner : public QFrame {
    Q_OBJECT
public:
    explicit KafkaBanner(QWidget *parent = nullptr);

    void showConnection(const KafkaConnection &connection);
    QString title() const;
    QString detail() const;
    enum class Tone { None, Waiting, Trouble, Recovery };
    Tone tone() const { return tone_; }

private:
    void setTone(Tone tone);

    QLabel *title_;
    QLabel *detail_;
    Tone tone_ = Tone::None;
};

} // namespace trackboard
