#include "report_format.h"
#include "analytics_report.h"
#include "business_report.h"
#include "money.h"
#include "timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace trackboard {

QString utf8Text(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

namespace {

double percent(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * double(part) / double(whole);
}

QString money(std::int64_t cents) {
    return QString::fromStdString(formatMoney(cents));
}

const char *severityIcon(Severity severity) {
    switch (severity) {
    case Severity::Low:
        return "🔵";
    case Severity::Medium:
        return "🟡";
    case Severity::High:
        return "🔴";
    case Severity::Critical:
        return "🚨";
    }
    return "";
}

} // namespace

QString analyticsReportText(const AnalyticsSnapshot &s, const ConsumerStats &stats) {
    QString out;
    out += QStringLiteral("\n📊 ANALYTICS AGGREGATION REPORT\n");
    out += QStringLiteral("==========================================\n");
    out += QStringLiteral("📈 Event Type Distribution:\n");
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        if (s.eventsByType[t] == 0) {
            continue;
        }
        out += QStringLiteral("  %1: %2 (%3%)\n")
                   .arg(utf8Text(eventTypeName(EventType(t))), -16)
                   .arg(s.eventsByType[t], 6)
                   .arg(percent(s.eventsByType[t], s.events), 0, 'f', 1);
    }
    out += QStringLiteral("\n💰 Revenue Analytics:\n");
    out += QStringLiteral("  Total Revenue     : %1\n").arg(money(s.totalRevenueCents()));
    out += QStringLiteral("  Orders            : %1\n").arg(s.orders);
    out += QStringLiteral("  Avg Order Value   : %1\n").arg(money(s.averageOrderValueCents()));
    out += QStringLiteral("\n Conversion Funnel:\n");
    static const char *kStageLabels[] = {"Page Views", "Product Views", "Add to Cart", "Checkout",
                                         "Purchases"};
    for (std::size_t i = 0; i < kFunnelStages.size(); ++i) {
        out += QStringLiteral("  %1: %2 users")
                   .arg(QLatin1String(kStageLabels[i]), -18)
                   .arg(s.funnelUsers[i], 6);
        if (i == kFunnelStages.size() - 1) {
            out += QStringLiteral(" (%1% conversion)").arg(100 * s.conversionRate(), 0, 'f', 1);
        }
        out += QLatin1Char('\n');
    }
    if (!s.topPages.empty()) {
        out += QStringLiteral("\n🔝 Top Pages:\n");
        for (const auto &page : s.topPages) {
            out += QStringLiteral("  %1 %2 views\n")
                       .arg(QString::fromStdString(page.key), -30)
                       .arg(page.count, 6);
        }
    }
    out += analyticsExtraText(s);
    out += businessReportText(s.business);
    out += QStringLiteral(
               "\n⚙️  Pipeline: consumed %1 | rejected %2 | skipped %3 | late %7 | lag %4 | "
               "latency p50 %5 ms, p99 %6 ms\n")
               .arg(stats.consumed)
               .arg(stats.rejected)
               .arg(stats.skipped)
               .arg(stats.lagMessages)
               .arg(stats.latencyP50Ms)
               .arg(stats.latencyP99Ms)
               .arg(s.late);
    return out;
}

QString alertText(const Alert &a) {
    return QStringLiteral("%1 FRAUD ALERT [%2] - %3 SEVERITY\n   User ID: %4\n   %5\n")
        .arg(QString::fromUtf8(severityIcon(a.severity)), QString::fromStdString(a.rule),
             utf8Text(severityName(a.severity)), QString::fromStdString(a.userId),
             QString::fromStdString(a.message));
}

