#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What SegmentMetrics shows at one instant: a plain value that crosses threads by copy.
struct SegmentReport {
    bool operator==(const SegmentReport &) const = default;
};

// Segments: high-value users, new against returning, mobile against desktop conversion, regional
// preferences (#20 section 5). One per partition inside AnalyticsAggregator; mergeFrom() adds
// another partition's counts for the merged view, which is then for fill() only. Placeholder until
// the section is built.
class SegmentMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const SegmentMetrics &) {}
    void fill(SegmentReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
