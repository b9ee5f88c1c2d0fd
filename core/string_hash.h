#pragma once

#include <string>
#include <string_view>

namespace trackboard {

// Lets unordered containers keyed by std::string be probed with a string_view, so the hot path
// does not build a temporary string per lookup.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};

} // namespace trackboard
