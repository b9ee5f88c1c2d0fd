#pragma once

#include "analytics_snapshot.h"
#include "cluster_health.h"
#include "consumer_stats.h"
#include "fraud_quality.h"
#include "fraud_snapshot.h"
#include "producer_stats.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <string_view>

namespace trackboard {

// The demo guide's terminal layouts, and their JSON counterparts. Field names in the JSON are
// a contract documented in docs/cli.md.
QString analyticsReportText(const AnalyticsSnapshot &snapshot, const ConsumerStats &stats);
QString alertText(const Alert &alert);
QString producerReportText(const ProducerStats &stats, const QString &topic);

QJsonObject analyticsJson(const AnalyticsSnapshot &snapshot);
// The partitions a merged view covers (docs/scaling.md): owner, next offset, watermark.
QJsonArray partitionsJson(const std::vector<PartitionCoverage> &partitions);
QJsonObject consumerStatsJson(const ConsumerStats &stats);
// Seconds since this process started (exec, library loading and the group join included): the
// wall time a user waits, which is compared with kcat's in docs/performance.md.
double processAgeSeconds();
QJsonObject producerStatsJson(const ProducerStats &stats);
QJsonObject fraudJson(const FraudSnapshot &snapshot);
QJsonObject alertJson(const Alert &alert);
QJsonObject qualityJson(const FraudQuality &quality);
// "throttled: consumers N behind, holding R events/sec of A asked" (ProduceThrottle), and the
// same as {throttled, behind, allowed_rate, throttled_s}.
QString throttleText(const ProducerStats &s);
QJsonObject throttleJson(const ProducerStats &s);
QJsonObject groundTruthJson(const GroundTruth &entry);
QJsonObject clusterHealthJson(const ClusterHealth &health);

// A UTF-8 string from core (names, ids, keys) as a QString.
QString utf8Text(std::string_view text);

// One compact JSON line, for --json output.
QByteArray jsonLine(const QJsonObject &object);

} // namespace trackboard
