#pragma once

#include <string>
#include <string_view>

namespace trackboard {

// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
// Bytes >= 0x80 pass through: inputs are UTF-8 already.
void appendJsonString(std::string &out, std::string_view text);

} // namespace trackboard
