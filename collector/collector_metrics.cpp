#include "collector_metrics.h"

namespace trackboard {

void CollectorMetrics::countRejected(std::string_view reason) {
    const std::lock_guard lock(mutex_);
    auto it = rejected_.find(reason);
    if (it == rejected_.end()) {
        it = rejected_.emplace(std::string(reason), 0).first;
    }
    ++it->second;
}

std::uint64_t CollectorMetrics::rejected(std::string_view reason) const {
    const std::lock_guard lock(mutex_);
    const auto it = rejected_.find(reason);
    return it == rejected_.end() ? 0 : it->second;
}

void CollectorMetrics::countStatus(unsigned status) {
    if (status < statuses_.size()) {
        statuses_[status].fetch_add(1, std::memory_order_relaxed);
    }
}

std::string CollectorMetrics::prometheusText() const {
    std::string out;
    const auto metric = [&](const char *name, const char *type, const char *help,
                            std::uint64_t value) {
        out += "# HELP ";
        out += name;
        out += ' ';
        out += help;
        out += "\n# TYPE ";
        out += name;
        out += ' ';
        out += type;
        out += '\n';
        out += name;
        out += ' ';
        out += std::to_string(value);
        out += '\n';
    };
    const auto load = [](const std::atomic<std::uint64_t> &v) {
        return v.load(std::memory_order_relaxed);
    };
    metric("trackboard_collector_requests_total", "counter", "HTTP requests read.", load(requests));
    metric("trackboard_collector_events_accepted_total", "counter",
           "Events answered 202, bots included.", load(eventsAccepted));
    metric("trackboard_collector_bots_total", "counter",
           "Events from bots and headless browsers, answered 202 and dropped.", load(bots));
    metric("trackboard_collector_events_produced_total", "counter",
           "Enriched events given to the Kafka producer.", load(produced));
    metric("trackboard_collector_events_delivered_total", "counter",
           "Events the broker acknowledged.", load(delivered));
    metric("trackboard_collector_delivery_failed_total", "counter",
           "Events the Kafka producer gave up on.", load(deliveryFailed));
    metric("trackboard_collector_undelivered_total", "counter",
           "Accepted events dropped at shutdown because the broker did not take them in time.",
           load(undelivered));
    metric("trackboard_collector_rate_limited_total", "counter",
           "Requests answered 429 by the per-IP rate limit.", load(rateLimited));
    metric("trackboard_collector_overloaded_total", "counter",
           "Requests answered 503 because the producer could not keep up.", load(overloaded));
    metric("trackboard_collector_queue_depth", "gauge", "Events waiting for the producer thread.",
           load(queueDepth));
    metric("trackboard_collector_live_visitors", "gauge",
           "Visitors (not opted out by Do-Not-Track) seen in the last 5 minutes.",
           load(liveVisitors));
    metric("trackboard_collector_lang_dropped_total", "counter",
           "Events kept without their lang, which was not a well-formed language tag.",
           load(languagesDropped));
    metric("trackboard_collector_connections_open", "gauge", "Open HTTP connections.",
           load(connectionsOpen));
    metric("trackboard_collector_connections_refused_total", "counter",
           "Connections closed at once because the connection limit was reached.",
           load(connectionsRefused));
    metric("trackboard_collector_timeouts_total", "counter",
           "Connections closed for sending too slowly or idling too long.", load(timedOut));

    const std::lock_guard lock(mutex_);
    out += "# HELP trackboard_collector_rejected_total Requests refused with 400, 403, 413 or "
           "431, by reason.\n# TYPE trackboard_collector_rejected_total counter\n";
    for (const auto &[reason, count] : rejected_) {
        out += "trackboard_collector_rejected_total{reason=\"" + reason + "\"} " +
               std::to_string(count) + '\n';
    }
    out += "# HELP trackboard_collector_responses_total Responses by HTTP status.\n# TYPE "
           "trackboard_collector_responses_total counter\n";
    for (std::size_t status = 0; status < statuses_.size(); ++status) {
        if (const auto count = statuses_[status].load(std::memory_order_relaxed)) {
            out += "trackboard_collector_responses_total{code=\"" + std::to_string(status) +
                   "\"} " + std::to_string(count) + '\n';
        }
    }
    return out;
}

} // namespace trackboard
