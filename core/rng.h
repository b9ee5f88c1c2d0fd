#pragma once

#include <cstdint>

namespace trackboard {

// xoshiro256** seeded through splitmix64. Hand-rolled on purpose: the standard distributions
// may differ between library versions, and the simulator promises a byte-identical stream
// for a given seed.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto &word : state_) {
            seed += 0x9E3779B97F4A7C15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform in [0, bound).
    std::uint64_t below(std::uint64_t bound) {
        return static_cast<std::uint64_t>(uniform() * static_cast<double>(bound));
    }
    bool chance(double probability) { return uniform() < probability; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t state_[4];
};

} // namespace trackboard
