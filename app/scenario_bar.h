#pragma once

#include "scenario.h"

#include <QToolBar>

namespace trackboard {

// One button per attack (and the legitimate flash sale), explained in plain words.
class ScenarioBar : public QToolBar {
    Q_OBJECT
public:
    explicit ScenarioBar(QWidget *parent = nullptr);

signals:
    void scenarioRequested(trackboard::Scenario scenario);
};

} // namespace trackboard
