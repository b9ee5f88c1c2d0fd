#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What CampaignMetrics shows at one instant: a plain value that crosses threads by copy.
struct CampaignReport {
    bool operator==(const CampaignReport &) const = default;
};

// Campaigns and referrer channels: visitors, conversion and revenue per channel, source and
// campaign (#20 section 1). One per partition inside AnalyticsAggregator; mergeFrom() adds another
// partition's counts for the merged view, which is then for fill() only. Placeholder until the
// section is built.
class CampaignMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const CampaignMetrics &) {}
    void fill(CampaignReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
