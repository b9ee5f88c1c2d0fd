#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace trackboard {

// The event_ids of the last `capacity` applied events, to refuse an event sent twice under new
// offsets (a client retrying without idempotence, or a replayed file). Redelivered offsets are
// the OffsetTracker's job; this catches the copies it cannot see. Memory is bounded: ids are
// kept as 64-bit hashes in a ring, and the oldest is forgotten when the ring is full. A hash
// collision among a few hundred thousand ids is about one in ten billion.
class RecentEventIds {
public:
    static constexpr std::size_t kDefaultCapacity = 200'000;

    explicit RecentEventIds(std::size_t capacity = kDefaultCapacity);

    // True when `eventId` is among the remembered ones. Otherwise remembers it.
    bool seenBefore(std::string_view eventId);
    std::size_t size() const { return members_.size(); }

private:
    std::vector<std::uint64_t> ring_;
    std::size_t next_ = 0;
    bool full_ = false;
    std::unordered_set<std::uint64_t> members_;
};

} // namespace trackboard
