#include "quit_guard.h"

#include <QMessageBox>
#include <QObject>
#include <QPushButton>

namespace trackboard::QuitGuard {

bool confirm(QWidget *parent, const KafkaConnection &connection) {
    if (connection.buffered == 0 || connection.state == KafkaConnection::State::Connected) {
        return true;
    }
    QMessageBox box(QMessageBox::Warning, QObject::tr("Events not yet in Kafka"),
                    QObject::tr("%L1 events not yet delivered to Kafka").arg(connection.buffered),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("quitWithBufferedEvents"));
    box.setInformativeText(
        QObject::tr("Kafka is %1. Quitting now loses these events. If you wait, they are "
                    "delivered as soon as a broker answers, and the banner says when.")
            .arg(QString::fromStdString(connection.summary())));
    QPushButton *wait = box.addButton(QObject::tr("Wait for Kafka"), QMessageBox::RejectRole);
    box.addButton(QObject::tr("Quit anyway"), QMessageBox::DestructiveRole);
    box.setDefaultButton(wait);
    box.exec();
    return box.clickedButton() != wait;
}

void reportLost(QWidget *parent, std::uint64_t lost) {
    QMessageBox box(QMessageBox::Critical, QObject::tr("Events lost"),
                    QObject::tr("%L1 events were never delivered to Kafka").arg(lost),
                    QMessageBox::Ok, parent);
    box.setObjectName(QStringLiteral("eventsLostAtQuit"));
    box.setInformativeText(QObject::tr("They were still in the producer's buffer when the "
                                       "shutdown's flush ran out of time."));
    box.exec();
}

} // namespace trackboard::QuitGuard
