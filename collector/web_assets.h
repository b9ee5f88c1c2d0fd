#pragma once

#include <string_view>

namespace trackboard {

// A file of web/ (the tracker t.js and the demo shop), compiled into the binary so that the
// collector serves them wherever it is installed. web_assets.cpp is generated at build time by
// embed_web.cmake.
struct WebAsset {
    std::string_view path;        // URL path: "/t.js", "/demo/index.html"
    std::string_view contentType; // with charset for text
    std::string_view body;
};

// The asset for a URL path; "/demo", "/demo/" and the demo shop's own routes (a /demo/ path
// with no file extension) mean "/demo/index.html". Null when none.
const WebAsset *findWebAsset(std::string_view path);

} // namespace trackboard
