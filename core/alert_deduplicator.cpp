#include "alert_deduplicator.h"

#include <algorithm>

namespace trackboard {

AlertDeduplicator::AlertDeduplicator(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)) {}

bool AlertDeduplicator::firstSeen(std::string_view alertId) {
    if (seen_.find(alertId) != seen_.end()) {
        ++repeats_;
        return false;
    }
    if (order_.size() == capacity_) {
        // Erase through an iterator: erase(key) with a key that is the element itself would
        // read the string while destroying it.
        seen_.erase(seen_.find(*order_.front()));
        order_.pop_front();
    }
    order_.push_back(&*seen_.emplace(alertId).first);
    return true;
}

std::size_t AlertDeduplicator::dropRepeats(std::vector<Alert> &alerts) {
    return std::erase_if(alerts, [this](const Alert &a) { return !firstSeen(a.alertId); });
}

} // namespace trackboard
