#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trackboard {

// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC only, as the event schema demands) into Unix
// milliseconds. Digits past milliseconds are truncated. Returns nullopt for anything else,
// including impossible dates such as February 30th.
std::optional<std::int64_t> parseIsoTimestampMs(std::string_view text);

// Appends `YYYY-MM-DDTHH:MM:SS.mmmZ`.
void appendIsoTimestamp(std::string &out, std::int64_t unixMs);
// The same text written at `out`, which has room for kIsoTimestampChars; returns its end.
inline constexpr std::size_t kIsoTimestampChars = 24; // 2026-12-07T04:05:06.789Z
char *writeIsoTimestamp(char *out, std::int64_t unixMs);
std::string formatIsoTimestamp(std::int64_t unixMs);

} // namespace trackboard
