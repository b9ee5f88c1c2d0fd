// `trackboard collect`: the web collector. Browsers post events to it; it enriches them and
// produces them to the activity topic, where the analytics and fraud workers read them like
// simulated ones.
#include "cli_commands.h"
#include "cli_options.h"
#include "collector_server.h"
#include "embedded_broker.h"
#include "signal_watcher.h"
#include "web_collector_runner.h"

#include <QCoreApplication>
#include <QTimer>

namespace trackboard {

namespace {

// "HOST:PORT", "[v6]:PORT" or ":PORT" (all interfaces).
bool parseListen(const QString &text, CollectorConfig &config) {
    const auto colon = text.lastIndexOf(QLatin1Char(':'));
    bool numeric = false;
    const int port = colon >= 0 ? text.mid(colon + 1).toInt(&numeric) : -1;
    if (!numeric || port < 0 || port > 65535) {
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
        host = host.mid(1, host.size() - 2);
    }
    config.host = host.isEmpty() ? std::string("0.0.0.0") : host.toStdString();
    config.port = std::uint16_t(port);
    return true;
}

} // namespace

int runCollectCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    common.addTo(parser);
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address to serve HTTP on, HOST:PORT; port 0 picks a free one (default: "
                       "127.0.0.1:8080)."),
        QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption allowOrigin(
        QStringLiteral("allow-origin"),
        QStringLiteral("Origin whose pages may send events, such as https://shop.example; * "
                       "allows any. Repeatable. The collector's own /demo/ pages are always "
                       "allowed."),
        QStringLiteral("origin"));
    const QCommandLineOption rateLimit(
        QStringLiteral("rate-limit"),
        QStringLiteral("POST /e requests per second per client IP, with bursts of twice that; 0 "
                       "turns the limit off (default: 50)."),
        QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption trustProxy(
        QStringLiteral("trust-proxy"),
        QStringLiteral("Take each client's address from the last entry of X-Forwarded-For, as "
                       "the reverse proxy in front of the collector appends it. Without it the "
                       "header is ignored: any client can send one."));
    const QCommandLineOption saltFile(
        QStringLiteral("salt-file"),
        QStringLiteral("File that keeps today's and yesterday's visitor-id salts (mode 0600), so "
                       "that a restart within the day keeps visitor ids; none keeps them in "
                       "memory only (default: %1).")
            .arg(WebCollectorRunner::defaultSaltFile()),
        QStringLiteral("path"), WebCollectorRunner::defaultSaltFile());
    parser.addOption(listen);
    parser.addOption(saltFile);
    parser.addOption(trustProxy);
    parser.addOption(allowOrigin);
    parser.addOption(rateLimit);
    processSubcommand(parser, QStringLiteral("collect"),
                      QStringLiteral("Runs the web collector: POST /e takes events from web "
                                     "pages (the tracker is at /t.js, a demo shop at /demo/), "
                                     "enriches them and produces them keyed by user_id. Prints "
                                     "COLLECTOR=http://HOST:PORT once it accepts requests, and "
                                     "runs until Ctrl-C or SIGTERM. Without --brokers it starts "
                                     "the embedded broker and prints BROKERS=HOST:PORT."),
                      args);
    CollectorConfig config;
    QString error;
    if (!common.read(parser, config.kafka, error)) {
        printErr(QStringLiteral("trackboard collect: %1\n").arg(error));
        return 2;
    }
    if (!parseListen(parser.value(listen), config)) {
        printErr(QStringLiteral("trackboard collect: --listen expects HOST:PORT, got '%1'\n")
                     .arg(parser.value(listen)));
        return 2;
    }
    bool numeric = false;
    config.rateLimitPerSecond = parser.value(rateLimit).toDouble(&numeric);
    if (!numeric || config.rateLimitPerSecond < 0) {
        printErr(QStringLiteral("trackboard collect: --rate-limit expects a number of requests "
                                "per second (0 for no limit), got '%1'\n")
                     .arg(parser.value(rateLimit)));
        return 2;
    }
    config.trustForwardedFor = parser.isSet(trustProxy);
    if (const QString path = parser.value(saltFile); path != QLatin1String("none")) {
        config.saltFile = path.toStdString();
    }
    for (const QString &origin : parser.values(allowOrigin)) {
        config.allowedOrigins.push_back(origin.toStdString());
    }

    std::unique_ptr<EmbeddedBroker> broker; // declared first: it must outlive the producer
    if (config.kafka.brokers.empty()) {
        std::string why;
        broker = EmbeddedBroker::start(1, why);
        if (!broker || !broker->createTopic(config.kafka.topic, config.kafka.partitions, why)) {
            printErr(QStringLiteral("trackboard collect: could not start the embedded Kafka "
                                    "broker: %1\n")
                         .arg(QString::fromStdString(why)));
            return 1;
        }
        config.kafka.brokers = broker->bootstrapServers();
        printOut(QStringLiteral("BROKERS=%1\n").arg(QString::fromStdString(config.kafka.brokers)));
    }
    CollectorServer server(config);
    std::string why;
    if (!server.start(why)) {
        printErr(QStringLiteral("trackboard collect: %1\n").arg(QString::fromStdString(why)));
        return 1;
    }
    printOut(QStringLiteral("COLLECTOR=%1\n").arg(QString::fromStdString(server.url())));
    printErr(QStringLiteral("Collector ready: tracker at %1/t.js, demo shop at %1/demo/, "
                            "metrics at %1/metrics. Stop with Ctrl-C.\n")
                 .arg(QString::fromStdString(server.url())));
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    server.stop();
    const auto &m = server.metrics();
    printErr(QStringLiteral("Collector stopped: %1 events accepted, %2 bots dropped, %3 produced, "
                            "%4 delivered, %5 failed.\n")
                 .arg(m.eventsAccepted.load())
                 .arg(m.bots.load())
                 .arg(m.produced.load())
                 .arg(m.delivered.load())
                 .arg(m.deliveryFailed.load()));
    return m.deliveryFailed.load() == 0 && m.delivered.load() == m.produced.load() ? 0 : 1;
}

} // namespace trackboard
