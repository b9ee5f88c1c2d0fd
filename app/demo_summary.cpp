#include "demo_summary.h"

#include "delivery_account.h"
#include "fraud_quality.h"
#include "report_format.h"

#include <algorithm>
#include <fstream>
#include <string>

namespace trackboard {

namespace {

bool tallyMatches(const DemoState &s) {
    for (std::size_t t = 0; t < kEventTypeCount; ++t) {
        if (s.analytics.eventsByType[t] != s.producer.deliveredByType[t]) {
            return false;
        }
    }
    return s.analytics.totalRevenueCents() == s.producer.deliveredRevenueCents;
}

QJsonObject groupJson(const ProducerStats &producer, const ConsumerStats &stats) {
    const DeliveryAccount account = accountForGroup(producer, stats);
    QJsonObject json = consumerStatsJson(stats);
    json.insert(QStringLiteral("lost"), qint64(account.lost));
    json.insert(QStringLiteral("pending"), qint64(account.pending));
    return json;
}

QJsonObject drainJson(const DemoState &s) {
    return QJsonObject{
        {QStringLiteral("ended"), utf8Text(drainVerdictName(s.drain))},
        {QStringLiteral("seconds"), s.drainSeconds},
        {QStringLiteral("stall_s"), double(s.drainLimits.stallMs) / 1000.0},
        {QStringLiteral("limit_s"), double(s.drainLimits.hardLimitMs) / 1000.0},
    };
}

} // namespace

double residentMegabytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stod(line.substr(6)) / 1024.0; // the kernel reports kB
        }
    }
    return -1;
}

std::uint64_t demoLost(const DemoState &s) {
    return accountForGroup(s.producer, s.analyticsStats).lost +
           accountForGroup(s.producer, s.fraudStats).lost;
}

std::uint64_t demoPending(const DemoState &s) {
    return accountForGroup(s.producer, s.analyticsStats).pending +
           accountForGroup(s.producer, s.fraudStats).pending;
}

QString demoTallyText(const DemoState &s) {
    const DeliveryAccount a = accountForGroup(s.producer, s.analyticsStats);
    const DeliveryAccount f = accountForGroup(s.producer, s.fraudStats);
    return QStringLiteral("Lost: analytics %1, fraud %2 | pending: analytics %3, fraud %4 "
                          "(drain %5 after %6 s) | alerts %7\n")
        .arg(a.lost)
        .arg(f.lost)
        .arg(a.pending)
        .arg(f.pending)
        .arg(utf8Text(drainVerdictName(s.drain)))
        .arg(s.drainSeconds, 0, 'f', 1)
        .arg(s.alerts);
}

QJsonObject stateSizeJson(const DemoState &s, double rssMb) {
    const AnalyticsSnapshot::StateSize &state = s.analytics.stateSize;
    constexpr double kMiB = 1024.0 * 1024.0;
    return QJsonObject{
        {QStringLiteral("rss_mb"), rssMb},
        {QStringLiteral("delivered"), qint64(s.producer.delivered)},
        {QStringLiteral("users"), qint64(state.users)},
        {QStringLiteral("sessions"), qint64(state.sessions)},
        {QStringLiteral("forgotten"), qint64(state.forgotten)},
        {QStringLiteral("table_mib"), double(state.tableBytes) / kMiB},
        {QStringLiteral("business_table_mib"), double(state.businessTableBytes) / kMiB},
        {QStringLiteral("fraud_users"), qint64(s.fraud.trackedUsers)},
        // The simulator's open visits: they follow the rate sent (VisitSizer).
        {QStringLiteral("visits"), qint64(s.producer.activeSessions)},
        // Events each group has yet to read: up to 100,000 of them wait in its prefetch queue.
        {QStringLiteral("lag"),
         QJsonObject{{QStringLiteral("analytics"), qint64(s.analyticsStats.lagMessages)},
                     {QStringLiteral("fraud"), qint64(s.fraudStats.lagMessages)}}}};
}

QJsonObject demoSummaryJson(const DemoState &s, double seconds) {
    const auto delivered = s.producer.delivered;
    QJsonObject analytics = groupJson(s.producer, s.analyticsStats);
    analytics.insert(QStringLiteral("aggregates"), analyticsJson(s.analytics));
    analytics.insert(QStringLiteral("matches_producer_tally"), tallyMatches(s));
    // The counts docs/memory.md's formula needs.
    analytics.insert(QStringLiteral("memory"), stateSizeJson(s, s.rssEndMb));
    QJsonObject fraud = groupJson(s.producer, s.fraudStats);
    fraud.insert(QStringLiteral("alerts"), qint64(s.alerts));
    fraud.insert(QStringLiteral("summary"), fraudJson(s.fraud));
    const auto worst = [&](double a, double b) { return std::max(a, b); };
    const auto perGroup = [&](const QString &field) {
        return QJsonObject{{QStringLiteral("analytics"), analytics.value(field)},
                           {QStringLiteral("fraud"), fraud.value(field)}};
    };
    QJsonObject throttle = throttleJson(s.producer);
    throttle.insert(QStringLiteral("enabled"), s.throttleEnabled);
    QJsonArray truth;
    for (const auto &entry : s.groundTruth) {
        truth.append(groundTruthJson(entry));
    }
    return QJsonObject{
        {QStringLiteral("duration_s"), seconds},
        {QStringLiteral("target_rate"), s.producer.targetRate},
        {QStringLiteral("produced"), qint64(s.producer.produced)},
        {QStringLiteral("delivered"), qint64(delivered)},
        {QStringLiteral("failed"), qint64(s.producer.failed)},
        {QStringLiteral("events_per_s"), seconds > 0 ? double(delivered) / seconds : 0.0},
        {QStringLiteral("alerts"), qint64(s.alerts)},
        {QStringLiteral("rejected"),
         qint64(std::max(s.analyticsStats.rejected, s.fraudStats.rejected))},
        {QStringLiteral("skipped"),
         qint64(std::max(s.analyticsStats.skipped, s.fraudStats.skipped))},
        {QStringLiteral("lost"), perGroup(QStringLiteral("lost"))},
        {QStringLiteral("pending"), perGroup(QStringLiteral("pending"))},
        {QStringLiteral("drain"), drainJson(s)},
        {QStringLiteral("throttle"), throttle},
        {QStringLiteral("traffic_before_ready"), s.trafficBeforeReady},
        {QStringLiteral("latency_ms"),
         QJsonObject{{QStringLiteral("p50"),
                      worst(s.analyticsStats.latencyP50Ms, s.fraudStats.latencyP50Ms)},
                     {QStringLiteral("p99"),
                      worst(s.analyticsStats.latencyP99Ms, s.fraudStats.latencyP99Ms)}}},
        {QStringLiteral("rss_mb"),
         QJsonObject{
             {QStringLiteral("start"), s.rssStartMb},
             {QStringLiteral("end"), s.rssEndMb},
             {QStringLiteral("per_minute"), s.rssPerMinute},
             {QStringLiteral("state_per_minute"), s.statePerMinute},
             {QStringLiteral("growth_pct"),
              s.rssStartMb > 0 ? (s.rssEndMb - s.rssStartMb) * 100.0 / s.rssStartMb : 0.0}}},
        {QStringLiteral("analytics"), analytics},
        {QStringLiteral("fraud"), fraud},
        {QStringLiteral("sample_alerts"), s.sampleAlerts},
        {QStringLiteral("ground_truth"), truth},
        {QStringLiteral("quality"),
         qualityJson(evaluateFraudQuality(s.groundTruth, s.allAlerts, s.fraudStats.applied))},
    };
}

} // namespace trackboard
