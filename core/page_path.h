#pragma once

#include <string_view>

namespace trackboard {

// The path of a page as the business metrics count it: the page without its query string or
// fragment, so "/?utm_source=newsletter" and "/" are one page (docs/analytics.md). A view into
// `page`: no allocation.
std::string_view pagePath(std::string_view page);

} // namespace trackboard
