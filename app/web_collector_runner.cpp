#include "web_collector_runner.h"

#include "collector_server.h"

#include <QStandardPaths>

namespace trackboard {

WebCollectorRunner::WebCollectorRunner(QObject *parent)
    : QObject(parent) {
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &WebCollectorRunner::publish);
}

WebCollectorRunner::~WebCollectorRunner() {
    stop();
}

bool WebCollectorRunner::start(int port, const KafkaSettings &kafka, QString &error) {
    CollectorConfig config;
    config.host = "0.0.0.0";
    config.port = std::uint16_t(port);
    config.kafka = kafka;
    config.saltFile = defaultSaltFile().toStdString();
    auto server = std::make_unique<CollectorServer>(config);
    std::string why;
    if (!server->start(why)) {
        error = tr("web collector on port %1: %2").arg(port).arg(QString::fromStdString(why));
        return false;
    }
    server_ = std::move(server);
    timer_.start();
    publish();
    return true;
}

QString WebCollectorRunner::defaultSaltFile() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/collector-salts");
}

void WebCollectorRunner::stop() {
    timer_.stop();
    if (server_) {
        server_->stop(2000);
        server_.reset();
        emit stopped();
    }
}

void WebCollectorRunner::publish() {
    if (!server_) {
        return;
    }
    const auto &m = server_->metrics();
    const auto visitors = m.liveVisitors.load();
    emit summary(tr("port %1/demo/\n%L2 live web %3\n%L4 events · %L5 bots · %L6 refused (503)")
                     .arg(server_->port())
                     .arg(visitors)
                     .arg(visitors == 1 ? tr("visitor") : tr("visitors"))
                     .arg(m.eventsAccepted.load())
                     .arg(m.bots.load())
                     .arg(m.overloaded.load()));
    emit liveVisitors(visitors);
}

} // namespace trackboard
