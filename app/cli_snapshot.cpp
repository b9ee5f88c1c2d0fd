// `trackboard snapshot`: runs the dashboard offscreen for a while and saves what it shows.
#include "cli_commands.h"
#include "cli_options.h"
#include "main_window.h"
#include "theme.h"

#include <QApplication>
#include <QDir>
#include <QTimer>

namespace trackboard {

int runSnapshotCommand(const QStringList &args) {
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Folder for the images (created if missing)."),
                                 QStringLiteral("dir"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Seconds of traffic before the capture "
                                                     "(default: 15)."),
                                      QStringLiteral("seconds"), QStringLiteral("15"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Events per second (default: 500)."),
                                  QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption width(QStringLiteral("width"),
                                   QStringLiteral("Window width in pixels (default: 1600)."),
                                   QStringLiteral("px"), QStringLiteral("1600"));
    const QCommandLineOption height(QStringLiteral("height"),
                                    QStringLiteral("Window height in pixels (default: 900)."),
                                    QStringLiteral("px"), QStringLiteral("900"));
    for (const auto *option : {&out, &duration, &rate, &width, &height}) {
        parser.addOption(*option);
    }
    processSubcommand(parser, QStringLiteral("snapshot"),
                      QStringLiteral("Runs the dashboard offscreen with the embedded broker and "
                                     "simulated traffic, then saves dashboard.png into --out."),
                      args);
    if (!parser.isSet(out)) {
        printErr(QStringLiteral("trackboard snapshot: --out DIR is required\n"));
        return 2;
    }
    const QString dir = parser.value(out);
    if (!QDir().mkpath(dir)) {
        printErr(QStringLiteral("trackboard snapshot: cannot create %1\n").arg(dir));
        return 1;
    }
    applyTheme();
    MainWindow::Options options;
    options.pipeline.rate = positiveNumber(parser, rate);
    MainWindow window(options);
    window.resize(int(positiveNumber(parser, width)), int(positiveNumber(parser, height)));
    window.show();
    QString error;
    if (!window.startPipeline(error)) {
        printErr(QStringLiteral("trackboard snapshot: %1\n").arg(error));
        return 1;
    }
    int code = 0;
    QTimer::singleShot(int(positiveNumber(parser, duration) * 1000), &window, [&] {
        const QString file = QDir(dir).filePath(QStringLiteral("dashboard.png"));
        if (!window.grab().save(file)) {
            printErr(QStringLiteral("trackboard snapshot: cannot write %1\n").arg(file));
            code = 1;
        } else {
            printOut(file + QLatin1Char('\n'));
        }
        window.close();
        QApplication::quit();
    });
    QApplication::exec();
    return code;
}

} // namespace trackboard
