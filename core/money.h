#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace trackboard {

// "$9,999.90" for USD, "EUR 12.50" otherwise: how the demo guide shows money.
std::string formatMoney(std::int64_t cents, std::string_view currency = "USD");

} // namespace trackboard