QString producerReportText(const ProducerStats &s, const QString &topic) {
    QString out = QStringLiteral("📊 Events sent: %1 | Rate: %2 events/sec | Active sessions: %3")
                      .arg(s.delivered)
                      .arg(s.deliveredPerSecond, 0, 'f', 1)
                      .arg(s.activeSessions);
    if (s.buffered > 0) {
        out += QStringLiteral(" | buffered: %1").arg(s.buffered);
    }
    if (s.state == "unreachable") {
        out += QStringLiteral(" | ⚠️ broker unreachable, %1 events buffered").arg(s.buffered);
    }
    if (s.queueFull) {
        out += QStringLiteral(" | ⏸️ queue full, simulator slowed (%1 waits)")
                   .arg(s.backpressureWaits);
    }
    if (s.throttled) {
        out += QStringLiteral(" | ⏬ %1").arg(throttleText(s));
    }
    out += QLatin1Char('\n');
    // While the broker is away the last delivery is old news: repeating it every second read
    // as if events were still getting through.
    if (s.lastOffset >= 0 && s.state != "unreachable") {
        out += QStringLiteral("✅ Delivered to %1 [partition=%2] @ offset %3\n")
                   .arg(topic)
                   .arg(s.lastPartition)
                   .arg(s.lastOffset);
    }
    return out;
}

QJsonObject analyticsJson(const AnalyticsSnapshot &s) {
    QJsonObject byType;
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        byType.insert(utf8Text(eventTypeName(EventType(t))), qint64(s.eventsByType[t]));
    }
    QJsonObject revenue;
    for (const auto &amount : s.revenue) {
        revenue.insert(QString::fromStdString(amount.currency), double(amount.cents) / 100.0);
    }
    QJsonArray funnel;
    for (std::size_t i = 0; i < kFunnelStages.size(); ++i) {
        funnel.append(
            QJsonObject{{QStringLiteral("stage"), utf8Text(eventTypeName(kFunnelStages[i]))},
                        {QStringLiteral("users"), qint64(s.funnelUsers[i])}});
    }
    QJsonArray pages;
    for (const auto &page : s.topPages) {
        pages.append(QJsonObject{{QStringLiteral("page"), QString::fromStdString(page.key)},
                                 {QStringLiteral("views"), qint64(page.count)}});
    }
    QJsonObject doc{
        {QStringLiteral("events"), qint64(s.events)},
        {QStringLiteral("events_by_type"), byType},
        {QStringLiteral("orders"), qint64(s.orders)},
        {QStringLiteral("revenue"), revenue},
        {QStringLiteral("revenue_cents"), qint64(s.totalRevenueCents())},
        {QStringLiteral("average_order_value"), double(s.averageOrderValueCents()) / 100.0},
        {QStringLiteral("funnel"), funnel},
        {QStringLiteral("viewing_users"), qint64(s.funnelUsers.front())},
        {QStringLiteral("purchasing_users"), qint64(s.funnelUsers.back())},
        {QStringLiteral("conversion_rate"), s.conversionRate()},
        {QStringLiteral("top_pages"), pages},
        {QStringLiteral("late"), qint64(s.late)},
        {QStringLiteral("watermark_ms"), qint64(s.watermarkMs)},
        {QStringLiteral("allowed_lateness_s"), double(s.allowedLatenessMs) / 1000.0},
        {QStringLiteral("windows"), windowsJson(s)},
        {QStringLiteral("series"), seriesJson(s)},
    };
    addBusinessJson(doc, s.business);
    if (!s.partitions.empty()) {
        doc.insert(QStringLiteral("partitions"), partitionsJson(s.partitions));
    }
    return doc;
}

QJsonArray partitionsJson(const std::vector<PartitionCoverage> &partitions) {
    QJsonArray out;
    for (const auto &p : partitions) {
        out.append(QJsonObject{
            {QStringLiteral("partition"), p.partition},
            {QStringLiteral("owned"), p.owned},
            {QStringLiteral("next_offset"), qint64(p.nextOffset)},
            {QStringLiteral("watermark_ms"), qint64(p.watermarkMs)},
            {QStringLiteral("checkpoint_at_ms"), qint64(p.checkpointAtMs)},
        });
    }
    return out;
}

double processAgeSeconds() {
    // Field 22 of /proc/self/stat is the start time in clock ticks after boot; the command name
    // (field 2) may hold spaces, so fields are counted from its closing parenthesis.
    std::ifstream statFile("/proc/self/stat");
    std::ifstream uptimeFile("/proc/uptime");
    std::string stat((std::istreambuf_iterator<char>(statFile)), {});
    double uptime = 0;
    uptimeFile >> uptime;
    const auto close = stat.rfind(')');
    if (close == std::string::npos || uptime <= 0) {
        return 0;
    }
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {
    }
    unsigned long long startTicks = 0;
    if (!(fields >> startTicks)) {
        return 0;
    }
    return uptime - double(startTicks) / double(sysconf(_SC_CLK_TCK));
}

