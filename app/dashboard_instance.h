#pragma once

#include <QLockFile>
#include <QString>

#include <functional>
#include <memory>

namespace trackboard {

// One interactive dashboard per user session, unless the user asks for another: each dashboard
// runs its own embedded broker and simulator, so a second one started by a double click shows
// different figures with nothing to say why. Headless subcommands and `snapshot` never take it.
class DashboardInstance {
public:
    // Asked when another dashboard holds the lock: its process id; true opens this one anyway.
    using AskOpenAnother = std::function<bool(qint64 otherPid)>;

    // The lock at `lockPath` (default: in the user's runtime folder), kept while the returned
    // object lives. nullptr when the user declined to open a second dashboard.
    static std::unique_ptr<QLockFile> acquire(const AskOpenAnother &ask,
                                              const QString &lockPath = defaultLockPath());
    static QString defaultLockPath();
    // The question as a dialog.
    static bool askWithDialog(qint64 otherPid);
};

} // namespace trackboard
