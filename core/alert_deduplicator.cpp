#include "alert_deduplicator.h"

#include <algorithm>

namespace trackboard {

bool AlertDeduplicator::firstSeen(std::string_view alertId) {
    if (seen_.seenBefore(alertId)) {
        ++repeats_;
        return false;
    }
    return true;
}

std::size_t AlertDeduplicator::dropRepeats(std::vector<Alert> &alerts) {
    return std::erase_if(alerts, [this](const Alert &a) { return !firstSeen(a.alertId); });
}

} // namespace trackboard
