#pragma once

#include <cstdint>
#include <vector>

namespace trackboard {

// Open-addressing table from a non-zero 64-bit hash to a small value, with a hard bound on the
// number of keys. The hash stands in for the key itself: at 64 bits, collisions are negligible
// below billions of keys. One flat array, no node per key, so millions of users cost
// 24-48 bytes each and no allocation per event.
template <typename Value> class FlatHashTable {
public:
    explicit FlatHashTable(std::size_t maxKeys)
        : maxKeys_(maxKeys) {}

    // The value for `hash`, inserted default-constructed when absent (`inserted` tells).
    // nullptr when absent and the table already holds maxKeys keys.
    // The lookup is inlined and the insertion is not: most calls find their key, and a call
    // per event to each table made the inserting code's register saves a measurable share.
    Value *findOrInsert(std::uint64_t hash, bool &inserted) {
        inserted = false;
        if (Value *found = find(hash)) {
            return found;
        }
        return insert(hash, inserted);
    }

    Value *find(std::uint64_t hash) {
        if (slots_.empty()) {
            return nullptr;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask; slots_[i].hash != 0; i = (i + 1) & mask) {
            if (slots_[i].hash == hash) {
                return &slots_[i].value;
            }
        }
        return nullptr;
    }

    // Starts loading the slot where `hash` would be, for a lookup a little later: a caller that
    // knows several keys early lets their cache misses overlap instead of taking them in turn.
    void prefetch(std::uint64_t hash) const {
        if (!slots_.empty()) {
            __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
        }
    }

    // Calls f(hash, value) for every key, in no particular order.
    template <typename F> void forEach(F &&f) const {
        for (const Slot &slot : slots_) {
            if (slot.hash != 0) {
                f(slot.hash, slot.value);
            }
        }
    }

    // Removes every key for which pred(hash, value) is true, then moves the remaining keys of
    // each run back towards their home slots, so that lookups still stop at the first empty
    // slot. O(slots). A table that forgets as many keys as it gains keeps its array; one whose
    // keys fell under 1/8 of its slots (a burst's keys forgotten) rehashes into an array of
    // capacityFor(size()) slots, so that the memory a burst grew goes back.
    template <typename Pred> std::size_t eraseIf(Pred &&pred) {
        std::size_t erased = 0;
        // A slot empty before the erasure: no run of keys wraps across it, so re-placing keys
        // in order from there only ever moves a key into a hole before it in its own run.
        std::size_t start = slots_.size();
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i].hash == 0) {
                start = i;
                break;
            }
        }
        if (start == slots_.size()) {
            return 0; // empty (no slots), never full: the load stays under 3/4
        }
        for (Slot &slot : slots_) {
            if (slot.hash != 0 && pred(slot.hash, static_cast<const Value &>(slot.value))) {
                slot.hash = 0;
                slot.value = Value{};
                ++erased;
            }
        }
        if (erased == 0) {
            return 0;
        }
        size_ -= erased;
        if (size_ * 8 < slots_.size() && slots_.size() > kMinSlots) {
            rehash(capacityFor(size_)); // places every key afresh: no run to mend
            return erased;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t n = 1; n < slots_.size(); ++n) {
            const std::size_t at = (start + n) & mask;
            if (slots_[at].hash == 0) {
                continue;
            }
            std::size_t i = slots_[at].hash & mask;
            while (i != at && slots_[i].hash != 0) {
                i = (i + 1) & mask;
            }
            if (i != at) {
                slots_[i] = slots_[at];
                slots_[at].hash = 0;
                slots_[at].value = Value{};
            }
        }
        return erased;
    }

    std::size_t size() const { return size_; }
    // Slots allocated (a power of two, or 0): the table's memory is this x sizeof(slot).
    std::size_t capacity() const { return slots_.size(); }
    static constexpr std::size_t slotBytes() { return sizeof(Slot); }
    std::size_t maxKeys() const { return maxKeys_; }
    bool full() const { return size_ >= maxKeys_; }

    // The slots a table shrinks to for `keys` keys: the fewest (a power of two, at least 64)
    // that hold them at most 3/8 full. Half the 3/4 at which it doubles, so that a table just
    // shrunk can take as many keys again before it grows, and one just grown (3/8 full) is
    // three times the 1/8 at which it shrinks: a rate that wavers never makes it flap.
    static std::size_t capacityFor(std::size_t keys) {
        std::size_t n = kMinSlots;
        while (keys * 8 > n * 3) {
            n *= 2;
        }
        return n;
    }

private:
    static constexpr std::size_t kMinSlots = 64;

    struct Slot {
        std::uint64_t hash = 0;
        Value value{};
    };

    // `hash` is absent.
    [[gnu::noinline]] Value *insert(std::uint64_t hash, bool &inserted) {
        if (size_ >= maxKeys_) {
            return nullptr;
        }
        if (slots_.empty()) {
            slots_.resize(kMinSlots);
        } else if ((size_ + 1) * 4 > slots_.size() * 3) { // keep the load under 3/4
            rehash(slots_.size() * 2);
        }
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        while (slots_[i].hash != 0) {
            i = (i + 1) & mask;
        }
        slots_[i].hash = hash;
        slots_[i].value = Value{};
        ++size_;
        inserted = true;
        return &slots_[i].value;
    }

    // Into a fresh array of `count` slots (a power of two); the old one is freed whole, so the
    // allocator can give it back to the system (large arrays are mapped on their own).
    void rehash(std::size_t count) {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.resize(count);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot &slot : old) {
            if (slot.hash == 0) {
                continue;
            }
            std::size_t i = slot.hash & mask;
            while (slots_[i].hash != 0) {
                i = (i + 1) & mask;
            }
            slots_[i] = slot;
        }
    }

    std::size_t maxKeys_;
    std::size_t size_ = 0;
    std::vector<Slot> slots_;
};

} // namespace trackboard
