// CustomMetrics in checkpoints: the definitions themselves (so that a checkpoint read by
// another worker, or the merged view, knows what its counts mean), then each metric's groups,
// all-time values and live ring buckets. Decoding checks every count and id against its cap.
#include "custom_metrics.h"

#include <limits>

namespace trackboard {

namespace {

constexpr std::uint64_t kCodecVersion = 1;
constexpr std::int64_t kUnusedBucket = std::numeric_limits<std::int64_t>::min();

// A count or sum: at most 2^53 either way, so that adding up to 501 groups cannot overflow.
// A larger one is damage; it reads as a failure.
std::int64_t value(VarintReader &r) {
    constexpr std::int64_t kLimit = std::int64_t(1) << 53;
    const std::int64_t v = r.s();
    if (v > kLimit || v < -kLimit) {
        r.fail();
    }
    return v;
}

void encodeDefinition(VarintWriter &w, const MetricDefinition &d) {
    w.str(d.name);
    w.str(d.title);
    w.u(d.anyEventType ? kEventTypeCount : std::size_t(d.eventType));
    w.u(std::uint64_t(d.sum));
    w.u(d.where.size());
    for (const MetricFilter &f : d.where) {
        w.u(f.field);
        w.str(f.value);
    }
    w.s(d.groupBy);
    w.u(std::uint64_t(d.windowMinutes));
    w.u(d.maxGroups);
    w.u(std::uint64_t(d.line));
    w.fixed64(d.fingerprint);
}

bool decodeDefinition(VarintReader &r, MetricDefinition &d) {
    d.name = r.str();
    d.title = r.str();
    const std::uint64_t type = r.u();
    if (type > kEventTypeCount) {
        return false;
    }
    d.anyEventType = type == kEventTypeCount;
    d.eventType = d.anyEventType ? EventType::PageView : EventType(type);
    const std::uint64_t sum = r.u();
    if (sum > std::uint64_t(MetricSum::Quantity)) {
        return false;
    }
    d.sum = MetricSum(sum);
    const std::uint64_t filters = r.count();
    if (filters > MetricDefinition::kMaxFilters) {
        return false;
    }
    for (std::uint64_t i = 0; i < filters && r.ok(); ++i) {
        const std::uint64_t field = r.u();
        if (field >= metricFields().size()) {
            return false;
        }
        d.where.push_back({std::uint8_t(field), std::string(r.str())});
    }
    const std::int64_t groupBy = r.s();
    const std::uint64_t window = r.u();
    const std::uint64_t maxGroups = r.u();
    const std::uint64_t line = r.u();
    const std::uint64_t fingerprint = r.fixed64();
    if (!r.ok() || groupBy < -1 || groupBy > 255 || window > 60 ||
        maxGroups > MetricDefinition::kMaxGroups || line > 1'000'000) {
        return false;
    }
    d.groupBy = int(groupBy);
    d.windowMinutes = int(window);
    d.maxGroups = std::size_t(maxGroups);
    d.line = int(line);
    // Validation recomputes the fingerprint: a different one is a different build's meaning.
    return validateMetricDefinition(d).empty() && d.fingerprint == fingerprint;
}

} // namespace

void CustomMetrics::encode(VarintWriter &w) const {
    w.u(kCodecVersion);
    if (!definitions_) {
        w.u(0);
        return;
    }
    w.u(definitions_->metrics.size());
    w.str(definitions_->source);
    for (std::size_t i = 0; i < states_.size(); ++i) {
        encodeDefinition(w, definitions_->metrics[i]);
        const MetricState &s = states_[i];
        w.u(s.events);
        w.u(s.overflowEvents);
        w.u(s.groups.size() - 1); // ids 1.., in order, so that decoding gives the same ids
        for (std::uint32_t g = 1; g < s.groups.size(); ++g) {
            w.str(s.groups.name(g));
        }
        for (std::size_t g = 0; g < s.groups.size(); ++g) {
            w.s(s.allTime[g]);
        }
        std::uint64_t live = 0;
        for (const std::int64_t b : s.bucketNumbers) {
            live += b != kUnusedBucket && !s.cells.empty();
        }
        w.u(live);
        w.s(s.newest);
        for (std::size_t slot = 0; live > 0 && slot < s.bucketNumbers.size(); ++slot) {
            if (s.bucketNumbers[slot] == kUnusedBucket) {
                continue;
            }
            w.s(s.bucketNumbers[slot]);
            for (std::size_t g = 0; g < s.groups.size(); ++g) {
                w.s(s.cells[slot * s.width + g]);
            }
        }
    }
}

bool CustomMetrics::decode(VarintReader &r) {
    if (r.u() != kCodecVersion) {
        return false;
    }
    const std::uint64_t count = r.count();
    if (!r.ok() || count > MetricDefinitionSet::kMaxMetrics) {
        return false;
    }
    if (count == 0) {
        setDefinitions(nullptr);
        return true;
    }
    auto set = std::make_shared<MetricDefinitionSet>();
    set->source = r.str();
    std::vector<MetricState> states;
    for (std::uint64_t i = 0; i < count; ++i) {
        MetricDefinition d;
        if (!decodeDefinition(r, d)) {
            return false;
        }
        MetricState s(d);
        s.events = r.u();
        s.overflowEvents = r.u();
        const std::uint64_t names = r.count();
        if (!r.ok() || names >= s.width) {
            return false;
        }
        for (std::uint64_t g = 1; g <= names; ++g) {
            if (s.groups.id(r.str()) != g) {
                return false; // a repeated name: not what encode() writes
            }
        }
        for (std::uint64_t g = 0; g <= names; ++g) {
            s.allTime[g] = value(r);
        }
        const std::uint64_t live = r.count();
        s.newest = r.s();
        // Buckets are event time / 10 s: far from the ends of the range, whatever the input.
        constexpr std::int64_t kBucketLimit = std::numeric_limits<std::int64_t>::max() / 4;
        if (!r.ok() || live > std::uint64_t(kRingBuckets) ||
            (s.newest != kUnusedBucket && (s.newest < -kBucketLimit || s.newest > kBucketLimit))) {
            return false;
        }
        if (live > 0) {
            s.cells.assign(std::size_t(kRingBuckets) * s.width, 0);
        }
        for (std::uint64_t k = 0; k < live; ++k) {
            const std::int64_t bucket = r.s();
            if (!r.ok() || bucket > s.newest || bucket <= s.newest - kRingBuckets) {
                return false;
            }
            const std::int64_t *free = s.slot(bucket);
            std::int64_t *cells = s.slot(bucket, true);
            if (free != nullptr || cells == nullptr) {
                return false; // the same bucket twice
            }
            for (std::uint64_t g = 0; g <= names; ++g) {
                cells[g] = value(r);
            }
        }
        set->metrics.push_back(std::move(d));
        states.push_back(std::move(s));
    }
    if (!r.ok()) {
        return false;
    }
    definitions_ = std::move(set);
    states_ = std::move(states);
    index();
    return true;
}

} // namespace trackboard
