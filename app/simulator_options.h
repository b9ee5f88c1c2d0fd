#pragma once

#include "cli_options.h"
#include "pipeline.h"

namespace trackboard {

// The simulator's options shared by `produce` and `demo`: --rate, --seed, --users, --visits,
// --funnel,
// --scenario and --sprinkle.
struct SimulatorCliOptions {
    explicit SimulatorCliOptions(double defaultRate);

    void addTo(QCommandLineParser &parser) const;
    // Fills the pipeline's rate and simulator settings and parses the scenarios; false with a
    // message on a bad value.
    bool read(const QCommandLineParser &parser, Pipeline::Options &options, QString &error);
    // Once traffic runs: sprinkling on, and each --scenario injected at its offset.
    void startScenarios(Pipeline &pipeline) const;

    QCommandLineOption rate;
    QCommandLineOption seed;
    QCommandLineOption users;
    QCommandLineOption visits;
    QCommandLineOption funnel = funnelOption();
    QCommandLineOption scenario = scenarioOption();
    QCommandLineOption sprinkle = sprinkleOption();
    std::vector<ScenarioSpec> scenarios;
    double sprinklePerMinute = 0;
};

} // namespace trackboard
