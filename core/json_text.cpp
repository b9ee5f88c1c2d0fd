#include "json_text.h"

#include <array>
#include <cstring>

namespace trackboard {

namespace {

// One load per character instead of three comparisons.
constexpr std::array<bool, 256> kNeedsEscape = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) {
        table[std::size_t(c)] = true;
    }
    table['"'] = true;
    table['\\'] = true;
    return table;
}();

// An empty view may have no data at all, not even for a memcpy of nothing.
char *copyRun(char *out, const char *from, std::size_t size) {
    if (size > 0) {
        std::memcpy(out, from, size);
    }
    return out + size;
}

} // namespace

void appendJsonString(std::string &out, std::string_view text) {
    const std::size_t at = out.size();
    out.resize(at + jsonStringBound(text.size()));
    char *end = writeJsonString(out.data() + at, text);
    out.resize(static_cast<std::size_t>(end - out.data()));
}

// Copies runs of plain characters in one memcpy each: per-character push_back was the
// encoder's hottest loop (docs/performance.md).
char *writeJsonString(char *out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    *out++ = '"';
    std::size_t plainStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (!kNeedsEscape[u]) {
            continue;
        }
        out = copyRun(out, text.data() + plainStart, i - plainStart);
        *out++ = '\\';
        if (u < 0x20) {
            const char escape[] = {'u', '0', '0', kHex[u >> 4], kHex[u & 0xF]};
            std::memcpy(out, escape, sizeof escape);
            out += sizeof escape;
        } else {
            *out++ = text[i];
        }
        plainStart = i + 1;
    }
    out = copyRun(out, text.data() + plainStart, text.size() - plainStart);
    *out++ = '"';
    return out;
}

} // namespace trackboard
