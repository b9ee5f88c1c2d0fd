// The dashboard under load: the real MainWindow with the embedded broker, the simulator at RATE
// events/s and both workers, offscreen. Every event the GUI thread handles is timed (an
// application whose notify() is wrapped), which gives:
//   - gui_busy_share: time inside event handling / wall time, after the first data is painted;
//   - frame_ms: each repaint of the window (UpdateRequest: every dirty widget painted);
//   - render_ms: each redraw slot (the refresh timer handing the latest snapshots to the views);
//   - snapshot_to_paint_ms: from a worker's snapshot reaching the GUI thread to the end of the
//     repaint that shows it, coalescing interval included;
//   - launch_to_first_paint_ms: from process start to the end of the first repaint showing data.
//
//   QT_QPA_PLATFORM=offscreen bench_gui [RATE] [SECONDS]
#include "kpi_tile.h"
#include "main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unistd.h>
#include <vector>

using namespace trackboard;

namespace {

// Milliseconds between this process's start and now, from /proc: the launch figure then
// includes the dynamic loader and static initialisers, as a user would see them.
double msSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = stat.readAll();
    // Fields after the command name, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double startTicks = fields.value(19).toDouble(); // field 22: starttime
    const double nowSeconds = uptime.readAll().split(' ').value(0).toDouble();
    return (nowSeconds - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

struct Quantiles {
    std::vector<double> values;
    double at(double q) {
        if (values.empty()) {
            return 0;
        }
        std::sort(values.begin(), values.end());
        return values[std::min(values.size() - 1, std::size_t(q * double(values.size())))];
    }
};

class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;
    MainWindow *window = nullptr;
    bool measuring = false;
    double busyMs = 0;
    double launchMs = -1;
    Quantiles frames;
    Quantiles renders;
    Quantiles snapshotToPaint;

    bool notify(QObject *receiver, QEvent *event) override {
        // notify() also carries the worker threads' events; only the GUI thread's are timed.
        if (QThread::currentThread() != thread()) {
            return QApplication::notify(receiver, event);
        }
        const bool outermost = depth_++ == 0;
        const int rendersBefore = window ? window->renderCount() : 0;
        const QEvent::Type type = event->type();
        QElapsedTimer clock;
        clock.start();
        const bool handled = QApplication::notify(receiver, event);
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        --depth_;
        // The window's repaint arrives nested (a platform timer sends it), so it is noted at any
        // depth; busy time only at the outermost level, so nothing is counted twice.
        note(type, ms, rendersBefore, outermost);
        return handled;
    }

private:
    // Snapshots arrive (empty) while the consumer groups join; data is on screen once the
    // active-users tile counts someone.
    bool showsData() const {
        const KpiTile *users = window->kpi(QStringLiteral("active_users"));
        if (!users) {
            return window->renderCount() > 0;
        }
        const QString text = users->displayedText().trimmed();
        return !text.isEmpty() && text != QLatin1String("0");
    }

    void note(QEvent::Type type, double ms, int rendersBefore, bool outermost) {
        if (!window) {
            return;
        }
        const double now = double(wall_.isValid() ? wall_.nsecsElapsed() : 0) / 1e6;
        if (!wall_.isValid()) {
            wall_.start();
        }
        if (outermost && type == QEvent::MetaCall && oldestUnpainted_ < 0) {
            oldestUnpainted_ = now; // a snapshot (or producer stats) from a worker thread
        }
        if (outermost && window->renderCount() != rendersBefore) {
            rendered_ = true;
            if (measuring) {
                renders.values.push_back(ms);
            }
        }
        if (type == QEvent::UpdateRequest && rendered_) {
            rendered_ = false;
            if (launchMs < 0 && showsData()) {
                launchMs = msSinceProcessStart();
            }
            if (measuring) {
                frames.values.push_back(ms);
                if (oldestUnpainted_ >= 0) {
                    snapshotToPaint.values.push_back(now + ms - oldestUnpainted_);
                }
            }
            oldestUnpainted_ = -1;
        }
        if (measuring && outermost) {
            busyMs += ms;
        }
    }

    int depth_ = 0;
    QElapsedTimer wall_;
    double oldestUnpainted_ = -1;
    bool rendered_ = false;
};

} // namespace

int main(int argc, char **argv) {
    TimedApplication app(argc, argv);
    const double rate = argc > 1 ? std::atof(argv[1]) : 100'000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 20;

    MainWindow::Options options;
    options.pipeline.rate = rate;
    options.startTraffic = true;
    MainWindow window(options);
    window.resize(1600, 1000);
    window.show();
    app.window = &window;
    QString error;
    if (!window.startPipeline(error)) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(error));
        return 1;
    }

    // Measure once data is on screen and the first backlog is drained; give up after 30 s.
    QElapsedTimer wall;
    QTimer::singleShot(0, [&] {
        auto *startWhenPainted = new QTimer(&app);
        startWhenPainted->setInterval(50);
        QObject::connect(startWhenPainted, &QTimer::timeout, [&, startWhenPainted] {
            if (app.launchMs < 0) {
                return;
            }
            startWhenPainted->stop();
            QTimer::singleShot(3000, [&] {
                app.measuring = true;
                wall.start();
                QTimer::singleShot(seconds * 1000, [&] {
                    app.measuring = false;
                    QApplication::quit();
                });
            });
        });
        startWhenPainted->start();
        QTimer::singleShot(30'000 + seconds * 1000, [] { QApplication::quit(); });
    });
    QApplication::exec();
    const double wallMs = wall.isValid() ? double(wall.elapsed()) : 0;
    std::printf("{\"rate\":%.0f,\"seconds\":%d,\"launch_to_first_paint_ms\":%.0f,"
                "\"gui_busy_share\":%.3f,\"frames\":%zu,"
                "\"frame_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
                "\"render_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
                "\"snapshot_to_paint_ms\":{\"p50\":%.1f,\"p99\":%.1f}}\n",
                rate, seconds, app.launchMs, wallMs > 0 ? app.busyMs / wallMs : 0.0,
                app.frames.values.size(), app.frames.at(0.5), app.frames.at(0.99),
                app.frames.at(1.0), app.renders.at(0.5), app.renders.at(0.99), app.renders.at(1.0),
                app.snapshotToPaint.at(0.5), app.snapshotToPaint.at(0.99));
    app.window = nullptr;
    return app.launchMs < 0 ? 1 : 0;
}
