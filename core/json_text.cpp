#include "json_text.h"

#include <array>

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

} // namespace

// Copies runs of plain characters in one append each: per-character push_back was the
// encoder's hottest loop (docs/performance.md).
void appendJsonString(std::string &out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t plainStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (!kNeedsEscape[u]) {
            continue;
        }
        out.append(text.data() + plainStart, i - plainStart);
        if (u < 0x20) {
            const char escape[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xF]};
            out.append(escape, sizeof escape);
        } else {
            const char escape[] = {'\\', text[i]};
            out.append(escape, sizeof escape);
        }
        plainStart = i + 1;
    }
    out.append(text.data() + plainStart, text.size() - plainStart);
    out.push_back('"');
}

} // namespace trackboard
