#pragma once

#include "fraud_rule.h"
#include "text_hash.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

// The fraud detector's users: each one's id and UserActivity, found by id.
//
// Every event looks its user up, and with a few hundred thousand users held that lookup is a
// cache miss or more: a node-based map took about 18% of the fraud worker's samples (bucket,
// the node before, the node). Here the users sit in a dense array, in chunks that never move,
// and an open-addressing index of 8-byte slots (32 bits of the id's hash, the user's position)
// points into it: one miss for the slot, and the user's entry, which the rules read anyway,
// holds the id for the final comparison. No allocation per event, none per user beyond the
// user's own histories, and the index costs 11-21 bytes per user.
//
// Removal moves the last user into the hole, so positions change: nothing outside may keep one.
class FraudDetectorUsers {
public:
    struct Entry {
        std::uint64_t hash = 0;
        std::string id;
        UserActivity activity;
    };

    std::size_t size() const { return size_; }

    const UserActivity *find(std::string_view id) const {
        const std::uint32_t at = positionOf(id, hashText(id));
        return at == kEmpty ? nullptr : &entry(at).activity;
    }

    // Starts loading the index slot find() will read first for `id`, for a caller that knows a
    // user a little before it applies the user's event.
    void prefetch(std::string_view id) const {
        if (!slots_.empty()) {
            __builtin_prefetch(&slots_[homeOf(static_cast<std::uint32_t>(hashText(id)))]);
        }
    }

    // The user's activity, added empty if the user is new.
    UserActivity &findOrInsert(std::string_view id) {
        const std::uint64_t hash = hashText(id);
        const std::uint32_t at = positionOf(id, hash);
        return at != kEmpty ? entry(at).activity : insert(id, hash);
    }

    // Removes every user for which pred(id, activity) holds. O(users), plus the index work
    // for each user removed.
    template <typename Pred> std::size_t eraseIf(Pred &&pred) {
        std::size_t erased = 0;
        for (std::uint32_t i = 0; i < size_;) {
            const Entry &e = entry(i);
            if (pred(std::string_view(e.id), static_cast<const UserActivity &>(e.activity))) {
                erase(i);
                ++erased;
            } else {
                ++i;
            }
        }
        if (erased > 0) {
            releaseSpareRoom();
        }
        return erased;
    }

private:
    static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
    // About 150 KB of entries per chunk: few chunk pointers to read, little room unused.
    static constexpr std::uint32_t kChunkShift = 8;
    static constexpr std::uint32_t kChunkSize = 1u << kChunkShift;
    static constexpr std::size_t kMinSlots = 64;

    struct Slot {
        std::uint32_t hashLow = 0; // the low half of the hash: the home slot, and a filter
        std::uint32_t position = kEmpty;
    };

    Entry &entry(std::uint32_t position) {
        return chunks_[position >> kChunkShift][position & (kChunkSize - 1)];
    }
    const Entry &entry(std::uint32_t position) const {
        return chunks_[position >> kChunkShift][position & (kChunkSize - 1)];
    }

    std::size_t homeOf(std::uint32_t hashLow) const { return hashLow & (slots_.size() - 1); }

    std::uint32_t positionOf(std::string_view id, std::uint64_t hash) const {
        if (slots_.empty()) {
            return kEmpty;
        }
        const auto low = static_cast<std::uint32_t>(hash);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = homeOf(low); slots_[i].position != kEmpty; i = (i + 1) & mask) {
            if (slots_[i].hashLow == low) {
                const Entry &e = entry(slots_[i].position);
                if (e.hash == hash && e.id == id) {
                    return slots_[i].position;
                }
            }
        }
        return kEmpty;
    }

    // The index slot that holds `position`, whose entry has hash `hash`.
    std::size_t slotOf(std::uint64_t hash, std::uint32_t position) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = homeOf(static_cast<std::uint32_t>(hash));
        while (slots_[i].position != position) {
            i = (i + 1) & mask;
        }
        return i;
    }

    void place(std::uint64_t hash, std::uint32_t position) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = homeOf(static_cast<std::uint32_t>(hash));
        while (slots_[i].position != kEmpty) {
            i = (i + 1) & mask;
        }
        slots_[i] = {static_cast<std::uint32_t>(hash), position};
    }

    // Not inlined into the lookup: most calls find their user.
    [[gnu::noinline]] UserActivity &insert(std::string_view id, std::uint64_t hash) {
        if (slots_.empty()) {
            slots_.resize(kMinSlots);
        } else if ((size_ + 1) * 4 > slots_.size() * 3) { // keep the load under 3/4
            reindex(slots_.size() * 2);
        }
        if ((size_ >> kChunkShift) >= chunks_.size()) {
            chunks_.push_back(std::make_unique<Entry[]>(kChunkSize));
        }
        const auto position = static_cast<std::uint32_t>(size_++);
        Entry &e = entry(position);
        e.hash = hash;
        e.id.assign(id);
        place(hash, position);
        return e.activity;
    }

    // Removes the user at `position`: its slot goes with a backward shift (later slots of the
    // same run move up, so a lookup still stops at the first empty slot), and the last user
    // moves into its place.
    void erase(std::uint32_t position) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t hole = slotOf(entry(position).hash, position);
        for (std::size_t next = (hole + 1) & mask; slots_[next].position != kEmpty;
             next = (next + 1) & mask) {
            const std::size_t home = homeOf(slots_[next].hashLow);
            // Moves up unless its home lies cyclically in (hole, next].
            const bool homeAfterHole =
                hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!homeAfterHole) {
                slots_[hole] = slots_[next];
                hole = next;
            }
        }
        slots_[hole] = Slot{};

        const auto last = static_cast<std::uint32_t>(--size_);
        if (position != last) {
            Entry &moved = entry(last);
            slots_[slotOf(moved.hash, last)].position = position;
            entry(position) = std::move(moved);
        }
        entry(last) = Entry{}; // gives the histories' memory back
    }

    void reindex(std::size_t slotCount) {
        slots_.assign(slotCount, Slot{});
        for (std::uint32_t position = 0; position < size_; ++position) {
            place(entry(position).hash, position);
        }
    }

    // After many users went idle: keeps one chunk beyond those in use, so that a user coming
    // and going at a chunk's edge does not allocate each time, and halves the index while it
    // would stay at most half full.
    void releaseSpareRoom() {
        const std::size_t needed = (size_ + kChunkSize - 1) / kChunkSize + 1;
        if (chunks_.size() > needed) {
            chunks_.resize(needed);
        }
        std::size_t slotCount = slots_.size();
        while (slotCount > kMinSlots && size_ * 2 <= slotCount / 2) {
            slotCount /= 2;
        }
        if (slotCount != slots_.size()) {
            reindex(slotCount);
        }
    }

    std::vector<std::unique_ptr<Entry[]>> chunks_;
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

} // namespace trackboard
