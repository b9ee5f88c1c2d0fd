#include "theme.h"

#include <QApplication>
#include <QFile>
#include <QIcon>

namespace trackboard {

void applyTheme() {
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/trackboard/trackboard.svg")));
    QFile theme(QStringLiteral(":/trackboard/theme.qss"));
    if (theme.open(QIODevice::ReadOnly)) {
        qApp->setStyleSheet(QString::fromUtf8(theme.readAll()));
    }
}

} // namespace trackboard
