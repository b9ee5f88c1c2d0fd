#pragma once

#include "string_hash.h"
#include "user_agent_parser.h"

#include <string>
#include <string_view>
#include <unordered_map>

namespace trackboard {

// Remembers parse results by exact User-Agent. A site's visitors share a few hundred distinct
// User-Agents, so nearly every lookup is a hit and the ~1,160 regexes run once per browser
// build. When full it starts over rather than tracking recency: cheap, and a hostile stream of
// unique User-Agents cannot grow it. Not thread-safe: one per enriching thread.
class UserAgentCache {
public:
    static constexpr std::size_t kDefaultCapacity = 20'000;

    explicit UserAgentCache(const UserAgentParser &parser, std::size_t capacity = kDefaultCapacity)
        : parser_(parser)
        , capacity_(capacity) {}

    const UserAgentInfo &lookup(std::string_view userAgent);

    std::uint64_t hits() const { return hits_; }
    std::uint64_t misses() const { return misses_; }

private:
    const UserAgentParser &parser_;
    std::size_t capacity_;
    std::unordered_map<std::string, UserAgentInfo, StringHash, std::equal_to<>> entries_;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

} // namespace trackboard
