#pragma once

#include <QObject>

class QSocketNotifier;

namespace trackboard {

// Turns SIGINT and SIGTERM into a Qt signal delivered on the main thread, through a self-pipe,
// because a POSIX signal handler may do almost nothing itself.
class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested();

private:
    QSocketNotifier *notifier_ = nullptr;
};

} // namespace trackboard
