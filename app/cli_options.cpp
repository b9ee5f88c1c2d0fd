#include "cli_options.h"
#include "kafka_log.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace trackboard {

void CommonCliOptions::addTo(QCommandLineParser &parser) const {
    parser.addOption(brokers);
    parser.addOption(topic);
    parser.addOption(property);
    parser.addOption(json);
    parser.addOption(verbose);
}

bool CommonCliOptions::read(const QCommandLineParser &parser, KafkaSettings &settings,
                            QString &error) const {
    QString servers = parser.value(brokers);
    if (servers.isEmpty()) {
        servers = qEnvironmentVariable("TRACKBOARD_BROKERS");
    }
    for (const QString &server : servers.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        // librdkafka would read "host:xx" as port 0 and retry it for ever.
        const QString address = server.trimmed().section(QStringLiteral("://"), -1);
        const auto colon = address.lastIndexOf(QLatin1Char(':'));
        bool numeric = false;
        const int port = colon > 0 ? address.mid(colon + 1).toInt(&numeric) : 0;
        if (!numeric || port < 1 || port > 65535) {
            error = QStringLiteral("--brokers expects HOST:PORT[,HOST:PORT...], got '%1'")
                        .arg(server.trimmed());
            return false;
        }
    }
    settings.brokers = servers.toStdString();
    KafkaLog::setVerbose(parser.isSet(verbose));
    settings.topic = parser.value(topic).toStdString();
    for (const QString &text : parser.values(property)) {
        std::pair<std::string, std::string> kv;
        if (!parseKafkaProperty(text.toStdString(), kv)) {
            error = QStringLiteral("-X expects key=value, got '%1'").arg(text);
            return false;
        }
        settings.properties.push_back(std::move(kv));
    }
    return true;
}

void processSubcommand(QCommandLineParser &parser, const QString &name, const QString &summary,
                       const QStringList &args) {
    // QCommandLineParser names the program after argv[0] (a full path) in its messages; say
    // "trackboard <name>" instead, so help and errors read as the command the user typed.
    parser.setApplicationDescription(summary);
    const QCommandLineOption help = parser.addHelpOption();
    const QString command = QStringLiteral("trackboard ") + name;
    KafkaLog::setPrefix(command.toStdString());
    if (!parser.parse(args)) {
        std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", qPrintable(command),
                     qPrintable(parser.errorText()), qPrintable(command));
        std::exit(2);
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        const auto firstLineEnd = text.indexOf(QLatin1Char('\n'));
        text.replace(0, firstLineEnd, QStringLiteral("Usage: %1 [options]").arg(command));
        std::fputs(qPrintable(text), stdout);
        std::exit(0);
    }
}

QCommandLineOption scenarioOption() {
    return {QStringLiteral("scenario"),
            QStringLiteral("Inject a scenario: bot, account_takeover, card_testing, "
                           "impossible_travel, high_value or flash_sale, optionally @SECONDS after "
                           "traffic starts. Repeatable."),
            QStringLiteral("name[@seconds]")};
}

QCommandLineOption sprinkleOption() {
    return {QStringLiteral("sprinkle"),
            QStringLiteral("Inject random attacks at this mean rate per minute (default: 0)."),
            QStringLiteral("per-minute"), QStringLiteral("0")};
}

bool parseScenarioSpecs(const QStringList &values, std::vector<ScenarioSpec> &out, QString &error) {
    for (const QString &value : values) {
        const auto at = value.indexOf(QLatin1Char('@'));
        const QString name = at < 0 ? value : value.left(at);
        const auto scenario = scenarioFromName(name.toStdString());
        bool ok = true;
        const double seconds = at < 0 ? 0.0 : value.mid(at + 1).toDouble(&ok);
        if (!scenario || !ok || seconds < 0) {
            QStringList names;
            for (const Scenario s : kAllScenarios) {
                names << QString::fromLatin1(scenarioName(s).data(),
                                             qsizetype(scenarioName(s).size()));
            }
            error = QStringLiteral("--scenario expects NAME[@SECONDS] with NAME one of %1, got "
                                   "'%2'")
                        .arg(names.join(QStringLiteral(", ")), value);
            return false;
        }
        out.push_back({*scenario, seconds});
    }
    return true;
}

QCommandLineOption funnelOption() {
    const SimulatorConfig defaults;
    return {QStringLiteral("funnel"),
            QStringLiteral("Funnel step probabilities VIEW,CART,CHECKOUT,BUY (default: "
                           "%1,%2,%3,%4).")
                .arg(defaults.productViewProbability)
                .arg(defaults.addToCartProbability)
                .arg(defaults.checkoutProbability)
                .arg(defaults.purchaseProbability),
            QStringLiteral("p,p,p,p")};
}

bool parseFunnel(const QString &text, SimulatorConfig &config, QString &error) {
    const QStringList parts = text.split(QLatin1Char(','));
    double p[4] = {};
    bool ok = parts.size() == 4;
    for (int i = 0; ok && i < 4; ++i) {
        p[i] = parts[i].trimmed().toDouble(&ok);
        ok = ok && p[i] > 0 && p[i] <= 1;
    }
    // A full cart also leaves room for removing the item (5%), so checkout stays below 0.95.
    if (!ok || p[2] > 0.95) {
        error = QStringLiteral("--funnel expects four probabilities VIEW,CART,CHECKOUT,BUY in "
                               "(0, 1] with CHECKOUT at most 0.95, got '%1'")
                    .arg(text);
        return false;
    }
    config.productViewProbability = p[0];
    config.addToCartProbability = p[1];
    config.checkoutProbability = p[2];
    config.purchaseProbability = p[3];
    return true;
}

double positiveNumber(const QCommandLineParser &parser, const QCommandLineOption &option) {
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok || value <= 0) {
        std::fprintf(stderr, "trackboard: --%s expects a positive number, got '%s'\n",
                     qPrintable(option.names().constFirst()), qPrintable(parser.value(option)));
        std::exit(2);
    }
    return value;
}

} // namespace trackboard
