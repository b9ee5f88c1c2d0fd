#pragma once

#include "business_snapshot.h"

#include <QJsonObject>
#include <QString>

namespace trackboard {

// The business answers in the CLI's --json (docs/analytics.md, "Business value"): one key per
// answer, added to the analytics object.
void addBusinessJson(QJsonObject &doc, const BusinessSnapshot &s);
// The same answers as lines of the text report; empty while there is nothing to say.
QString businessReportText(const BusinessSnapshot &s);

// Each answer's JSON and text, defined beside the others of its kind:
// marketing_report.cpp (campaigns, experiments, segments), product_report.cpp (journeys,
// features, trends), custom_metrics_report.cpp.
QJsonValue campaignsJson(const CampaignReport &r);
QJsonValue experimentsJson(const ExperimentReport &r);
QJsonValue segmentsJson(const SegmentReport &r);
QJsonValue journeysJson(const JourneyReport &r);
QJsonValue featuresJson(const FeatureReport &r);
QJsonValue trendsJson(const TrendReport &r);
QJsonValue customMetricsJson(const CustomMetricsReport &r);
QString marketingText(const BusinessSnapshot &s);
QString productText(const BusinessSnapshot &s);
QString customMetricsText(const CustomMetricsReport &r);

} // namespace trackboard
