#include "money.h"

namespace trackboard {

std::string formatMoney(std::int64_t cents, std::string_view currency) {
    std::string out = currency == "USD" ? "$" : std::string(currency) + " ";
    if (cents < 0) {
        out.insert(out.begin(), '-');
        cents = -cents;
    }
    std::string whole = std::to_string(cents / 100);
    for (auto pos = static_cast<long>(whole.size()) - 3; pos > 0; pos -= 3) {
        whole.insert(static_cast<std::size_t>(pos), 1, ',');
    }
    out += whole;
    out += '.';
    out += static_cast<char>('0' + cents % 100 / 10);
    out += static_cast<char>('0' + cents % 10);
    return out;
}

} // namespace trackboard
