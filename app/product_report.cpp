#include "business_report.h"

#include <QJsonArray>

namespace trackboard {

// Placeholders until the journey, feature and trend answers are built.
QJsonValue journeysJson(const JourneyReport &) {
    return QJsonObject{};
}
QJsonValue featuresJson(const FeatureReport &) {
    return QJsonArray{};
}
QJsonValue trendsJson(const TrendReport &) {
    return QJsonObject{};
}
QString productText(const BusinessSnapshot &) {
    return {};
}

} // namespace trackboard
