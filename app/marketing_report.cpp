#include "business_report.h"

#include <QJsonArray>

namespace trackboard {

// Placeholders until the campaign, experiment and segment answers are built.
QJsonValue campaignsJson(const CampaignReport &) {
    return QJsonArray{};
}
QJsonValue experimentsJson(const ExperimentReport &) {
    return QJsonArray{};
}
QJsonValue segmentsJson(const SegmentReport &) {
    return QJsonObject{};
}
QString marketingText(const BusinessSnapshot &) {
    return {};
}

} // namespace trackboard
