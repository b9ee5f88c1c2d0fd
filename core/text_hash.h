#pragma once

#include "hyperloglog.h"

#include <cstdint>
#include <cstring>
#include <string_view>

namespace trackboard {

// A 64-bit hash of short text, inlined (std::hash goes through an out-of-line call): eight
// bytes per multiply, then mixHash's finaliser so every bit is usable by HyperLogLog and by
// power-of-two tables. Never 0.
inline std::uint64_t hashText(std::string_view text) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (text.size() * 0xff51afd7ed558ccdULL);
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, text.data() + i, 8);
        h = (h ^ chunk) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
    }
    if (i < text.size()) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, text.data() + i, text.size() - i);
        h = (h ^ chunk) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
    }
    return mixHash(h);
}

} // namespace trackboard
