#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <vector>

namespace trackboard {

inline std::int64_t historyTime(std::int64_t timeMs) {
    return timeMs;
}
template <typename Entry> std::int64_t historyTime(const Entry &entry) {
    return entry.timeMs;
}

// One per-user history for the fraud rules: entries sorted by event time, even when events
// arrive out of order, bounded in count and trimmed from the front as time moves on.
//
// A vector whose front is dropped by moving `head_`, so that trimming one entry per event does
// not shift the others; the dead front is erased only when the vector would otherwise grow.
// Capacity therefore stays at a power of two no larger than the one that holds `cap`, halves
// again once a burst has passed, and a history in a steady state does not allocate. Dropped entries
// keep their strings until that erase, within the same capacity. The time of the first entry a trim
// would drop is cached, so that a trim with nothing to drop reads no entry.
template <typename Entry> class FraudHistory {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    using const_iterator = typename std::vector<Entry>::const_iterator;

    // With `keepLatest`, trimming keeps the newest of the entries it would drop: the state when
    // the window opens (where the user was, for instance).
    FraudHistory() = default;
    explicit FraudHistory(bool keepLatest)
        : keepLatest_(keepLatest) {}

    const_iterator begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size() - head_; }
    bool empty() const { return size() == 0; }
    const Entry &operator[](std::size_t index) const { return items_[head_ + index]; }
    const Entry &back() const { return items_.back(); }
    std::size_t capacity() const { return items_.capacity(); }

    // Inserts after every entry of the same or an earlier time. With `cap` entries held already
    // the oldest goes, or the new entry itself when it is the oldest. Returns the new entry's
    // index, or npos when it was not kept. `newest` promises that no entry is later, which saves
    // reading one (a cache miss, for a user not seen lately).
    std::size_t insert(Entry entry, std::size_t cap, bool newest = false) {
        const std::int64_t time = historyTime(entry);
        auto index = size();
        if (!newest && index > 0 && time < historyTime(items_.back())) {
            const auto at =
                std::upper_bound(begin(), end(), time,
                                 [](std::int64_t t, const Entry &e) { return t < historyTime(e); });
            index = static_cast<std::size_t>(at - begin());
        }
        bool frontChanged = index <= dropIndex();
        if (size() >= cap) {
            if (index == 0) {
                return npos;
            }
            ++head_;
            --index;
            frontChanged = true;
        }
        if (head_ > 0 && items_.size() == items_.capacity()) {
            items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
            releaseSpareRoom();
        } else if (items_.capacity() == 0) {
            items_.reserve(std::min(cap, kInitialCapacity));
        }
        items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(head_ + index),
                      std::move(entry));
        if (frontChanged) {
            cacheNextDrop();
        }
        return index;
    }

    // Drops the entries at or before `cutoff` (but for the newest of them, with keepLatest).
    void dropUpTo(std::int64_t cutoff) {
        if (nextDropMs_ > cutoff) {
            return; // the common case, known without reading an entry
        }
        // Usually one entry goes: walk from the front rather than search.
        std::size_t count = 0;
        while (head_ + count < items_.size() && historyTime(items_[head_ + count]) <= cutoff) {
            ++count;
        }
        if (keepLatest_ && count > 0) {
            --count;
        }
        head_ += count;
        if (head_ == items_.size()) {
            items_.clear();
            head_ = 0;
        }
        cacheNextDrop();
    }

    // Removes the entry at `index`, shifting the later ones down by one.
    void erase(std::size_t index) {
        items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(head_ + index));
        if (head_ == items_.size()) {
            items_.clear();
            head_ = 0;
        }
        if (index <= dropIndex()) {
            cacheNextDrop();
        }
        releaseSpareRoom();
    }

