#include "dashboard_settings.h"

#include <QSettings>

namespace trackboard {

namespace {
// The thresholds the dialog offers: the ones a presenter may want to tune in front of a client.
// Everything else keeps its documented default.
template <typename Value> void readValue(QSettings &s, const char *key, Value &value) {
    value = s.value(QLatin1String(key), QVariant::fromValue(value)).template value<Value>();
}
} // namespace

DashboardSettings DashboardSettings::load(QSettings &s) {
    DashboardSettings d;
    readValue(s, "broker/embedded", d.embeddedBroker);
    readValue(s, "broker/bootstrapServers", d.bootstrapServers);
    readValue(s, "broker/extraProperties", d.extraProperties);
    readValue(s, "topic/name", d.topic);
    readValue(s, "topic/partitions", d.partitions);
    readValue(s, "fraud/velocityMaxEvents", d.thresholds.velocityMaxEvents);
    readValue(s, "fraud/highValueCents", d.thresholds.highValueCents);
    readValue(s, "fraud/multipleIpsMax", d.thresholds.multipleIpsMax);
    readValue(s, "fraud/impossibleTravelMaxKmh", d.thresholds.impossibleTravelMaxKmh);
    readValue(s, "fraud/cardTestingSmallCount", d.thresholds.cardTestingSmallCount);
    readValue(s, "fraud/bruteForceFailures", d.thresholds.bruteForceFailures);
    readValue(s, "view/refreshMs", d.refreshMs);
    readValue(s, "view/dark", d.dark);
    readValue(s, "view/largeText", d.largeText);
    readValue(s, "collector/port", d.webCollectorPort);
    d.refreshMs = std::max(d.refreshMs, kMinRefreshMs);
    d.partitions = std::max(d.partitions, 1);
    d.webCollectorPort = std::clamp(d.webCollectorPort, 0, 65535);
    return d;
}

void DashboardSettings::save(QSettings &s) const {
    s.setValue(QStringLiteral("broker/embedded"), embeddedBroker);
    s.setValue(QStringLiteral("broker/bootstrapServers"), bootstrapServers);
    s.setValue(QStringLiteral("broker/extraProperties"), extraProperties);
    s.setValue(QStringLiteral("topic/name"), topic);
    s.setValue(QStringLiteral("topic/partitions"), partitions);
    s.setValue(QStringLiteral("fraud/velocityMaxEvents"), thresholds.velocityMaxEvents);
    s.setValue(QStringLiteral("fraud/highValueCents"), qlonglong(thresholds.highValueCents));
    s.setValue(QStringLiteral("fraud/multipleIpsMax"), thresholds.multipleIpsMax);
    s.setValue(QStringLiteral("fraud/impossibleTravelMaxKmh"), thresholds.impossibleTravelMaxKmh);
    s.setValue(QStringLiteral("fraud/cardTestingSmallCount"), thresholds.cardTestingSmallCount);
    s.setValue(QStringLiteral("fraud/bruteForceFailures"), thresholds.bruteForceFailures);
    s.setValue(QStringLiteral("view/refreshMs"), refreshMs);
    s.setValue(QStringLiteral("view/dark"), dark);
    s.setValue(QStringLiteral("view/largeText"), largeText);
    s.setValue(QStringLiteral("collector/port"), webCollectorPort);
}

bool DashboardSettings::applyTo(Pipeline::Options &options, QString &error) const {
    options.kafka.brokers =
        embeddedBroker ? std::string() : bootstrapServers.trimmed().toStdString();
    options.kafka.topic =
        topic.trimmed().isEmpty() ? std::string(kDefaultTopic) : topic.trimmed().toStdString();
    options.kafka.partitions = partitions;
    options.kafka.properties.clear();
    const QStringList lines = extraProperties.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        std::pair<std::string, std::string> property;
        if (!parseKafkaProperty(line.trimmed().toStdString(), property)) {
            error = QObject::tr("Extra property \"%1\" is not key=value").arg(line.trimmed());
            return false;
        }
        options.kafka.properties.push_back(std::move(property));
    }
    options.thresholds = thresholds;
    options.snapshotIntervalMs = std::max(refreshMs, kMinRefreshMs);
    return true;
}

} // namespace trackboard
