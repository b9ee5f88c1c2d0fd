#pragma once

#include <cstdint>
#include <string_view>

namespace trackboard {

// What one event contributes, worked out once and counted into the all-time totals and its
// window bucket alike.
struct EventKeys {
    std::uint64_t user = 0;
    std::uint64_t session = 0;
    std::uint64_t page = 0;
    std::string_view path; // the page without query string or fragment
    std::uint64_t product = 0;
    std::uint32_t currency = 0;
    std::uint32_t country = 0;
    std::uint32_t city = 0;
    std::uint32_t device = 0;
    std::uint32_t browser = 0;
    std::uint32_t os = 0;
    int stage = -1;
    std::uint32_t weight = 0; // activity score
    std::int64_t revenueCents = 0;
};

} // namespace trackboard
