// The fraud engine graded against the simulator's answer key, without Kafka: the producer's
// virtual clock (event i at start + i / rate), injected events first as the producer sends
// them, every event through one FraudDetector at default thresholds. Prints one JSON object:
// severe alerts on innocent users per 100k events, per-rule counts and, with attacks
// sprinkled, recall and median seconds into each attack. Millions of events take seconds,
// where `trackboard demo` would take minutes of wall time for the same figure.
//
//   bench_fraud_quality [events=1000000] [rate=2000] [sprinkle_per_minute=0] [seed=42]
#include "fraud_detector.h"
#include "fraud_quality.h"
#include "simulator.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace trackboard;

int main(int argc, char **argv) {
    const auto arg = [&](int i, double fallback) {
        return argc > i ? std::strtod(argv[i], nullptr) : fallback;
    };
    const auto events = static_cast<std::uint64_t>(arg(1, 1e6));
    const double rate = arg(2, 2000);
    const double sprinkle = arg(3, 0);
    SimulatorConfig config;
    config.seed = static_cast<std::uint64_t>(arg(4, 42));
    config.eventIdSeed = 1;

    Simulator sim(config);
    sim.setTargetSessions(static_cast<int>(std::ceil(rate * 8.0))); // the producer's think time
    sim.setSprinkleRate(sprinkle);
    FraudDetector detector;
    std::vector<Alert> alerts;
    constexpr std::int64_t kStart = 1'767'225'600'000; // 2026-01-01T00:00:00Z
    std::uint64_t produced = 0;
    Event e;
    const auto now = [&] {
        return kStart + static_cast<std::int64_t>(double(produced) * 1000.0 / rate);
    };
    while (produced < events) {
        while (sim.nextInjected(now(), e)) {
            ++produced;
            detector.apply(e, e.timestampMs, alerts);
        }
        sim.next(now(), e);
        ++produced;
        detector.apply(e, e.timestampMs, alerts);
    }

    const FraudQuality q = evaluateFraudQuality(sim.groundTruth(), alerts, produced);
    std::printf("{\"events\": %llu, \"rate\": %g, \"sprinkle_per_minute\": %g, \"seed\": %llu,\n",
                static_cast<unsigned long long>(produced), rate, sprinkle,
                static_cast<unsigned long long>(config.seed));
    std::printf(" \"severe_alerts_on_innocent_users\": %llu, "
                "\"severe_alerts_on_innocent_per_100k\": %.3f,\n \"rules\": {",
                static_cast<unsigned long long>(q.severeOnInnocent), q.severeOnInnocentPer100k);
    for (std::size_t i = 0; i < q.rules.size(); ++i) {
        const RuleQuality &r = q.rules[i];
        std::printf("%s\n  \"%s\": {\"true_positives\": %llu, \"false_positives\": %llu}",
                    i ? "," : "", r.rule.c_str(), static_cast<unsigned long long>(r.truePositives),
                    static_cast<unsigned long long>(r.falsePositives));
    }
    std::printf("},\n \"scenarios\": {");
    for (std::size_t i = 0; i < q.scenarios.size(); ++i) {
        const ScenarioQuality &s = q.scenarios[i];
        std::printf("%s\n  \"%.*s\": {\"injected\": %llu, \"recall\": %.3f, "
                    "\"median_seconds_into_attack\": %.2f, \"headlined\": %llu, "
                    "\"median_seconds_to_headline\": %.2f}",
                    i ? "," : "", int(scenarioName(s.scenario).size()),
                    scenarioName(s.scenario).data(), static_cast<unsigned long long>(s.injected),
                    s.recall, s.medianSecondsIntoAttack,
                    static_cast<unsigned long long>(s.headlined), s.medianSecondsToHeadline);
    }
    std::printf("}}\n");
    return 0;
}
