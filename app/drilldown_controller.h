#pragma once

#include "alert.h"

#include <QObject>

class QWidget;

namespace trackboard {

class AlertPanel;
class Pipeline;
class UserDrilldown;

// Opens the user drill-down from the alert list and keeps it fed: every refresh the dialog asks
// for goes to the pipeline's fraud workers, and their answer, a UserProfile taken from their
// own state, comes back to the dialog. The window keeps no copy of a user's activity.
class DrilldownController : public QObject {
    Q_OBJECT
public:
    DrilldownController(Pipeline &pipeline, AlertPanel *alerts, QWidget *window);

    // Shows `userId` in the one drill-down dialog (created on first use, not modal), raised.
    void open(const QString &userId, const Alert &alert = {});
    // Null until the first open().
    UserDrilldown *dialog() const { return dialog_; }

private:
    Pipeline &pipeline_;
    QWidget *window_;
    UserDrilldown *dialog_ = nullptr;
};

} // namespace trackboard
