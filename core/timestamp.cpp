#include "timestamp.h"

#include <chrono>

namespace trackboard {

namespace {

bool readDigits(std::string_view text, std::size_t pos, std::size_t count, int &value) {
    if (pos + count > text.size()) {
        return false;
    }
    value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    return true;
}

char *writePadded(char *out, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

} // namespace

std::optional<std::int64_t> parseIsoTimestampMs(std::string_view text) {
    int year, month, day, hour, minute, second;
    if (text.size() < 20 || !readDigits(text, 0, 4, year) || text[4] != '-' ||
        !readDigits(text, 5, 2, month) || text[7] != '-' || !readDigits(text, 8, 2, day) ||
        text[10] != 'T' || !readDigits(text, 11, 2, hour) || text[13] != ':' ||
        !readDigits(text, 14, 2, minute) || text[16] != ':' || !readDigits(text, 17, 2, second)) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    int millis = 0;
    if (text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (pos - start < 3) {
                millis = millis * 10 + (text[pos] - '0');
            }
            ++pos;
        }
        const std::size_t digits = pos - start;
        if (digits == 0 || digits > 9) {
            return std::nullopt;
        }
        for (std::size_t d = digits; d < 3; ++d) {
            millis *= 10;
        }
    }
    if (pos + 1 != text.size() || text[pos] != 'Z') {
        return std::nullopt;
    }
    if (hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                              std::chrono::day{unsigned(day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    const auto days = sys_days{date}.time_since_epoch().count();
    return ((static_cast<std::int64_t>(days) * 24 + hour) * 60 + minute) * 60000LL +
           second * 1000LL + millis;
}

void appendIsoTimestamp(std::string &out, std::int64_t unixMs) {
    char text[kIsoTimestampChars];
    out.append(text, writeIsoTimestamp(text, unixMs));
}

char *writeIsoTimestamp(char *out, std::int64_t unixMs) {
    using namespace std::chrono;
    std::int64_t days = unixMs / 86'400'000;
    std::int64_t msOfDay = unixMs % 86'400'000;
    if (msOfDay < 0) {
        msOfDay += 86'400'000;
        --days;
    }
    const year_month_day date{sys_days{std::chrono::days{days}}};
    out = writePadded(out, static_cast<int>(date.year()), 4);
    *out++ = '-';
    out = writePadded(out, static_cast<int>(static_cast<unsigned>(date.month())), 2);
    *out++ = '-';
    out = writePadded(out, static_cast<int>(static_cast<unsigned>(date.day())), 2);
    *out++ = 'T';
    out = writePadded(out, static_cast<int>(msOfDay / 3'600'000), 2);
    *out++ = ':';
    out = writePadded(out, static_cast<int>(msOfDay / 60'000 % 60), 2);
    *out++ = ':';
    out = writePadded(out, static_cast<int>(msOfDay / 1000 % 60), 2);
    *out++ = '.';
    out = writePadded(out, static_cast<int>(msOfDay % 1000), 3);
    *out++ = 'Z';
    return out;
}

std::string formatIsoTimestamp(std::int64_t unixMs) {
    std::string out;
    appendIsoTimestamp(out, unixMs);
    return out;
}

} // namespace trackboard
