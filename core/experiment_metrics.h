#pragma once

#include "business_context.h"
#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// What ExperimentMetrics shows at one instant: a plain value that crosses threads by copy.
struct ExperimentReport {
    bool operator==(const ExperimentReport &) const = default;
};

// A/B experiments: users, conversion, revenue per user, lift and a two-proportion test per variant
// (#20 section 2). One per partition inside AnalyticsAggregator; mergeFrom() adds another
// partition's counts for the merged view, which is then for fill() only. Placeholder until the
// section is built.
class ExperimentMetrics {
public:
    void apply(const Event &, const BusinessEventContext &) {}
    void mergeFrom(const ExperimentMetrics &) {}
    void fill(ExperimentReport &, std::int64_t /*nowMs*/) const {}
    void encode(VarintWriter &) const {}
    bool decode(VarintReader &r) { return r.ok(); }
};

} // namespace trackboard
