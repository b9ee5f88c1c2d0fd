#include "recent_event_ids.h"

#include <functional>

namespace trackboard {

RecentEventIds::RecentEventIds(std::size_t capacity)
    : ring_(capacity > 0 ? capacity : 1) {
    members_.reserve(ring_.size());
}

bool RecentEventIds::seenBefore(std::string_view eventId) {
    const std::uint64_t hash = std::hash<std::string_view>{}(eventId);
    if (members_.contains(hash)) {
        return true;
    }
    if (full_) {
        members_.erase(ring_[next_]);
    }
    ring_[next_] = hash;
    members_.insert(hash);
    next_ = (next_ + 1) % ring_.size();
    full_ = full_ || next_ == 0;
    return false;
}

} // namespace trackboard
