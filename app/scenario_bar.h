#pragma once

#include "scenario.h"

#include <QToolBar>

#include <vector>

namespace trackboard {

// One button per attack (and the legitimate flash sale), explained in plain words.
class ScenarioBar : public QToolBar {
    Q_OBJECT
public:
    explicit ScenarioBar(QWidget *parent = nullptr);

signals:
    void scenarioRequested(trackboard::Scenario scenario);
};

// "Injected bot on user-42 and 2 more", for the status bar.
QString injectionMessage(const std::vector<GroundTruth> &entries);

} // namespace trackboard
