#pragma once

#include "pipeline.h"

#include <QString>

class QSettings;

namespace trackboard {

// What the settings dialog edits, persisted with QSettings. Broker and topic apply at the next
// start; thresholds, refresh rate and theme apply at once.
struct DashboardSettings {
    bool embeddedBroker = true;
    QString bootstrapServers;
    QString extraProperties; // librdkafka key=value, one per line
    QString topic = QString::fromLatin1(kDefaultTopic);
    int partitions = kDefaultPartitions;
    FraudThresholds thresholds;
    int refreshMs = 100; // how often the dashboard redraws; 100 ms at the fastest
    bool dark = true;
    bool largeText = false;
    int webCollectorPort = 0; // accept events from web pages on this port; 0: off

    static constexpr int kMinRefreshMs = 100;
    static DashboardSettings load(QSettings &settings);
    void save(QSettings &settings) const;
    // Copies broker, topic and thresholds into pipeline options. False with a message when an
    // extra property is not key=value.
    bool applyTo(Pipeline::Options &options, QString &error) const;
};

} // namespace trackboard
