#pragma once

#include "kafka_settings.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace trackboard {

class CollectorServer;

// The web collector run by the dashboard (Settings > Kafka > "Accept events from web pages on
// port"): the same CollectorServer as `trackboard collect`, on its own threads, producing to
// the dashboard's broker. Once a second it summarises its counters for the pipeline panel.
class WebCollectorRunner : public QObject {
    Q_OBJECT
public:
    explicit WebCollectorRunner(QObject *parent = nullptr);
    ~WebCollectorRunner() override;

    // Listens on every interface, so that a phone on the same network can open /demo/.
    bool start(int port, const KafkaSettings &kafka, QString &error);
    // Stops serving and flushes what it accepted (bounded). Safe to call twice.
    void stop();
    bool isRunning() const { return server_ != nullptr; }

    // Where the collector keeps its visitor-id salts unless told otherwise:
    // ~/.local/share/Trackboard/trackboard/collector-salts.
    static QString defaultSaltFile();

signals:
    // "port 8080 · 3 live web visitors · 120 events · 0 bots · 0 refused (503)".
    void summary(const QString &text);
    // Visitors seen in the last 5 minutes, with every summary.
    void liveVisitors(qulonglong visitors);
    // The collector stopped serving: no figure of it is current any more.
    void stopped();

private:
    void publish();

    std::unique_ptr<CollectorServer> server_;
    QTimer timer_;
};

} // namespace trackboard
