#include "business_report.h"

namespace trackboard {

void addBusinessJson(QJsonObject &doc, const BusinessSnapshot &s) {
    doc.insert(QStringLiteral("campaigns"), campaignsJson(s.campaigns));
    doc.insert(QStringLiteral("experiments"), experimentsJson(s.experiments));
    doc.insert(QStringLiteral("journeys"), journeysJson(s.journeys));
    doc.insert(QStringLiteral("features"), featuresJson(s.features));
    doc.insert(QStringLiteral("segments"), segmentsJson(s.segments));
    doc.insert(QStringLiteral("trends"), trendsJson(s.trends));
    doc.insert(QStringLiteral("custom_metrics"), customMetricsJson(s.custom));
}

QString businessReportText(const BusinessSnapshot &s) {
    return marketingText(s) + productText(s) + customMetricsText(s.custom);
}

} // namespace trackboard
