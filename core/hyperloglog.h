#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace trackboard {

// Distinct-count sketch (Flajolet et al. 2007) with 2^14 one-byte registers: 16 KiB, a
// standard error of 1.04 / sqrt(16384) = 0.81 %, so 2 % is 2.5 standard errors. Registers are
// allocated on the first add, so an unused sketch costs nothing. Callers pass an already well-mixed
// 64-bit hash.
class HyperLogLog {
public:
    static constexpr int kPrecision = 14;
    static constexpr std::size_t kRegisters = std::size_t(1) << kPrecision;
    static constexpr std::uint8_t kMaxRank = 64 - kPrecision + 1; // estimate()'s histogram size

    void add(std::uint64_t hash) {
        if (registers_.empty()) {
            registers_.assign(kRegisters, 0);
        }
        const auto index = static_cast<std::size_t>(hash >> (64 - kPrecision));
        const std::uint64_t rest = (hash << kPrecision) | (std::uint64_t(1) << (kPrecision - 1));
        const auto rank = static_cast<std::uint8_t>(__builtin_clzll(rest) + 1);
        if (registers_[index] < rank) {
            registers_[index] = rank;
        }
    }
    // Register-wise maximum: the sketch of the union.
    void merge(const HyperLogLog &other);
    double estimate() const;
    void clear();
    bool empty() const { return registers_.empty(); }
    // For checkpoints: the registers (empty when unused), and setting one back.
    const std::vector<std::uint8_t> &registers() const { return registers_; }
    void setRegister(std::size_t index, std::uint8_t rank) {
        if (registers_.empty()) {
            registers_.assign(kRegisters, 0);
        }
        if (index < kRegisters && rank <= kMaxRank) { // a larger rank is no sketch's
            registers_[index] = std::max(registers_[index], rank);
        }
    }

private:
    std::vector<std::uint8_t> registers_;
};

// splitmix64's finaliser: spreads std::hash's bits so both the register index (top bits) and
// the rank (the rest) are uniform.
inline std::uint64_t mixHash(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x == 0 ? 1 : x; // 0 marks an empty slot in FlatHashTable
}

} // namespace trackboard
