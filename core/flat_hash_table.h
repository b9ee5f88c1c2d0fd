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

    std::size_t size() const { return size_; }
    std::size_t maxKeys() const { return maxKeys_; }
    bool full() const { return size_ >= maxKeys_; }

private:
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
            slots_.resize(64);
        } else if ((size_ + 1) * 4 > slots_.size() * 3) { // keep the load under 3/4
            grow();
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

    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.resize(old.size() * 2);
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
