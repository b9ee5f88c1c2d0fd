#pragma once

#include "alert.h"
#include "recent_event_ids.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace trackboard {

// Drops alerts whose alert_id was seen before. Ids are "alert-<partition>-<offset>-<rule>", so an
// event processed twice (by a worker that took a partition over from one that died, say) raises
// the same id twice; whoever shows or prints alerts passes them through here once.
//
// Memory is bounded: it remembers the last `capacity` distinct ids (as RecentEventIds does for
// events: 64-bit hashes in a ring) and forgets the oldest first.
// A repeat comes from re-reading at most a commit interval plus the warm-up's overlap, minutes
// of alerts, which the default capacity covers many times over.
class AlertDeduplicator {
public:
    static constexpr std::size_t kDefaultCapacity = 20'000;

    explicit AlertDeduplicator(std::size_t capacity = kDefaultCapacity)
        : seen_(capacity)
        , capacity_(capacity > 0 ? capacity : 1) {}

    // True the first time `alertId` is offered, false for a repeat of a remembered id.
    bool firstSeen(std::string_view alertId);
    // Removes the repeats from `alerts`, keeping the order of the rest. Returns how many went.
    std::size_t dropRepeats(std::vector<Alert> &alerts);
    std::size_t remembered() const { return seen_.size(); }
    std::size_t capacity() const { return capacity_; }
    // Repeats dropped so far.
    std::uint64_t repeats() const { return repeats_; }

private:
    RecentEventIds seen_;
    std::size_t capacity_;
    std::uint64_t repeats_ = 0;
};

} // namespace trackboard
