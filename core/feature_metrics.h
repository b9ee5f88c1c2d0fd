#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What FeatureMetrics shows at one instant: a plain value that crosses threads by copy.
struct FeatureReport {
    bool operator==(const FeatureReport &) const = default;
};

// Feature usage: clicks per element name and use per visitor (#20 section 4).
// One per partition inside AnalyticsAggregator; mergeFrom() adds another partition's counts for
// the merged view, which is then for fill() only. Placeholder until the section is built.
class FeatureMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const FeatureMetrics &) {}
    void fill(FeatureReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
