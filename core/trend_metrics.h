#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What TrendMetrics shows at one instant: a plain value that crosses threads by copy.
struct TrendReport {
    bool operator==(const TrendReport &) const = default;
};

// Trends: pages and products whose rate rose most in the last 5 minutes against their last hour
// (#20 section 6). One per partition inside AnalyticsAggregator; mergeFrom() adds another
// partition's counts for the merged view, which is then for fill() only. Placeholder until the
// section is built.
class TrendMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const TrendMetrics &) {}
    void fill(TrendReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
