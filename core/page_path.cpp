#include "page_path.h"

namespace trackboard {

std::string_view pagePath(std::string_view page) {
    const std::size_t end = page.find_first_of("?#");
    return end == std::string_view::npos ? page : page.substr(0, end);
}

} // namespace trackboard
