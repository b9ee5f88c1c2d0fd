// `trackboard snapshot`: runs the dashboard offscreen for a while and saves what it shows.
#include "alert_panel.h"
#include "alert_table_model.h"
#include "business_view.h"
#include "cli_commands.h"
#include "cli_options.h"
#include "dashboard_exporter.h"
#include "main_window.h"
#include "metric_definitions_options.h"
#include "theme.h"
#include "threshold_options.h"

#include <QApplication>
#include <QDir>
#include <QTabWidget>
#include <QTimer>

namespace trackboard {

namespace {
// The first tab whose title contains `name`, case-insensitive; a title's "&&" is a literal "&".
bool selectTab(QTabWidget *tabs, const QString &name, QString &error) {
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i) {
        QString title = tabs->tabText(i);
        title.replace(QLatin1String("&&"), QLatin1String("&"));
        if (!name.isEmpty() && title.contains(name, Qt::CaseInsensitive)) {
            tabs->setCurrentIndex(i);
            return true;
        }
        titles << QLatin1Char('"') + title + QLatin1Char('"');
    }
    error = QStringLiteral("--tab \"%1\" matches no tab; the tabs are %2")
                .arg(name, titles.join(QLatin1String(", ")));
    return false;
}
} // namespace

int runSnapshotCommand(const QStringList &args) {
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Folder for the files (created if missing)."),
                                 QStringLiteral("dir"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Seconds of traffic before the capture "
                                                     "(default: 15)."),
                                      QStringLiteral("seconds"), QStringLiteral("15"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Events per second (default: 500)."),
                                  QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QStringLiteral("dark or light (default: dark)."),
                                   QStringLiteral("name"), QStringLiteral("dark"));
    const QCommandLineOption largeText(QStringLiteral("large-text"),
                                       QStringLiteral("Use the presentation font scale."));
    const QCommandLineOption windowMinutes(QStringLiteral("window"),
                                           QStringLiteral("Time window in minutes: 1, 5, 15 or 60 "
                                                          "(default: 5)."),
                                           QStringLiteral("minutes"), QStringLiteral("5"));
    const QCommandLineOption width(QStringLiteral("width"),
                                   QStringLiteral("Window width in pixels (default: 1600)."),
                                   QStringLiteral("px"), QStringLiteral("1600"));
    const QCommandLineOption height(QStringLiteral("height"),
                                    QStringLiteral("Window height in pixels (default: 900)."),
                                    QStringLiteral("px"), QStringLiteral("900"));
    const QCommandLineOption scale(QStringLiteral("scale"),
                                   QStringLiteral("Pixel scale of dashboard.png (default: 1; each "
                                                  "chart's PNG is always 2)."),
                                   QStringLiteral("factor"), QStringLiteral("1"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Simulator seed (default: 42)."),
                                  QStringLiteral("n"), QStringLiteral("42"));
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QStringLiteral("Show the dashboard tab whose title contains this "
                                                "text, case-insensitive (default: the first)."),
                                 QStringLiteral("name"));
    const QCommandLineOption scenario = scenarioOption();
    CommonCliOptions kafka; // --json is accepted and ignored: the output is files
    kafka.addTo(parser);
    for (const auto *option : {&out, &duration, &rate, &scenario, &theme, &largeText,
                               &windowMinutes, &width, &height, &scale, &seed, &tab}) {
        parser.addOption(*option);
    }
    MetricDefinitionsOptions metrics; // the Custom metrics tab, as the dashboard's --metrics
    metrics.addTo(parser);
    ThresholdOptions thresholds;
    thresholds.addTo(parser);
    processSubcommand(
        parser, QStringLiteral("snapshot"),
        QStringLiteral("Runs the dashboard offscreen with simulated traffic for --duration "
                       "seconds, on the embedded broker or, with --brokers, on a real cluster "
                       "(the Settings dialog's external broker), then writes into --out: "
                       "dashboard.png, "
                       "dashboard.pdf, CHART.png (2x) and CHART.svg for each chart, "
                       "aggregates.csv and alerts.csv. It prints each file it wrote."),
        args);
    if (!parser.isSet(out)) {
        printErr(QStringLiteral("trackboard snapshot: --out DIR is required\n"));
        return 2;
    }
    const QString themeName = parser.value(theme);
    if (themeName != QLatin1String("dark") && themeName != QLatin1String("light")) {
        printErr(QStringLiteral("trackboard snapshot: --theme must be dark or light, not %1\n")
                     .arg(themeName));
        return 2;
    }
    const int minutes = parser.value(windowMinutes).toInt();
    const auto windowAt =
        std::find(kAnalyticsWindowMinutes.begin(), kAnalyticsWindowMinutes.end() - 1, minutes);
    if (windowAt == kAnalyticsWindowMinutes.end() - 1) {
        printErr(QStringLiteral("trackboard snapshot: --window must be 1, 5, 15 or 60\n"));
        return 2;
    }
    std::vector<ScenarioSpec> scenarios;
    QString error;
    FraudThresholds rules;
    if (!thresholds.read(parser, rules, error)) {
        printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
        return 2;
    }
    if (thresholds.printIfAsked(parser, rules)) {
        return 0;
    }
    if (!parseScenarioSpecs(parser.values(scenario), scenarios, error)) {
        printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
        return 2;
    }
    const QString dir = parser.value(out);
    if (!QDir().mkpath(dir)) {
        printErr(QStringLiteral("trackboard snapshot: cannot create %1\n").arg(dir));
        return 1;
    }
    const bool dark = themeName == QLatin1String("dark");
    applyTheme(dark, parser.isSet(largeText) ? 1.35 : 1.0);
    MainWindow::Options options;
    if (!kafka.read(parser, options.pipeline.kafka, error)) {
        printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
        return 2;
    }
    // Shown as the dashboard's own external-broker setting would be.
    options.settings.embeddedBroker = options.pipeline.kafka.brokers.empty();
    options.settings.bootstrapServers = QString::fromStdString(options.pipeline.kafka.brokers);
    options.settings.topic = QString::fromStdString(options.pipeline.kafka.topic);
    options.pipeline.rate = positiveNumber(parser, rate);
    options.pipeline.simulator.seed = parser.value(seed).toULongLong();
    options.pipeline.thresholds = rules;
    options.settings.thresholds = rules;
    options.settings.dark = dark;
    options.settings.largeText = parser.isSet(largeText);
    if (!metrics.read(parser, options.pipeline.analyticsState.customMetrics, error)) {
        printErr(QStringLiteral("trackboard snapshot: --metrics: %1\n").arg(error));
        return 2;
    }
    MainWindow window(options);
    if (parser.isSet(tab) && !selectTab(window.business(), parser.value(tab), error)) {
        printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
        return 2;
    }
    window.resize(int(positiveNumber(parser, width)), int(positiveNumber(parser, height)));
    window.setAnalyticsWindow(AnalyticsWindow(windowAt - kAnalyticsWindowMinutes.begin()));
    window.show();
    if (!window.startPipeline(error)) {
        printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
        return 1;
    }
    for (const ScenarioSpec &spec : scenarios) {
        const Scenario which = spec.scenario;
        QTimer::singleShot(int(spec.atSeconds * 1000), &window,
                           [&window, which] { window.injectScenario(which); });
    }
    int code = 0;
    QTimer::singleShot(int(positiveNumber(parser, duration) * 1000), &window, [&] {
        // The newest alert selected, so the details pane shows its evidence in the picture.
        if (window.alertModel()->rowCount() > 0) {
            window.alertPanel()->selectRow(0);
        }
        QStringList written;
        const bool ok = window.exportTo(dir, DashboardExporter::Png | DashboardExporter::Pdf,
                                        DashboardExporter::Png | DashboardExporter::Svg,
                                        positiveNumber(parser, scale), written, error) &&
                        window.exportCsv(dir, written, error);
        for (const QString &file : written) {
            printOut(file + QLatin1Char('\n'));
        }
        if (!ok) {
            printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
            code = 1;
        }
        window.close();
        QApplication::quit();
    });
    QApplication::exec();
    return code;
}

} // namespace trackboard
