#include "dashboard_instance.h"

#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

namespace trackboard {

QString DashboardInstance::defaultLockPath() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty()) {
        dir = QDir::tempPath();
    }
    return QDir(dir).filePath(QStringLiteral("trackboard-dashboard.lock"));
}

std::unique_ptr<QLockFile> DashboardInstance::acquire(const AskOpenAnother &ask,
                                                      const QString &lockPath) {
    auto lock = std::make_unique<QLockFile>(lockPath);
    // Only a live process holds it: the lock of a dashboard that crashed is taken over, however
    // recent.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        return lock;
    }
    qint64 pid = 0;
    QString host;
    QString application;
    if (lock->error() == QLockFile::LockFailedError &&
        lock->getLockInfo(&pid, &host, &application) && !ask(pid)) {
        return nullptr;
    }
    // Opened anyway, or the lock folder is unusable (read-only, full): neither stops the user.
    return lock;
}

bool DashboardInstance::askWithDialog(qint64 otherPid) {
    QMessageBox box(QMessageBox::Question, QObject::tr("Trackboard is already open"),
                    QObject::tr("Another Trackboard dashboard is running (process %1).\n\n"
                                "Each dashboard runs its own embedded Kafka and simulated "
                                "shoppers, so a second one shows different figures. Switch to "
                                "the open window, or open a second dashboard anyway.")
                        .arg(otherPid));
    QPushButton *open = box.addButton(QObject::tr("Open another"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == open;
}

} // namespace trackboard
