#include "simulator_options.h"

#include <QTimer>

namespace trackboard {

SimulatorCliOptions::SimulatorCliOptions(double defaultRate)
    : rate(QStringLiteral("rate"),
           QStringLiteral("Events per second (default: %1).").arg(defaultRate), QStringLiteral("n"),
           QString::number(defaultRate))
    , seed(QStringLiteral("seed"), QStringLiteral("Simulator seed (default: 42)."),
           QStringLiteral("n"), QStringLiteral("42"))
    , users(QStringLiteral("users"), QStringLiteral("Simulated users (default: 5000)."),
            QStringLiteral("n"), QStringLiteral("5000"))
    , visits(QStringLiteral("visits"),
             QStringLiteral("Visits open at once (default: 0, the rate times 8 s of think time). "
                            "Fixed, it gives one shop's traffic at any pace."),
             QStringLiteral("n"), QStringLiteral("0")) {}

void SimulatorCliOptions::addTo(QCommandLineParser &parser) const {
    for (const auto *option : {&rate, &seed, &users, &visits, &funnel, &scenario, &sprinkle}) {
        parser.addOption(*option);
    }
}

bool SimulatorCliOptions::read(const QCommandLineParser &parser, Pipeline::Options &options,
                               QString &error) {
    if (!parseScenarioSpecs(parser.values(scenario), scenarios, error)) {
        return false;
    }
    if (parser.isSet(funnel) && !parseFunnel(parser.value(funnel), options.simulator, error)) {
        return false;
    }
    options.rate = positiveNumber(parser, rate);
    options.simulator.seed = parser.value(seed).toULongLong();
    options.simulator.users = int(positiveNumber(parser, users));
    bool ok = false;
    const int openVisits = parser.value(visits).toInt(&ok);
    if (!ok || openVisits < 0 || openVisits > Simulator::kMaxUsers) {
        error = QStringLiteral("--visits expects a whole number from 0 to %1, not '%2'")
                    .arg(Simulator::kMaxUsers)
                    .arg(parser.value(visits));
        return false;
    }
    options.simulator.visits = openVisits;
    sprinklePerMinute = parser.value(sprinkle).toDouble();
    return true;
}

void SimulatorCliOptions::startScenarios(Pipeline &pipeline) const {
    pipeline.setSprinkleRate(sprinklePerMinute);
    for (const ScenarioSpec &spec : scenarios) {
        QTimer::singleShot(int(spec.atSeconds * 1000), &pipeline,
                           [&pipeline, spec] { pipeline.injectScenario(spec.scenario); });
    }
}

} // namespace trackboard
