#pragma once

#include "analytics_snapshot.h"

#include <QToolBar>

class QAbstractButton;
class QAction;
class QButtonGroup;
class QPushButton;

namespace trackboard {

class RateControl;

// The presenter's controls: start/stop, rate, time window, reset, and the dashboard's actions
// (export, copy, settings, theme, larger text, full screen). It only emits what was asked for.
class ControlBar : public QToolBar {
    Q_OBJECT
public:
    ControlBar(int rate, AnalyticsWindow window, QWidget *parent = nullptr);

    void setTrafficRunning(bool running);
    void setWindow(AnalyticsWindow window);
    QPushButton *trafficButton() const { return traffic_; }
    RateControl *rateControl() const { return rate_; }
    QAbstractButton *windowButton(AnalyticsWindow window) const;

    QAction *exportAction = nullptr;
    QAction *csvAction = nullptr;
    QAction *copyAction = nullptr;
    QAction *settingsAction = nullptr;
    QAction *darkAction = nullptr;
    QAction *largeTextAction = nullptr;
    QAction *fullScreenAction = nullptr;
    QAction *resetAction = nullptr;

signals:
    void trafficToggled();
    void rateChanged(int rate);
    void windowChanged(trackboard::AnalyticsWindow window);

private:
    QPushButton *traffic_;
    RateControl *rate_;
    QButtonGroup *windows_;
};

} // namespace trackboard
