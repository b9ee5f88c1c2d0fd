#include "page_path.h"

#include <algorithm>

namespace trackboard {

std::string_view pagePath(std::string_view page) {
    // Two memchr scans: find_first_of("?#") would call memchr on the set once per character.
    const std::size_t query = page.find('?');
    const std::size_t fragment = page.substr(0, query).find('#');
    return page.substr(0, std::min(query, fragment));
}

} // namespace trackboard