private:
    // Start with about 256 bytes rather than one entry, saving a few reallocations; a power of
    // two, so that doubling lands on the caps (16, 64) rather than past them.
    static constexpr std::size_t kInitialCapacity =
        std::bit_floor(std::max<std::size_t>(1, 256 / sizeof(Entry)));

    // A burst grows the vector, and the room would otherwise stay for good, user after user.
    // Once the entries fill no more than a quarter of it, they move to a vector half the size:
    // the gap between a quarter and a half keeps a history near a boundary from reallocating
    // back and forth.
    void releaseSpareRoom() {
        const std::size_t half = items_.capacity() / 2;
        if (half < kInitialCapacity || size() + 1 > half / 2) {
            return;
        }
        std::vector<Entry> smaller;
        smaller.reserve(half);
        std::move(items_.begin() + static_cast<std::ptrdiff_t>(head_), items_.end(),
                  std::back_inserter(smaller));
        items_.swap(smaller);
        head_ = 0;
    }

    std::size_t dropIndex() const { return keepLatest_ ? 1 : 0; }
    void cacheNextDrop() {
        nextDropMs_ = size() > dropIndex() ? historyTime((*this)[dropIndex()])
                                           : std::numeric_limits<std::int64_t>::max();
    }

    std::vector<Entry> items_;
    std::int64_t nextDropMs_ = std::numeric_limits<std::int64_t>::max();
    std::uint32_t head_ = 0;
    bool keepLatest_ = false;
};

// A window (s - window, s] over a history, as the entry range [first, last).
struct HistoryWindow {
    int count = 0; // qualifying entries, or their distinct keys
    std::size_t first = 0;
    std::size_t last = 0;
};

// Of the windows that hold time `t` and end at a qualifying entry, (s - window, s] with
// t <= s < t + window, the one that `count(first, last)` rates highest, stopping early once one
// reaches `stopAt`. For an event that arrived in order that is just the window ending at the
// event; for a late one it also finds the burst that the late event completes.
template <typename Entry, typename Qualifies, typename Count>
HistoryWindow bestWindow(const FraudHistory<Entry> &history, std::int64_t t, std::int64_t window,
                         Qualifies qualifies, Count count, int stopAt) {
    const auto before = [](const Entry &e, std::int64_t ms) { return historyTime(e) < ms; };
    const auto index = [&](std::int64_t ms) {
        return static_cast<std::size_t>(
            std::lower_bound(history.begin(), history.end(), ms, before) - history.begin());
    };
    HistoryWindow best;
    const std::size_t n = history.size();
    std::size_t first = index(t - window + 1);
    std::int64_t previousEnd = t - 1;
    for (std::size_t end = index(t); end < n && best.count < stopAt; ++end) {
        const std::int64_t s = historyTime(history[end]);
        if (s - t >= window) {
            break;
        }
        if (s == previousEnd || !qualifies(history[end])) {
            continue;
        }
        previousEnd = s;
        std::size_t last = end + 1;
        while (last < n && historyTime(history[last]) == s) {
            ++last;
        }
        while (historyTime(history[first]) <= s - window) {
            ++first;
        }
        const int rating = count(first, last);
        if (rating > best.count) {
            best = {rating, first, last};
        }
    }
    return best;
}

// The window with the most qualifying entries, as bestWindow.
template <typename Entry, typename Qualifies>
HistoryWindow busiestWindow(const FraudHistory<Entry> &history, std::int64_t t, std::int64_t window,
                            Qualifies qualifies) {
    const auto count = [&](std::size_t first, std::size_t last) {
        int n = 0;
        for (std::size_t i = first; i < last; ++i) {
            n += qualifies(history[i]) ? 1 : 0;
        }
        return n;
    };
    return bestWindow(history, t, window, qualifies, count, std::numeric_limits<int>::max());
}

// The window with the most distinct `key(entry)` values among qualifying entries, counting no
// further than `stopAt` (at most 64).
template <typename Entry, typename Qualifies, typename Key>
HistoryWindow mostDistinctWindow(const FraudHistory<Entry> &history, std::int64_t t,
                                 std::int64_t window, Qualifies qualifies, Key key, int stopAt) {
    constexpr int kMaxKeys = 64;
    stopAt = std::clamp(stopAt, 1, kMaxKeys);
    const auto count = [&](std::size_t first, std::size_t last) {
        std::array<std::uint64_t, kMaxKeys> seen;
        int distinct = 0;
        for (std::size_t i = last; i-- > first && distinct < stopAt;) {
            if (!qualifies(history[i])) {
                continue;
            }
            const std::uint64_t k = key(history[i]);
            std::uint64_t *seenEnd = seen.data() + distinct;
            if (std::find(seen.data(), seenEnd, k) == seenEnd) {
                seen[static_cast<std::size_t>(distinct++)] = k;
            }
        }
        return distinct;
    };
    return bestWindow(history, t, window, qualifies, count, stopAt);
}

} // namespace trackboard
