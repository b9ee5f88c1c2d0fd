#include "user_agent_cache.h"

namespace trackboard {

const UserAgentInfo &UserAgentCache::lookup(std::string_view userAgent) {
    std::string key(userAgent);
    if (const auto it = entries_.find(key); it != entries_.end()) {
        ++hits_;
        return it->second;
    }
    ++misses_;
    if (entries_.size() >= capacity_) {
        entries_.clear();
    }
    return entries_.emplace(std::move(key), parser_.parse(userAgent)).first->second;
}

} // namespace trackboard
