#pragma once

#include "text_hash.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

// Small dense ids for low-cardinality text (countries, currencies, browsers...), so per-bucket
// counters are plain arrays and the hot path allocates nothing once a value has been seen.
// At most `maxKeys` values get their own id; any further value shares id 0, named "(other)",
// so hostile input cannot grow memory.
class BoundedInterner {
public:
    static constexpr std::uint32_t kOther = 0;

    explicit BoundedInterner(std::size_t maxKeys)
        : maxKeys_(maxKeys) {
        std::size_t slotCount = 16;
        while (slotCount < maxKeys * 2) {
            slotCount *= 2;
        }
        slots_.assign(slotCount, 0);
        names_.emplace_back("(other)");
        hashes_.push_back(0);
    }

    std::uint32_t id(std::string_view text) {
        const std::uint64_t hash = hashText(text);
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        for (; slots_[i] != 0; i = (i + 1) & mask) {
            const std::uint32_t id = slots_[i];
            if (hashes_[id] == hash && sameText(names_[id], text)) {
                return id;
            }
        }
        if (names_.size() > maxKeys_) {
            return kOther;
        }
        const auto id = static_cast<std::uint32_t>(names_.size());
        names_.emplace_back(text);
        hashes_.push_back(hash);
        slots_[i] = id;
        return id;
    }
    const std::string &name(std::uint32_t id) const { return names_[id]; }
    std::size_t size() const { return names_.size(); } // ids in use, "(other)" included

private:
    // The hashes already matched, so this only confirms. Short names (nearly all: countries,
    // browsers, categories) are compared with two overlapping loads inline rather than a call
    // to memcmp, which was a tenth of the aggregator's instructions; every load stays within
    // both strings.
    static bool sameText(const std::string &name, std::string_view text) {
        const std::size_t n = text.size();
        if (name.size() != n) {
            return false;
        }
        if (n == 0) {
            return true; // an empty view may have no data at all, not even for memcmp
        }
        const char *a = name.data();
        const char *b = text.data();
        if (n >= 8 && n <= 16) {
            return load<std::uint64_t>(a) == load<std::uint64_t>(b) &&
                   load<std::uint64_t>(a + n - 8) == load<std::uint64_t>(b + n - 8);
        }
        if (n >= 4 && n < 8) {
            return load<std::uint32_t>(a) == load<std::uint32_t>(b) &&
                   load<std::uint32_t>(a + n - 4) == load<std::uint32_t>(b + n - 4);
        }
        return std::memcmp(a, b, n) == 0;
    }
    template <typename Word> static Word load(const char *at) {
        Word word;
        std::memcpy(&word, at, sizeof word);
        return word;
    }

    std::size_t maxKeys_;
    std::vector<std::uint32_t> slots_; // open addressing: id, 0 when free
    std::vector<std::string> names_;
    std::vector<std::uint64_t> hashes_;
};

} // namespace trackboard
