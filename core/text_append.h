#pragma once

#include <cstdint>
#include <string>

namespace trackboard {

// Allocation-free number formatting for the simulator's hot path: appends into a string whose
// capacity is reused event after event.
inline void appendNumber(std::string &out, std::uint64_t value) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) {
        out.push_back(buf[--n]);
    }
}

inline void appendHex(std::string &out, std::uint64_t value, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.push_back(kHex[(value >> shift) & 0xF]);
    }
}

} // namespace trackboard
