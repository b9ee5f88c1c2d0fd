#pragma once

#include "kafka_settings.h"
#include "scenario.h"
#include "simulator.h"

#include <QCommandLineParser>
#include <QStringList>

namespace trackboard {

// The options every Kafka-facing subcommand shares: --brokers, --topic, -X, --json, --verbose.
struct CommonCliOptions {
    QCommandLineOption brokers{QStringLiteral("brokers"),
                               QStringLiteral("Kafka bootstrap servers HOST:PORT[,...]. Default: "
                                              "$TRACKBOARD_BROKERS, else the embedded broker."),
                               QStringLiteral("servers")};
    QCommandLineOption topic{QStringLiteral("topic"),
                             QStringLiteral("Activity topic (default: user-activities)."),
                             QStringLiteral("name"), QString::fromLatin1(kDefaultTopic)};
    QCommandLineOption property{QStringLiteral("X"),
                                QStringLiteral("librdkafka property, repeatable (e.g. -X "
                                               "security.protocol=SASL_SSL)."),
                                QStringLiteral("key=value")};
    QCommandLineOption json{QStringLiteral("json"),
                            QStringLiteral("Machine-readable output: JSON, one object per line.")};
    QCommandLineOption verbose{QStringLiteral("verbose"),
                               QStringLiteral("Also print librdkafka's own log lines, as they "
                                              "come (by default they are summarised in plain "
                                              "words, once a minute at most).")};

    void addTo(QCommandLineParser &parser) const;
    // Fills `settings` and sets the Kafka log's verbosity; on a malformed -X or a --brokers entry
    // that is not HOST:PORT returns false with `error` set.
    bool read(const QCommandLineParser &parser, KafkaSettings &settings, QString &error) const;
};

// Sets up `parser` for a subcommand, processes `args` (the subcommand name first), and exits
// with a clear message on bad options, as QCommandLineParser::process does.
void processSubcommand(QCommandLineParser &parser, const QString &name, const QString &summary,
                       const QStringList &args);

// A scenario to inject and when: "NAME" (at once) or "NAME@SECONDS" after traffic starts.
struct ScenarioSpec {
    Scenario scenario = Scenario::Bot;
    double atSeconds = 0;
};
// Parses every --scenario value; on a bad one returns false with `error` naming it and the
// valid names.
bool parseScenarioSpecs(const QStringList &values, std::vector<ScenarioSpec> &out, QString &error);
QCommandLineOption scenarioOption();
QCommandLineOption sprinkleOption();

// --funnel VIEW,CART,CHECKOUT,BUY: the simulator's step probabilities (product view from
// browsing, add to cart after a view, checkout from a full cart, purchase at checkout).
QCommandLineOption funnelOption();
bool parseFunnel(const QString &text, SimulatorConfig &config, QString &error);

// Reads a positive number option; exits with a message naming the option when it is not one.
double positiveNumber(const QCommandLineParser &parser, const QCommandLineOption &option);

} // namespace trackboard
