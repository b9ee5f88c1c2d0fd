#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

// The K highest of many scores that only ever grow, exactly: a key outside the set never has a
// higher score than the set's minimum, because it could only have left as that minimum and the
// minimum only rises. The caller keeps each key's score and tells the set when it rises, with
// a flag of its own saying whether the key is held (so most events cost one comparison).
class TopScores {
public:
    struct Entry {
        std::uint64_t hash = 0;
        std::string key;
        std::uint64_t score = 0;
        std::uint64_t events = 0;
    };

    explicit TopScores(std::size_t capacity = 32)
        : capacity_(capacity) {}

    // `held` is the caller's flag for this key. Returns the hash of a key that was pushed out
    // to make room (its flag must be cleared), or 0.
    std::uint64_t offer(std::uint64_t hash, std::string_view key, std::uint64_t score,
                        std::uint64_t events, bool &held) {
        // Most offers come from keys far below a full set: one compare, inlined.
        if (!held && score < minScore_ && entries_.size() >= capacity_) {
            return 0;
        }
        return offerSlow(hash, key, score, events, held);
    }

    // For an event that belongs to an older bucket than the key's latest: adds `weight` to the
    // key's entry. While the set never pushed anything out, a key it does not hold has no score
    // here yet, so this stays exact. Returns the hash of a key pushed out, or 0.
    std::uint64_t addOutOfOrder(std::uint64_t hash, std::string_view key, std::uint64_t weight) {
        for (Entry &e : entries_) {
            if (e.hash == hash) {
                e.score += weight;
                e.events += 1;
                if (hash == minHash_) {
                    findMin();
                }
                return 0;
            }
        }
        bool held = false;
        return offer(hash, key, weight, 1, held);
    }

    const std::vector<Entry> &entries() const { return entries_; }
    bool exact() const { return evictions_ == 0; }
    std::uint64_t evictions() const { return evictions_; }
    void addEvictions(std::uint64_t evictions) { evictions_ += evictions; }
    void clear() {
        entries_.clear();
        minHash_ = 0;
        minScore_ = 0;
        evictions_ = 0;
    }

private:
    [[gnu::noinline]] std::uint64_t offerSlow(std::uint64_t hash, std::string_view key,
                                              std::uint64_t score, std::uint64_t events,
                                              bool &held) {
        if (held) {
            for (Entry &e : entries_) {
                if (e.hash == hash) {
                    e.score = score;
                    e.events = events;
                    break;
                }
            }
            if (hash == minHash_) {
                findMin();
            }
            return 0;
        }
        if (entries_.size() < capacity_) {
            entries_.push_back({hash, std::string(key), score, events});
            held = true;
            findMin();
            return 0;
        }
        Entry &min = entries_[minIndex_];
        if (!before(score, key, min.score, min.key)) {
            return 0;
        }
        const std::uint64_t out = min.hash;
        ++evictions_;
        min.hash = hash;
        min.key.assign(key);
        min.score = score;
        min.events = events;
        held = true;
        findMin();
        return out;
    }

    // Higher score first, ties by key.
    static bool before(std::uint64_t score, std::string_view key, std::uint64_t otherScore,
                       std::string_view otherKey) {
        return score != otherScore ? score > otherScore : key < otherKey;
    }
    void findMin() {
        minIndex_ = 0;
        for (std::size_t i = 1; i < entries_.size(); ++i) {
            const Entry &e = entries_[i];
            const Entry &m = entries_[minIndex_];
            if (before(m.score, m.key, e.score, e.key)) {
                minIndex_ = i;
            }
        }
        minHash_ = entries_.empty() ? 0 : entries_[minIndex_].hash;
        minScore_ = entries_.empty() ? 0 : entries_[minIndex_].score;
    }

    std::size_t capacity_;
    std::vector<Entry> entries_;
    std::size_t minIndex_ = 0;
    std::uint64_t minHash_ = 0;
    std::uint64_t minScore_ = 0; // entries_[minIndex_].score, kept beside the hot fields
    std::uint64_t evictions_ = 0;
};

} // namespace trackboard
