#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trackboard {

// Space-Saving (Metwally, Agrawal, El Abbadi 2005): the heaviest keys of an unbounded stream
// in `capacity` counters. While fewer than `capacity` distinct keys have been seen every count
// is exact (exact() stays true). Past that, a new key takes over the smallest counter: its
// count then over-estimates by at most `error`, and any key whose true count exceeds
// total / capacity is guaranteed to be held. Each entry carries a Payload the caller fills
// (for example a product's views, units and revenue); an evicted key's payload starts again.
// Strings of evicted entries are reused, so a warm summary allocates nothing per event.
template <typename Payload> class SpaceSaving {
public:
    struct Entry {
        std::string key;
        std::uint64_t hash = 0;
        std::uint64_t count = 0;
        std::uint64_t error = 0;
        Payload payload{};
    };

    explicit SpaceSaving(std::size_t capacity)
        : capacity_(capacity) {}

    // Starts loading the index slot add() will probe first (FlatHashTable::prefetch).
    void prefetch(std::uint64_t hash) const {
        if (!index_.empty()) {
            __builtin_prefetch(&index_[hash & (index_.size() - 1)]);
        }
    }

    // Adds `weight` to `key` (whose hash the caller computed) and returns its entry.
    Entry &add(std::string_view key, std::uint64_t hash, std::uint64_t weight) {
        if (index_.empty()) {
            std::size_t slotCount = 16;
            while (slotCount < capacity_ * 2) {
                slotCount *= 2;
            }
            index_.assign(slotCount, 0);
        }
        const std::size_t mask = index_.size() - 1;
        std::size_t i = hash & mask;
        for (; index_[i] != 0; i = (i + 1) & mask) {
            Entry &e = entries_[index_[i] - 1];
            if (e.hash == hash && e.key == key) {
                e.count += weight;
                siftDown(position_[index_[i] - 1]);
                return e;
            }
        }
        std::uint32_t slot;
        if (size_ < capacity_) {
            slot = static_cast<std::uint32_t>(size_++);
            if (entries_.size() < size_) {
                entries_.emplace_back();
                position_.push_back(0);
            }
            heap_.push_back(slot);
            position_[slot] = heap_.size() - 1;
            entries_[slot].count = 0;
            entries_[slot].error = 0;
        } else {
            ++evictions_;
            slot = heap_.front();
            erase(entries_[slot].hash, slot);
            entries_[slot].error = entries_[slot].count;
            i = hash & mask; // the erase may have moved the probe chain
            while (index_[i] != 0) {
                i = (i + 1) & mask;
            }
        }
        Entry &e = entries_[slot];
        e.key.assign(key);
        e.hash = hash;
        e.count += weight;
        e.payload = Payload{};
        index_[i] = slot + 1;
        siftUp(position_[slot]);
        siftDown(position_[slot]);
        return e;
    }

    // The held entries, in no particular order: [begin(), end()).
    const Entry *begin() const { return entries_.data(); }
    const Entry *end() const { return entries_.data() + size_; }
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    bool exact() const { return evictions_ == 0; }
    std::uint64_t evictions() const { return evictions_; }
    // Merging or restoring another summary: its evictions make this one inexact as well.
    void addEvictions(std::uint64_t evictions) { evictions_ += evictions; }

    // Empties the summary but keeps its memory for reuse.
    void clear() {
        size_ = 0;
        evictions_ = 0;
        heap_.clear();
        std::fill(index_.begin(), index_.end(), 0);
    }

private:
    bool less(std::size_t a, std::size_t b) const {
        return entries_[heap_[a]].count < entries_[heap_[b]].count;
    }
    void swapHeap(std::size_t a, std::size_t b) {
        std::swap(heap_[a], heap_[b]);
        position_[heap_[a]] = a;
        position_[heap_[b]] = b;
    }
    void siftUp(std::size_t at) {
        while (at > 0 && less(at, (at - 1) / 2)) {
            swapHeap(at, (at - 1) / 2);
            at = (at - 1) / 2;
        }
    }
    // A count only grows, so an existing entry only ever moves away from the root.
    void siftDown(std::size_t at) {
        for (;;) {
            const std::size_t left = 2 * at + 1;
            if (left >= heap_.size()) {
                return;
            }
            std::size_t smallest = left;
            if (left + 1 < heap_.size() && less(left + 1, left)) {
                smallest = left + 1;
            }
            if (!less(smallest, at)) {
                return;
            }
            swapHeap(at, smallest);
            at = smallest;
        }
    }
    // Backward-shift deletion keeps the linear probe chains intact without tombstones.
    void erase(std::uint64_t hash, std::uint32_t slot) {
        const std::size_t mask = index_.size() - 1;
        std::size_t i = hash & mask;
        while (index_[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        std::size_t j = i;
        for (;;) {
            j = (j + 1) & mask;
            if (index_[j] == 0) {
                break;
            }
            const std::size_t home = entries_[index_[j] - 1].hash & mask;
            // Move j back into the hole at i when its home is not in (i, j] cyclically.
            const bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!between) {
                index_[i] = index_[j];
                i = j;
            }
        }
        index_[i] = 0;
    }

    std::size_t capacity_;
    std::size_t size_ = 0;
    std::uint64_t evictions_ = 0;
    std::vector<Entry> entries_;
    std::vector<std::size_t> position_; // entry -> place in heap_
    std::vector<std::uint32_t> heap_;   // min-heap of entries by count
    std::vector<std::uint32_t> index_;  // open addressing: entry + 1, 0 when free
};

} // namespace trackboard
