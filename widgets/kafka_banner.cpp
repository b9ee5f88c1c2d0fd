#include "kafka_banner.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace trackboard {

namespace {
QString lostText(std::uint64_t lost) {
    return lost == 0 ? KafkaBanner::tr("nothing lost") : KafkaBanner::tr("%L1 lost").arg(lost);
}

QString seconds(std::int64_t ms) {
    return KafkaBanner::tr("%1 s").arg((ms + 500) / 1000);
}
} // namespace

KafkaBanner::KafkaBanner(QWidget *parent)
    : QFrame(parent)
    , title_(new QLabel)
    , detail_(new QLabel) {
    setObjectName(QStringLiteral("kafkaBanner"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->setSpacing(2);
    layout->addWidget(title_);
    layout->addWidget(detail_);
    for (QLabel *label : {title_, detail_}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    title_->setObjectName(QStringLiteral("kafkaBannerTitle"));
    setToolTip(tr("Events that cannot reach Kafka wait in the producer's buffer and are sent, in "
                  "order, as soon as a broker answers again. None is dropped."));
    hide();
}

void KafkaBanner::showConnection(const KafkaConnection &c) {
    using State = KafkaConnection::State;
    const QString reason = QString::fromStdString(c.reason);
    if (c.state == State::Unreachable) {
        setTone(Tone::Trouble);
        title_->setText(
            tr("Kafka unreachable: %L1 events buffered, %2").arg(c.buffered).arg(lostText(c.lost)));
        detail_->setText(tr("%1 · down for %2").arg(reason, seconds(c.outageMs)));
    } else if (c.state == State::Refused) {
        setTone(Tone::Trouble);
        title_->setText(tr("Kafka refused the connection: %L1 events buffered, %2")
                            .arg(c.buffered)
                            .arg(lostText(c.lost)));
        detail_->setText(reason);
    } else if (c.recovering) {
        setTone(Tone::Recovery);
        title_->setText(tr("Kafka is back: catching up, %L1 of %L2 buffered events delivered")
                            .arg(c.caughtUp)
                            .arg(c.backlog));
        detail_->setText(
            tr("after %1 down · lost %L2").arg(seconds(c.outageMs)).arg(c.lostInOutage));
    } else if (c.recovered) {
        setTone(Tone::Recovery);
        title_->setText(tr("Kafka is back: all %L1 buffered events delivered, lost %L2")
                            .arg(c.backlog)
                            .arg(c.lostInOutage));
        detail_->setText(
            tr("after %1 down; the readers catch up next (lag, below)").arg(seconds(c.outageMs)));
    } else if (c.state == State::Connecting) {
        setTone(Tone::Waiting);
        title_->setText(tr("Connecting to Kafka…"));
        detail_->setText(tr("no broker has answered yet"));
    } else {
        setTone(Tone::None);
    }
}

void KafkaBanner::setTone(Tone tone) {
    // Its own colours in both themes: it must read as an alarm (or an all-clear) from the back
    // of the room. The type follows the application font, so large text scales it.
    QFont big = QApplication::font();
    big.setPointSizeF(big.pointSizeF() * 1.45);
    big.setBold(true);
    title_->setFont(big);
    if (tone == tone_) {
        return;
    }
    tone_ = tone;
    setVisible(tone != Tone::None);
    const char *colours = tone == Tone::Trouble    ? "background: #c62828; color: white;"
                          : tone == Tone::Recovery ? "background: #2e7d32; color: white;"
                                                   : "background: #f9a825; color: black;";
    setStyleSheet(QStringLiteral("QFrame#kafkaBanner { %1 border-radius: 4px; }"
                                 " QFrame#kafkaBanner QLabel { %1 }")
                      .arg(QLatin1String(colours)));
}

QString KafkaBanner::title() const {
    return tone_ != Tone::None ? title_->text() : QString();
}

QString KafkaBanner::detail() const {
    return tone_ != Tone::None ? detail_->text() : QString();
}

} // namespace trackboard
