#include "control_bar.h"
#include "rate_control.h"

#include <QAction>
#include <QButtonGroup>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace trackboard {

ControlBar::ControlBar(int rate, AnalyticsWindow window, QWidget *parent)
    : QToolBar(tr("Controls"), parent)
    , traffic_(new QPushButton(tr("Start traffic")))
    , rate_(new RateControl(rate))
    , windows_(new QButtonGroup(this)) {
    setObjectName(QStringLiteral("controlBar"));
    setMovable(false);
    traffic_->setObjectName(QStringLiteral("trafficButton"));
    traffic_->setToolTip(tr("Start or stop the simulated shoppers (Space)."));
    // As wide as its longer text, so the bar does not shift when it toggles.
    traffic_->setMinimumWidth(
        traffic_->fontMetrics().horizontalAdvance(tr("Start traffic") + QStringLiteral("  ")) + 24);
    connect(traffic_, &QPushButton::clicked, this, &ControlBar::trafficToggled);
    addWidget(traffic_);
    addSeparator();
    addWidget(new QLabel(tr(" Rate ")));
    addWidget(rate_);
    connect(rate_, &RateControl::rateChanged, this, &ControlBar::rateChanged);
    addSeparator();
    auto *windowLabel = new QLabel(tr(" Window "));
    windowLabel->setToolTip(tr("How far back the charts, the funnel and the tiles look."));
    addWidget(windowLabel);
    for (std::size_t i = 0; i + 1 < kAnalyticsWindowCount; ++i) {
        const int minutes = kAnalyticsWindowMinutes[i];
        auto *button = new QToolButton;
        button->setText(tr("%1 min").arg(minutes));
        button->setObjectName(QStringLiteral("window_%1").arg(minutes));
        button->setCheckable(true);
        button->setToolTip(tr("Show the last %n minute(s) of activity.", nullptr, minutes));
        windows_->addButton(button, int(i));
        addWidget(button);
    }
    windows_->setExclusive(true);
    setWindow(window);
    connect(windows_, &QButtonGroup::idClicked, this,
            [this](int id) { emit windowChanged(AnalyticsWindow(id)); });
    addSeparator();

    resetAction = addAction(tr("Reset"));
    resetAction->setObjectName(QStringLiteral("resetAction"));
    resetAction->setToolTip(tr("Stop traffic, clear the alert list and go back to the default "
                               "rate and time window."));
    exportAction = addAction(tr("Export…"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setToolTip(tr("Save the dashboard and every chart as PNG, SVG and PDF, plus "
                                "the figures and alerts as CSV, into a folder (Ctrl+E)."));
    csvAction = new QAction(tr("Export figures and alerts as CSV…"), this);
    copyAction = new QAction(tr("Copy current tab as image"), this);
    copyAction->setShortcut(QKeySequence::Copy);
    settingsAction = addAction(tr("Settings…"));
    settingsAction->setToolTip(tr("Broker, topic, fraud thresholds, refresh rate and theme."));
    darkAction = addAction(tr("Dark"));
    darkAction->setCheckable(true);
    darkAction->setToolTip(tr("Switch between the dark and the light theme."));
    largeTextAction = addAction(tr("Large text"));
    largeTextAction->setCheckable(true);
    largeTextAction->setToolTip(tr("Bigger text for a projector or a large room."));
    fullScreenAction = addAction(tr("Full screen"));
    fullScreenAction->setCheckable(true);
    fullScreenAction->setShortcut(QKeySequence(Qt::Key_F11));
    fullScreenAction->setToolTip(tr("Presentation mode: full screen, menus hidden (F11)."));
}

void ControlBar::setTrafficRunning(bool running) {
    traffic_->setText(running ? tr("Stop traffic") : tr("Start traffic"));
}

void ControlBar::setWindow(AnalyticsWindow window) {
    if (QAbstractButton *button = windows_->button(int(window))) {
        button->setChecked(true);
    }
}

QAbstractButton *ControlBar::windowButton(AnalyticsWindow window) const {
    return windows_->button(int(window));
}

} // namespace trackboard