QJsonObject consumerStatsJson(const ConsumerStats &s) {
    QJsonObject rejectedBy;
    for (std::size_t r = 1; r < kRejectReasonCount; ++r) {
        if (s.rejectedBy[r] > 0) {
            rejectedBy.insert(utf8Text(rejectReasonName(RejectReason(r))), qint64(s.rejectedBy[r]));
        }
    }
    return QJsonObject{
        {QStringLiteral("group"), QString::fromStdString(s.group)},
        {QStringLiteral("state"), QString::fromStdString(s.state)},
        {QStringLiteral("consumed"), qint64(s.consumed)},
        {QStringLiteral("applied"), qint64(s.applied)},
        {QStringLiteral("rejected"), qint64(s.rejected)},
        {QStringLiteral("rejected_by_reason"), rejectedBy},
        {QStringLiteral("duplicates"), qint64(s.duplicates)},
        {QStringLiteral("skipped"), qint64(s.skipped)},
        {QStringLiteral("dead_lettered"), qint64(s.deadLettered)},
        {QStringLiteral("lag"), qint64(s.lagMessages)},
        {QStringLiteral("lag_s"), s.lagSeconds},
        {QStringLiteral("events_per_s"), s.eventsPerSecond},
        {QStringLiteral("thread_cpu_s"), s.threadCpuSeconds},
        {QStringLiteral("decoded_ahead"), qint64(s.decodedAhead)},
        {QStringLiteral("held_messages"), qint64(s.heldMessages)},
        {QStringLiteral("held_partitions"), s.heldPartitions},
        {QStringLiteral("partition_pauses"), qint64(s.partitionPauses)},
        {QStringLiteral("cpu_us_per_event"),
         s.consumed > 0 ? s.threadCpuSeconds * 1e6 / double(s.consumed) : 0.0},
        {QStringLiteral("snapshot_interval_ms"), s.snapshotIntervalMs},
        {QStringLiteral("snapshot_ms"), s.snapshotCostMs},
        {QStringLiteral("latency_ms"), QJsonObject{{QStringLiteral("p50"), s.latencyP50Ms},
                                                   {QStringLiteral("p99"), s.latencyP99Ms},
                                                   {QStringLiteral("p999"), s.latencyP999Ms}}},
        {QStringLiteral("last_error"), QString::fromStdString(s.lastError)},
    };
}

QString throttleText(const ProducerStats &s) {
    return QStringLiteral("throttled: consumers %1 behind, holding %2 events/sec of %3 asked")
        .arg(s.throttleBehind)
        .arg(s.deliveredPerSecond, 0, 'f', 0)
        .arg(s.targetRate, 0, 'f', 0);
}

QJsonObject throttleJson(const ProducerStats &s) {
    return QJsonObject{
        {QStringLiteral("throttled"), s.throttled},
        {QStringLiteral("behind"), qint64(s.throttleBehind)},
        {QStringLiteral("allowed_rate"), s.throttleRate},
        {QStringLiteral("throttled_s"), double(s.throttledMs) / 1000.0},
    };
}

QJsonObject producerStatsJson(const ProducerStats &s) {
    QJsonObject byType;
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        byType.insert(utf8Text(eventTypeName(EventType(t))), qint64(s.deliveredByType[t]));
    }
    return QJsonObject{
        {QStringLiteral("delivered_by_type"), byType},
        {QStringLiteral("delivered_revenue_cents"), qint64(s.deliveredRevenueCents)},
        {QStringLiteral("state"), QString::fromStdString(s.state)},
        {QStringLiteral("produced"), qint64(s.produced)},
        {QStringLiteral("delivered"), qint64(s.delivered)},
        {QStringLiteral("failed"), qint64(s.failed)},
        {QStringLiteral("buffered"), qint64(s.buffered)},
        {QStringLiteral("backpressure_waits"), qint64(s.backpressureWaits)},
        {QStringLiteral("resent"), qint64(s.resent)},
        {QStringLiteral("producer_restarts"), qint64(s.producerRestarts)},
        {QStringLiteral("queue_full"), s.queueFull},
        {QStringLiteral("target_rate"), s.targetRate},
        {QStringLiteral("events_per_s"), s.deliveredPerSecond},
        {QStringLiteral("active_sessions"), s.activeSessions},
        {QStringLiteral("last_partition"), s.lastPartition},
        {QStringLiteral("last_offset"), qint64(s.lastOffset)},
        {QStringLiteral("last_error"), QString::fromStdString(s.lastError)},
        {QStringLiteral("throttle"), throttleJson(s)},
    };
}

