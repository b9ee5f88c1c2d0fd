#include "cli_commands.h"
#include "gui_command.h"
#include "version.h"

#include <QApplication>
#include <QCoreApplication>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <map>
#include <memory>
#include <thread>

namespace {

bool hasDisplay() {
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") ||
           std::getenv("QT_QPA_PLATFORM");
}

// glibc gives memory freed in the worker and librdkafka threads' arenas back to the system
// only when it lies at the top of an arena's heap: after a burst, or once the fraud detector
// and the windows forget their quiet users, a process kept hundreds of MiB it no longer used
// (a walk-through saw 1.3 GB stay at 200 events/s). malloc_trim releases the free pages of
// every arena; each call takes an arena's lock in turn, so it runs seldom, off the workers.
void trimFreedMemoryPeriodically() {
    std::thread([] {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::seconds(30));
            malloc_trim(0);
        }
    }).detach();
}

} // namespace

int main(int argc, char **argv) {
    using Command = int (*)(const QStringList &);
    static const std::map<std::string, Command> commands = {
        {"broker", trackboard::runBrokerCommand},       {"produce", trackboard::runProduceCommand},
        {"analytics", trackboard::runAnalyticsCommand}, {"fraud", trackboard::runFraudCommand},
        {"demo", trackboard::runDemoCommand},           {"record", trackboard::runRecordCommand},
        {"replay", trackboard::runReplayCommand},       {"setup", trackboard::runSetupCommand},
        {"view", trackboard::runViewCommand},           {"collect", trackboard::runCollectCommand},
    };
    QCoreApplication::setApplicationName(QStringLiteral("trackboard"));
    QCoreApplication::setOrganizationName(QStringLiteral("Trackboard"));
    QCoreApplication::setApplicationVersion(
        QStringLiteral(TRACKBOARD_VERSION " (" TRACKBOARD_GIT_COMMIT ")"));

    if (argc > 1 && !std::strcmp(argv[1], "snapshot")) {
        if (!std::getenv("QT_QPA_PLATFORM")) {
            qputenv("QT_QPA_PLATFORM", "offscreen"); // it must work on a machine with no display
        }
        QApplication app(argc, argv);
        QStringList args = QApplication::arguments();
        args.removeAt(1);
        return trackboard::runSnapshotCommand(args);
    }
    if (argc > 1) {
        if (const auto it = commands.find(argv[1]); it != commands.end()) {
            if (std::strcmp(argv[1], "setup") != 0) { // the one that never runs for long
                trimFreedMemoryPeriodically();
            }
            QCoreApplication app(argc, argv);
            QStringList args = QCoreApplication::arguments();
            args.removeAt(1);
            return it->second(args);
        }
        if (argv[1][0] != '-') {
            std::fprintf(stderr,
                         "trackboard: unknown command '%s'. Commands: broker, produce, analytics, "
                         "fraud, demo, record, replay, setup, snapshot, view, collect. See "
                         "trackboard --help.\n",
                         argv[1]);
            return 2;
        }
    }
    const bool wantsInfo =
        argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
                     !std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "-v"));
    if (wantsInfo) {
        // Help and version must work on a machine without a display.
        QCoreApplication app(argc, argv);
        return trackboard::runDashboard(QCoreApplication::arguments());
    }
    if (!hasDisplay()) {
        std::fprintf(stderr,
                     "trackboard: no display found. Run it in a desktop session, under "
                     "xvfb-run, or with QT_QPA_PLATFORM=offscreen. For headless use see the "
                     "subcommands: trackboard --help\n");
        return 1;
    }
    trimFreedMemoryPeriodically();
    QApplication app(argc, argv);
    return trackboard::runDashboard(QApplication::arguments());
}
