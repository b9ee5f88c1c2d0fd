#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What CustomMetrics shows at one instant: a plain value that crosses threads by copy.
struct CustomMetricsReport {
    bool operator==(const CustomMetricsReport &) const = default;
};

// Metrics defined without code, from a declarative file applied live (#20 section 7).
// One per partition inside AnalyticsAggregator; mergeFrom() adds another partition's counts for
// the merged view, which is then for fill() only. Placeholder until the section is built.
class CustomMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const CustomMetrics &) {}
    void fill(CustomMetricsReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
