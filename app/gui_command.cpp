#include "gui_command.h"
#include "cli_commands.h"
#include "cli_options.h"
#include "dashboard_instance.h"
#include "dashboard_settings.h"
#include "main_window.h"
#include "metric_definitions_options.h"
#include "signal_watcher.h"
#include "theme.h"

#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace trackboard {

int runDashboard(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    parser.addOption(common.brokers);
    parser.addOption(common.topic);
    parser.addOption(common.property);
    parser.addOption(common.verbose);
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Simulated events per second (default: 200)."),
                                  QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption noTraffic(QStringLiteral("no-traffic"),
                                       QStringLiteral("Open with the simulator stopped."));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Simulator seed (default: 42)."),
                                  QStringLiteral("n"), QStringLiteral("42"));
    parser.addOption(rate);
    parser.addOption(noTraffic);
    parser.addOption(seed);
    MetricDefinitionsOptions metrics;
    metrics.addTo(parser);
    parser.addVersionOption();
    parser.setApplicationDescription(
        QStringLiteral("Trackboard: real-time user-activity dashboard over Apache Kafka.\n\n"
                       "Without a subcommand it opens the dashboard. Subcommands (each has "
                       "--help):\n"
                       "  broker     run the embedded Kafka broker alone\n"
                       "  produce    simulate shoppers and produce their events\n"
                       "  analytics  consume and print the analytics report\n"
                       "  fraud      consume and print fraud alerts\n"
                       "  demo       run everything headless and print a summary\n"
                       "  record     save the activity topic to a JSON Lines file\n"
                       "  replay     produce a JSON Lines recording back into Kafka\n"
                       "  setup      create Trackboard's topics on a real Kafka cluster\n"
                       "  snapshot   run the dashboard offscreen and save images of it\n"
                       "  view       print the merged analytics of every worker of a group\n"
                       "  collect    take events from web pages over HTTP into Kafka\n\n"
                       "Settings made in the dashboard (View > Settings) are kept between runs; "
                       "--brokers, --topic and -X override them for one run."));
    parser.addHelpOption();
    parser.process(args);

    MainWindow::Options options;
    QString error;
    QSettings stored;
    options.settings = DashboardSettings::load(stored);
    options.saveSettings = true;
    options.askBeforeQuit = true;
    options.askBeforeReset = true;
    if (!options.settings.applyTo(options.pipeline, error)) {
        printErr(QStringLiteral("trackboard: settings: %1\n").arg(error));
        return 2;
    }
    const KafkaSettings fromSettings = options.pipeline.kafka;
    if (!common.read(parser, options.pipeline.kafka, error)) {
        printErr(QStringLiteral("trackboard: %1\n").arg(error));
        return 2;
    }
    options.pipeline.rate = positiveNumber(parser, rate);
    options.pipeline.simulator.seed = parser.value(seed).toULongLong();
    options.startTraffic = !parser.isSet(noTraffic);
    // The command line wins over stored settings, option by option.
    if (!parser.isSet(common.brokers) && qEnvironmentVariableIsEmpty("TRACKBOARD_BROKERS")) {
        options.pipeline.kafka.brokers = fromSettings.brokers;
    }
    if (!parser.isSet(common.topic)) {
        options.pipeline.kafka.topic = fromSettings.topic;
    }
    if (!parser.isSet(common.property)) {
        options.pipeline.kafka.properties = fromSettings.properties;
    }
    options.pipeline.kafka.partitions = fromSettings.partitions;
    if (!metrics.read(parser, options.pipeline.analyticsState.customMetrics, error)) {
        printErr(QStringLiteral("trackboard: --metrics: %1\n").arg(error));
        return 2;
    }

    applyTheme(options.settings.dark, options.settings.largeText ? 1.35 : 1.0);
    const std::unique_ptr<QLockFile> instance =
        DashboardInstance::acquire(&DashboardInstance::askWithDialog);
    if (!instance) {
        return 0; // the user went back to the dashboard already open
    }
    MainWindow window(options);
    window.show();
    if (!window.startPipeline(error)) {
        QMessageBox::critical(&window, QObject::tr("Trackboard"), error);
        return 1;
    }
    metrics.watch();
    QObject::connect(&metrics, &MetricDefinitionsOptions::definitionsChanged, &window,
                     [&window](const MetricDefinitions &definitions) {
                         window.pipeline().setMetricDefinitions(definitions);
                         window.statusBar()->showMessage(QObject::tr("Custom metrics reloaded"),
                                                         5000);
                     });
    QObject::connect(
        &metrics, &MetricDefinitionsOptions::reloadFailed, &window, [&window](const QString &why) {
            const QString message =
                QObject::tr("metrics reload failed: %1 (the previous metrics stay)").arg(why);
            printErr(message + QLatin1Char('\n'));
            window.statusBar()->showMessage(message, 15000);
        });
    SignalWatcher stopSignals;
    // A signal asks no one: the shutdown goes ahead and any loss is reported on stderr.
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, &window, [&window] {
        window.setAskBeforeQuit(false);
        window.close();
    });
    return QApplication::exec();
}

} // namespace trackboard
