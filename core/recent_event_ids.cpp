#include "recent_event_ids.h"

#include "text_hash.h"

namespace trackboard {

RecentEventIds::RecentEventIds(std::size_t capacity)
    : ring_(capacity > 0 ? capacity : 1) {
    std::size_t slotCount = 16;
    while (slotCount < ring_.size() * 2) {
        slotCount *= 2;
    }
    slots_.assign(slotCount, 0);
    mask_ = slotCount - 1;
}

std::uint64_t RecentEventIds::idHash(std::string_view eventId) {
    return hashText(eventId);
}

bool RecentEventIds::seenBefore(std::string_view eventId) {
    return seenBeforeHashed(idHash(eventId));
}

void RecentEventIds::prefetch(std::uint64_t hash) const {
    __builtin_prefetch(&slots_[home(hash)]);
    if (full_) {
        // The current id, once remembered, pushes out ring_[next_]; `hash` the one after it.
        __builtin_prefetch(&slots_[home(ring_[(next_ + 1) % ring_.size()])]);
    }
}

bool RecentEventIds::seenBeforeHashed(std::uint64_t hash) {
    std::size_t i = home(hash);
    for (; slots_[i] != 0; i = (i + 1) & mask_) {
        if (slots_[i] == hash) {
            return true;
        }
    }
    if (full_) {
        const std::uint64_t oldest = ring_[next_];
        erase(oldest);
        // The hole may have opened in front of `i`: look for the free slot again.
        for (i = home(hash); slots_[i] != 0; i = (i + 1) & mask_) {
        }
    }
    slots_[i] = hash;
    ++size_;
    ring_[next_] = hash;
    next_ = (next_ + 1) % ring_.size();
    full_ = full_ || next_ == 0;
    return false;
}

void RecentEventIds::erase(std::uint64_t hash) {
    std::size_t hole = home(hash);
    while (slots_[hole] != hash) {
        hole = (hole + 1) & mask_;
    }
    // Backward-shift deletion: a member may fill the hole if its home is not in the cyclic
    // range (hole, its slot], i.e. if the probe from its home passes the hole.
    for (std::size_t j = (hole + 1) & mask_; slots_[j] != 0; j = (j + 1) & mask_) {
        const std::size_t h = home(slots_[j]);
        const bool homeBetween = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
        if (!homeBetween) {
            slots_[hole] = slots_[j];
            hole = j;
        }
    }
    slots_[hole] = 0;
    --size_;
}

} // namespace trackboard
