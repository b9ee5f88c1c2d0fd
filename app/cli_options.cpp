#include "cli_options.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace trackboard {

void CommonCliOptions::addTo(QCommandLineParser &parser) const {
    parser.addOption(brokers);
    parser.addOption(topic);
    parser.addOption(property);
    parser.addOption(json);
}

bool CommonCliOptions::read(const QCommandLineParser &parser, KafkaSettings &settings,
                            QString &error) const {
    QString servers = parser.value(brokers);
    if (servers.isEmpty()) {
        servers = qEnvironmentVariable("TRACKBOARD_BROKERS");
    }
    settings.brokers = servers.toStdString();
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
    parser.setApplicationDescription(summary);
    parser.addHelpOption();
    QStringList argv = args;
    argv[0] = QStringLiteral("trackboard ") + name;
    parser.process(argv);
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
