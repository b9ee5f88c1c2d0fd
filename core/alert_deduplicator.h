#pragma once

#include "alert.h"
#include "string_hash.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace trackboard {

// Drops alerts whose alert_id was seen before. Ids are "alert-<partition>-<offset>-<rule>", so an
// event processed twice (by a worker that took a partition over from one that died, say) raises
// the same id twice; whoever shows or prints alerts passes them through here once.
//
// Memory is bounded: it remembers the last `capacity` distinct ids and forgets the oldest first.
// A repeat comes from re-reading at most a commit interval plus the warm-up's overlap, minutes
// of alerts, which the default capacity covers many times over.
class AlertDeduplicator {
public:
    static constexpr std::size_t kDefaultCapacity = 20'000;

    explicit AlertDeduplicator(std::size_t capacity = kDefaultCapacity);

    // True the first time `alertId` is offered, false for a repeat of a remembered id.
    bool firstSeen(std::string_view alertId);
    // Removes the repeats from `alerts`, keeping the order of the rest. Returns how many went.
    std::size_t dropRepeats(std::vector<Alert> &alerts);

    std::size_t remembered() const { return seen_.size(); }
    std::size_t capacity() const { return capacity_; }
    // Repeats dropped so far.
    std::uint64_t repeats() const { return repeats_; }

private:
    std::size_t capacity_;
    std::unordered_set<std::string, StringHash, std::equal_to<>> seen_;
    // Oldest first; the set's nodes never move, so these stay valid until erased.
    std::deque<const std::string *> order_;
    std::uint64_t repeats_ = 0;
};

} // namespace trackboard
