#include "user_agent_cache.h"

namespace trackboard {

const UserAgentInfo &UserAgentCache::lookup(std::string_view userAgent) {
    if (const auto it = entries_.find(userAgent); it != entries_.end()) {
        ++hits_;
        return it->second;
    }
    ++misses_;
    if (entries_.size() >= capacity_) {
        entries_.clear();
    }
    return entries_.emplace(std::string(userAgent), parser_.parse(userAgent)).first->second;
}

} // namespace trackboard
