#include "scenario_bar.h"

#include <QLabel>
#include <QPushButton>

namespace trackboard {

ScenarioBar::ScenarioBar(QWidget *parent)
    : QToolBar(tr("Scenarios"), parent) {
    setObjectName(QStringLiteral("scenarioBar"));
    setMovable(false);
    auto *label = new QLabel(tr(" Trigger: "));
    label->setToolTip(tr("Make something happen in the simulated shop and watch the dashboard "
                         "react."));
    addWidget(label);
    const struct {
        Scenario scenario;
        QString label;
        QString tip;
    } attacks[] = {
        {Scenario::Bot, tr("Bot attack"), tr("One account clicks 75 times in a minute.")},
        {Scenario::AccountTakeover, tr("Account takeover"),
         tr("Password guessing from abroad, a successful login, then a large order.")},
        {Scenario::CardTesting, tr("Card testing"),
         tr("A stolen card tried with many tiny purchases.")},
        {Scenario::ImpossibleTravel, tr("Impossible travel"),
         tr("One account on two continents a minute apart.")},
        {Scenario::HighValue, tr("High value"), tr("An order far above the shop's norm.")},
        {Scenario::FlashSale, tr("Flash sale"),
         tr("A legitimate rush of 200 shoppers: it should raise no alert.")},
    };
    for (const auto &attack : attacks) {
        auto *button = new QPushButton(attack.label);
        button->setObjectName(QStringLiteral("scenario_") +
                              QString::fromLatin1(scenarioName(attack.scenario).data()));
        button->setToolTip(attack.tip);
        const Scenario scenario = attack.scenario;
        connect(button, &QPushButton::clicked, this,
                [this, scenario] { emit scenarioRequested(scenario); });
        addWidget(button);
    }
}

QString injectionMessage(const std::vector<GroundTruth> &entries) {
    if (entries.empty()) {
        return {};
    }
    const auto name = scenarioName(entries.front().scenario);
    return ScenarioBar::tr("Injected %1 on %2%3")
        .arg(QString::fromLatin1(name.data(), qsizetype(name.size())),
             QString::fromStdString(entries.front().userId),
             entries.size() > 1 ? ScenarioBar::tr(" and %1 more").arg(entries.size() - 1)
                                : QString());
}

} // namespace trackboard
