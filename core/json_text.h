#pragma once

#include <string>
#include <string_view>

namespace trackboard {

// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
// Bytes >= 0x80 pass through: inputs are UTF-8 already.
void appendJsonString(std::string &out, std::string_view text);

// The most bytes writeJsonString() writes for a text of `size` bytes: the quotes, and six for
// a byte escaped as \u00XX.
constexpr std::size_t jsonStringBound(std::size_t size) {
    return 2 + 6 * size;
}
// Writes `text` as appendJsonString() appends it, at `out`, which has room for
// jsonStringBound(text.size()) bytes; returns the end of what it wrote.
char *writeJsonString(char *out, std::string_view text);

} // namespace trackboard
