#pragma once

#include "bounded_interner.h"
#include "business_context.h"
#include "metric_definition.h"
#include "varint_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

// One group of a custom metric: its key ("(other)" past the cap, "(none)" when the event has
// no such field) and its count, or its sum in the field's unit (cents for money).
struct CustomMetricGroup {
    std::string key;
    std::int64_t value = 0;
    bool operator==(const CustomMetricGroup &) const = default;
};

struct CustomMetricResult {
    std::string name;
    std::string title;
    std::string window;    // "1m", "5m", "15m", "60m", "all"
    std::string kind;      // "count" or "sum"
    std::string sumField;  // "events", "order.value", "product.price", "quantity"
    bool money = false;    // values are cents
    std::string eventType; // "any" or an event type
    std::string groupBy;   // empty without group_by
    std::int64_t total = 0;
    std::vector<CustomMetricGroup> groups; // largest first; empty without group_by
    std::uint64_t overflowEvents = 0;      // all time, counted into "(other)"
    bool operator==(const CustomMetricResult &) const = default;
};

// What CustomMetrics shows at one instant: a plain value that crosses threads by copy.
struct CustomMetricsReport {
    std::string source; // the metrics file, empty when none is loaded
    std::vector<CustomMetricResult> metrics;
    bool operator==(const CustomMetricsReport &) const = default;
};

// Metrics defined without code, from a declarative file applied live (#20 section 7,
// docs/analytics.md "Custom metrics"). One per partition inside AnalyticsAggregator: per
// metric, per 10-second event-time bucket, a count (or sum) per group, in a table capped at
// the metric's max_groups; the windows end at nowMs. State is keyed by each definition's
// fingerprint, so a reload keeps what is unchanged and starts a changed metric empty.
// mergeFrom() adds another partition's counts (exactly: counts add) for the merged view, which
// takes the definitions of the first part merged into it and is then for fill() only.
class CustomMetrics {
public:
    static constexpr int kRingBuckets = 60 * 6 + 12 + 15 * 6; // AnalyticsAggregator's ring

    CustomMetrics();
    ~CustomMetrics();

    // Called on the thread that applies events. Unchanged definitions keep their counts.
    void setDefinitions(MetricDefinitions definitions);
    const MetricDefinitions &definitions() const { return definitions_; }

    void apply(const Event &event, const BusinessEventContext &context);
    void mergeFrom(const CustomMetrics &other);
    void fill(CustomMetricsReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    bool decode(VarintReader &r);

private:
    struct MetricState {
        explicit MetricState(const MetricDefinition &d);
        std::uint64_t fingerprint;
        std::size_t width; // group ids in use at most: max_groups + 1 ("(other)"), or 1
        BoundedInterner groups;
        std::vector<std::int64_t> allTime;       // per group id
        std::vector<std::int64_t> cells;         // kRingBuckets x width, from the first use
        std::vector<std::int64_t> bucketNumbers; // the bucket each ring slot holds
        std::int64_t newest;
        std::uint64_t events = 0;
        std::uint64_t overflowEvents = 0;

        std::int64_t *slot(std::int64_t bucket, bool create);
        const std::int64_t *slot(std::int64_t bucket) const;
    };

    void add(MetricState &s, const MetricDefinition &d, const Event &e,
             const BusinessEventContext &context);
    void mergeState(MetricState &into, const MetricState &from) const;
    void index();

    MetricDefinitions definitions_;
    std::vector<MetricState> states_; // parallel to definitions_->metrics
    // Metric indices by event type, and for "any": an event looks only at metrics it can match.
    std::array<std::vector<std::uint16_t>, kEventTypeCount + 1> byType_;
};

} // namespace trackboard
