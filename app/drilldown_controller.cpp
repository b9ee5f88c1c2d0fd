#include "drilldown_controller.h"
#include "alert_panel.h"
#include "pipeline.h"
#include "user_drilldown.h"

namespace trackboard {

DrilldownController::DrilldownController(Pipeline &pipeline, AlertPanel *alerts, QWidget *window)
    : QObject(window)
    , pipeline_(pipeline)
    , window_(window) {
    connect(alerts, &AlertPanel::userActivated, this,
            [this](const Alert &alert) { open(QString::fromStdString(alert.userId), alert); });
}

void DrilldownController::open(const QString &userId, const Alert &alert) {
    if (dialog_ == nullptr) {
        dialog_ = new UserDrilldown(window_);
        connect(dialog_, &UserDrilldown::refreshRequested, &pipeline_,
                &Pipeline::requestUserProfile);
        connect(&pipeline_, &Pipeline::userProfile, dialog_, &UserDrilldown::showProfile);
    }
    dialog_->showUser(userId, alert);
    dialog_->show();
    dialog_->raise();
    dialog_->activateWindow();
}

} // namespace trackboard