QJsonObject fraudJson(const FraudSnapshot &s) {
    QJsonObject byRule;
    for (const auto &rule : s.alertsByRule) {
        byRule.insert(QString::fromStdString(rule.rule), qint64(rule.alerts));
    }
    QJsonObject bySeverity;
    for (std::size_t i = 0; i < s.alertsBySeverity.size(); ++i) {
        bySeverity.insert(utf8Text(severityName(Severity(i))), qint64(s.alertsBySeverity[i]));
    }
    return QJsonObject{{QStringLiteral("events"), qint64(s.events)},
                       {QStringLiteral("alerts"), qint64(s.alertsTotal)},
                       {QStringLiteral("alerts_by_rule"), byRule},
                       {QStringLiteral("alerts_by_severity"), bySeverity},
                       {QStringLiteral("tracked_users"), qint64(s.trackedUsers)},
                       {QStringLiteral("alerts_published"), qint64(s.alertsPublished)},
                       {QStringLiteral("alerts_unpublished"), qint64(s.alertsUnpublished)}};
}

QJsonObject alertJson(const Alert &a) {
    std::string text;
    encodeAlert(a, text);
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

QJsonObject qualityJson(const FraudQuality &q) {
    QJsonObject rules;
    for (const auto &rule : q.rules) {
        rules.insert(QString::fromStdString(rule.rule),
                     QJsonObject{{QStringLiteral("true_positives"), qint64(rule.truePositives)},
                                 {QStringLiteral("false_positives"), qint64(rule.falsePositives)},
                                 {QStringLiteral("precision"), rule.precision},
                                 {QStringLiteral("median_detect_ms"), rule.medianDetectMs}});
    }
    QJsonObject scenarios;
    for (const auto &s : q.scenarios) {
        scenarios.insert(
            utf8Text(scenarioName(s.scenario)),
            QJsonObject{{QStringLiteral("injected"), qint64(s.injected)},
                        {QStringLiteral("detected"), qint64(s.detected)},
                        {QStringLiteral("recall"), s.recall},
                        {QStringLiteral("median_seconds_into_attack"), s.medianSecondsIntoAttack},
                        {QStringLiteral("headlined"), qint64(s.headlined)},
                        {QStringLiteral("median_seconds_to_headline"), s.medianSecondsToHeadline}});
    }
    return QJsonObject{
        {QStringLiteral("rules"), rules},
        {QStringLiteral("scenarios"), scenarios},
        {QStringLiteral("events"), qint64(q.events)},
        {QStringLiteral("severe_alerts_on_innocent_users"), qint64(q.severeOnInnocent)},
        {QStringLiteral("severe_alerts_on_innocent_per_100k"), q.severeOnInnocentPer100k}};
}

QJsonObject groundTruthJson(const GroundTruth &entry) {
    return QJsonObject{
        {QStringLiteral("user_id"), QString::fromStdString(entry.userId)},
        {QStringLiteral("scenario"), utf8Text(scenarioName(entry.scenario))},
        {QStringLiteral("start"), QString::fromStdString(formatIsoTimestamp(entry.startMs))},
        {QStringLiteral("end"), QString::fromStdString(formatIsoTimestamp(entry.endMs))}};
}

QByteArray jsonLine(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject clusterHealthJson(const ClusterHealth &h) {
    return {{QStringLiteral("state"),
             QLatin1String(!h.reachable ? (h.known ? "unreachable" : "connecting")
                                        : (h.degraded() ? "degraded" : "healthy"))},
            {QStringLiteral("brokers"), h.brokers},
            {QStringLiteral("brokers_seen"), h.brokersSeen},
            {QStringLiteral("partitions"), h.partitions},
            {QStringLiteral("under_replicated"), h.underReplicated},
            {QStringLiteral("offline"), h.offline},
            {QStringLiteral("summary"), QString::fromStdString(h.summary())}};
}

} // namespace trackboard
