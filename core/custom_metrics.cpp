#include "custom_metrics.h"

#include "analytics_aggregator.h"

#include <algorithm>
#include <limits>

namespace trackboard {

static_assert(CustomMetrics::kRingBuckets == AnalyticsAggregator::kRingBuckets,
              "custom metrics keep the same buckets as the aggregator's windows");

namespace {

constexpr std::int64_t kUnusedBucket = std::numeric_limits<std::int64_t>::min();

std::size_t ringSlot(std::int64_t bucket) {
    const std::int64_t n = CustomMetrics::kRingBuckets;
    return std::size_t(((bucket % n) + n) % n);
}

std::int64_t floorDivide(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::int64_t valueOf(MetricSum sum, const Event &e) {
    switch (sum) {
    case MetricSum::OrderValue:
        return e.hasOrder ? e.order.valueCents : 0;
    case MetricSum::ProductPrice:
        return e.hasProduct ? e.product.priceCents : 0;
    case MetricSum::Quantity:
        return e.quantity;
    case MetricSum::Events:
        break;
    }
    return 1;
}

} // namespace

CustomMetrics::MetricState::MetricState(const MetricDefinition &d)
    : fingerprint(d.fingerprint)
    , width(d.groupBy == MetricDefinition::kNoGroup ? 1 : d.maxGroups + 1)
    , groups(d.groupBy == MetricDefinition::kNoGroup ? 1 : d.maxGroups)
    , allTime(width, 0)
    , bucketNumbers(std::size_t(kRingBuckets), kUnusedBucket)
    , newest(kUnusedBucket) {}

std::int64_t *CustomMetrics::MetricState::slot(std::int64_t bucket, bool create) {
    const std::size_t i = ringSlot(bucket);
    if (bucketNumbers[i] != bucket) {
        // A slot holding a newer bucket: this one was recycled (the aggregator calls it late).
        if (!create || (bucketNumbers[i] != kUnusedBucket && bucketNumbers[i] > bucket)) {
            return nullptr;
        }
        if (cells.empty()) {
            cells.assign(std::size_t(kRingBuckets) * width, 0); // first windowed event only
        }
        std::fill_n(cells.begin() + std::ptrdiff_t(i * width), width, 0);
        bucketNumbers[i] = bucket;
    }
    newest = std::max(newest, bucket);
    return cells.data() + i * width;
}

const std::int64_t *CustomMetrics::MetricState::slot(std::int64_t bucket) const {
    const std::size_t i = ringSlot(bucket);
    return bucketNumbers[i] == bucket && !cells.empty() ? cells.data() + i * width : nullptr;
}

CustomMetrics::CustomMetrics() = default;
CustomMetrics::~CustomMetrics() = default;

void CustomMetrics::setDefinitions(MetricDefinitions definitions) {
    std::vector<MetricState> next;
    if (definitions) {
        next.reserve(definitions->metrics.size());
        for (const MetricDefinition &d : definitions->metrics) {
            const auto kept = std::find_if(states_.begin(), states_.end(), [&d](const auto &s) {
                return s.fingerprint == d.fingerprint;
            });
            if (kept != states_.end()) {
                next.push_back(std::move(*kept));
                kept->fingerprint = 0; // taken
            } else {
                next.emplace_back(d);
            }
        }
    }
    states_ = std::move(next);
    definitions_ = std::move(definitions);
    index();
}

void CustomMetrics::index() {
    for (auto &list : byType_) {
        list.clear();
    }
    if (!definitions_) {
        return;
    }
    for (std::size_t i = 0; i < definitions_->metrics.size(); ++i) {
        const MetricDefinition &d = definitions_->metrics[i];
        byType_[d.anyEventType ? kEventTypeCount : std::size_t(d.eventType)].push_back(
            std::uint16_t(i));
    }
}

void CustomMetrics::add(MetricState &s, const MetricDefinition &d, const Event &e,
                        const BusinessEventContext &context) {
    if (!d.matches(e)) {
        return;
    }
    const std::int64_t value = valueOf(d.sum, e);
    std::uint32_t group = 0;
    if (d.groupBy != MetricDefinition::kNoGroup) {
        group = s.groups.id(metricFields()[std::size_t(d.groupBy)].read(e));
        if (group == BoundedInterner::kOther) {
            ++s.overflowEvents;
        }
    }
    ++s.events;
    s.allTime[group] += value;
    if (context.late) {
        return; // all time only, as for every other metric
    }
    if (std::int64_t *cells = s.slot(context.bucket, true)) {
        cells[group] += value;
    }
}

void CustomMetrics::apply(const Event &event, const BusinessEventContext &context) {
    if (!definitions_) {
        return;
    }
    for (const std::uint16_t i : byType_[std::size_t(event.type)]) {
        add(states_[i], definitions_->metrics[i], event, context);
    }
    for (const std::uint16_t i : byType_[kEventTypeCount]) {
        add(states_[i], definitions_->metrics[i], event, context);
    }
}

void CustomMetrics::mergeState(MetricState &into, const MetricState &from) const {
    std::vector<std::uint32_t> ids(from.groups.size(), 0);
    for (std::uint32_t g = 1; g < ids.size() && into.width > 1; ++g) {
        ids[g] = into.groups.id(from.groups.name(g));
    }
    const std::size_t fromIds = std::min(from.width, ids.size());
    for (std::size_t g = 0; g < fromIds; ++g) {
        into.allTime[ids[g]] += from.allTime[g];
    }
    into.events += from.events;
    into.overflowEvents += from.overflowEvents;
    if (from.cells.empty()) {
        return;
    }
    for (std::size_t i = 0; i < from.bucketNumbers.size(); ++i) {
        const std::int64_t bucket = from.bucketNumbers[i];
        if (bucket == kUnusedBucket) {
            continue;
        }
        std::int64_t *cells = into.slot(bucket, true);
        if (cells == nullptr) {
            continue; // older than what this ring holds: outside every window
        }
        const std::int64_t *source = from.cells.data() + i * from.width;
        for (std::size_t g = 0; g < fromIds; ++g) {
            cells[ids[g]] += source[g];
        }
    }
}

void CustomMetrics::mergeFrom(const CustomMetrics &other) {
    if (!definitions_ && other.definitions_) {
        setDefinitions(other.definitions_); // the merged view shows what its parts count
    }
    for (MetricState &into : states_) {
        for (const MetricState &from : other.states_) {
            if (from.fingerprint == into.fingerprint) {
                mergeState(into, from);
                break;
            }
        }
    }
}

void CustomMetrics::fill(CustomMetricsReport &report, std::int64_t nowMs) const {
    report = {};
    if (!definitions_) {
        return;
    }
    report.source = definitions_->source;
    const std::int64_t nowBucket = floorDivide(nowMs, AnalyticsAggregator::kBucketMs);
    std::vector<std::int64_t> sums;
    for (std::size_t i = 0; i < states_.size(); ++i) {
        const MetricDefinition &d = definitions_->metrics[i];
        const MetricState &s = states_[i];
        CustomMetricResult r;
        r.name = d.name;
        r.title = d.title;
        r.window = d.windowName();
        r.kind = d.sum == MetricSum::Events ? "count" : "sum";
        r.sumField = metricSumName(d.sum);
        r.money = metricSumIsMoney(d.sum);
        r.eventType = d.anyEventType ? "any" : eventTypeName(d.eventType);
        if (d.groupBy != MetricDefinition::kNoGroup) {
            r.groupBy = metricFields()[std::size_t(d.groupBy)].name;
        }
        r.overflowEvents = s.overflowEvents;
        if (d.windowMinutes == 0) {
            sums = s.allTime;
        } else if (sums.assign(s.width, 0); s.newest != kUnusedBucket) {
            // As the aggregator's windows: 6N buckets back from "now" to the newest bucket.
            const std::int64_t first =
                std::max(nowBucket - d.windowMinutes * 6 + 1, s.newest - kRingBuckets + 1);
            for (std::int64_t b = s.newest; b >= first; --b) {
                if (const std::int64_t *cells = s.slot(b)) {
                    for (std::size_t g = 0; g < s.width; ++g) {
                        sums[g] += cells[g];
                    }
                }
            }
        }
        for (std::size_t g = 0; g < s.width; ++g) {
            r.total += sums[g];
            if (d.groupBy != MetricDefinition::kNoGroup && sums[g] != 0) {
                const std::string &key = s.groups.name(std::uint32_t(g));
                r.groups.push_back({g == 0 ? key : key.empty() ? "(none)" : key, sums[g]});
            }
        }
        std::sort(r.groups.begin(), r.groups.end(), [](const auto &a, const auto &b) {
            return a.value != b.value ? a.value > b.value : a.key < b.key;
        });
        report.metrics.push_back(std::move(r));
    }
}

} // namespace trackboard
