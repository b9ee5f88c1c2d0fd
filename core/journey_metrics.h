#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What JourneyMetrics shows at one instant: a plain value that crosses threads by copy.
struct JourneyReport {
    bool operator==(const JourneyReport &) const = default;
};

// Journeys: entry and exit pages, page-to-page transitions and three-step paths, in bounded memory
// (#20 section 3). One per partition inside AnalyticsAggregator; mergeFrom() adds another
// partition's counts for the merged view, which is then for fill() only. Placeholder until the
// section is built.
class JourneyMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const JourneyMetrics &) {}
    void fill(JourneyReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
