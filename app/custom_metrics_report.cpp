#include "business_report.h"

#include <QJsonArray>

namespace trackboard {

// Placeholder until metrics defined without code are built.
QJsonValue customMetricsJson(const CustomMetricsReport &) {
    return QJsonArray{};
}
QString customMetricsText(const CustomMetricsReport &) {
    return {};
}

} // namespace trackboard
