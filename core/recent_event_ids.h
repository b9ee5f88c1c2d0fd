#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace trackboard {

// The event_ids of the last `capacity` applied events, to refuse an event sent twice under new
// offsets (a client retrying without idempotence, or a replayed file). Redelivered offsets are
// the OffsetTracker's job; this catches the copies it cannot see. Memory is bounded: ids are
// kept as 64-bit hashes in a ring, and the oldest is forgotten when the ring is full. A hash
// collision among a few hundred thousand ids is about one in ten billion.
//
// Every consumed event passes through here, so the set is one flat array probed linearly (at
// most half full) rather than a node-based set: one cache line per lookup, no allocation.
class RecentEventIds {
public:
    static constexpr std::size_t kDefaultCapacity = 200'000;

    explicit RecentEventIds(std::size_t capacity = kDefaultCapacity);

    // True when `eventId` is among the remembered ones. Otherwise remembers it.
    bool seenBefore(std::string_view eventId);
    // The same, for an id already hashed with idHash().
    bool seenBeforeHashed(std::uint64_t hash);
    static std::uint64_t idHash(std::string_view eventId);
    // Called one id ahead (before the current id's answer): starts loading what the answer
    // for `hash` will read, its home slot and the home slot of the id it may push out. Both
    // are random probes into a table of a few MiB, each a cache miss when met unannounced.
    void prefetch(std::uint64_t hash) const;
    std::size_t size() const { return size_; }

private:
    std::size_t home(std::uint64_t hash) const { return hash & mask_; }
    // Removes `hash`, which must be present, and moves later members of its probe run back so
    // that no lookup stops early at the hole (no tombstones to clean up).
    void erase(std::uint64_t hash);

    std::vector<std::uint64_t> ring_; // remembered hashes, oldest at next_ once full
    std::size_t next_ = 0;
    bool full_ = false;
    std::vector<std::uint64_t> slots_; // 0 = free; hashText never returns 0
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

} // namespace trackboard
