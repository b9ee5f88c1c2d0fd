#pragma once

#include "campaign_metrics.h"
#include "custom_metrics.h"
#include "experiment_metrics.h"
#include "feature_metrics.h"
#include "journey_metrics.h"
#include "segment_metrics.h"
#include "trend_metrics.h"

namespace trackboard {

// The business answers of the demo guide (docs/analytics.md, "Business value").
struct BusinessSnapshot {
    CampaignReport campaigns;
    ExperimentReport experiments;
    JourneyReport journeys;
    FeatureReport features;
    SegmentReport segments;
    TrendReport trends;
    CustomMetricsReport custom;
    bool operator==(const BusinessSnapshot &) const = default;
};

} // namespace trackboard
