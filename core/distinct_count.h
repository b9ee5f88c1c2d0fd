#pragma once

#include "hyperloglog.h"
#include "varint_codec.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace trackboard {

// An all-time distinct count of users (or sessions) over a table that forgets the quiet ones
// (docs/memory.md). Exact while nothing it counted was forgotten: `entered` is
// then the number of distinct keys. A key forgotten and back later enters again, so from its
// owner's first forgetting on every key that enters also goes into a HyperLogLog (seeded then
// with every key held or being forgotten), and the figure becomes max(keys held, estimate):
// 16 KiB per count, whatever the run's length (HyperLogLog++, as analytics products count users).
class DistinctCount {
public:
    // A key entered the owner's table for this count (new, or back after being forgotten).
    void enter(std::uint64_t hash, bool forgetting) {
        ++entered_;
        if (forgetting) {
            sketch_.add(hash);
        }
    }
    // At the owner's first forgetting: a key this count holds, or is about to forget.
    void seed(std::uint64_t hash) { sketch_.add(hash); }
    void forget() { ++forgotten_; }

    std::uint64_t value() const { return merged_ + own(); }
    bool estimated() const { return forgotten_ > 0 || mergedEstimated_; }
    std::uint64_t entered() const { return entered_; }

    // Every user lives in one partition, so the counts of two partitions add: the sum of the
    // exact figures is exact, and the estimates' errors partly cancel. A register-wise union
    // would need every partition's keys in a sketch, even those that never forgot.
    void mergeFrom(const DistinctCount &other) {
        merged_ += other.value();
        mergedEstimated_ = mergedEstimated_ || other.estimated();
    }

    // Checkpoints: `entered` goes where the exact counter always went; the rest (forgotten and
    // the registers) in the owner's section for forgetting, which older checkpoints lack.
    void setEntered(std::uint64_t n) { entered_ = n; }
    template <typename Writer> void encodeForgetting(Writer &w) const {
        w.u(forgotten_);
        w.u(sketch_.empty() ? 0 : 1);
        if (!sketch_.empty()) {
            w.str(std::string_view(reinterpret_cast<const char *>(sketch_.registers().data()),
                                   sketch_.registers().size()));
        }
    }
    template <typename Reader> bool decodeForgetting(Reader &r) {
        forgotten_ = r.u();
        const std::uint64_t hasSketch = r.u();
        if (hasSketch > 1 || forgotten_ > entered_) {
            return false;
        }
        if (hasSketch == 1) {
            const std::string_view registers = r.str();
            if (registers.size() != HyperLogLog::kRegisters) {
                return false;
            }
            for (std::size_t i = 0; i < registers.size(); ++i) {
                sketch_.setRegister(i, std::uint8_t(registers[i]));
            }
        }
        return r.ok();
    }

private:
    std::uint64_t own() const {
        if (forgotten_ == 0) {
            return entered_;
        }
        const auto estimate = std::uint64_t(std::llround(sketch_.estimate()));
        return std::max(entered_ - forgotten_, estimate);
    }

    std::uint64_t entered_ = 0;
    std::uint64_t forgotten_ = 0;
    HyperLogLog sketch_;
    std::uint64_t merged_ = 0; // other partitions' figures, in a merged view
    bool mergedEstimated_ = false;
};

// Forgets the entries of `table` (a FlatHashTable) whose key `forgets`, telling each of an
// entry's counts, reached through `eachCount(value, f)`. At the owner's first forgetting
// (`forgetting` false until then) every count first seeds its sketch with every key held.
template <typename Table, typename Forgets, typename EachCount>
void forgetEntries(Table &table, bool &forgetting, Forgets forgets, EachCount eachCount) {
    if (!forgetting) {
        bool any = false;
        table.forEach([&](std::uint64_t key, const auto &) { any = any || forgets(key); });
        if (!any) {
            return;
        }
        forgetting = true;
        table.forEach([&](std::uint64_t key, const auto &value) {
            eachCount(value, [key](DistinctCount &c) { c.seed(key); });
        });
    }
    table.eraseIf([&](std::uint64_t key, const auto &value) {
        if (!forgets(key)) {
            return false;
        }
        eachCount(value, [](DistinctCount &c) { c.forget(); });
        return true;
    });
}

} // namespace trackboard
