#include "rate_limiter.h"

#include <algorithm>
#include <functional>

namespace trackboard {

RateLimiter::RateLimiter(double perSecond)
    : perSecond_(perSecond)
    , burst_(2 * perSecond) {}

void RateLimiter::refill(Bucket &bucket, std::int64_t nowMs) const {
    const auto elapsed = std::max<std::int64_t>(0, nowMs - bucket.lastMs);
    bucket.tokens = std::min(burst_, bucket.tokens + double(elapsed) * perSecond_ / 1000.0);
    bucket.lastMs = nowMs;
}

bool RateLimiter::allow(std::string_view ip, std::int64_t nowMs) {
    if (perSecond_ <= 0) {
        return true;
    }
    auto &shard = shards_[std::hash<std::string_view>{}(ip) % kShards];
    const std::lock_guard lock(shard.mutex);
    auto it = shard.buckets.find(std::string(ip));
    if (it == shard.buckets.end()) {
        if (shard.buckets.size() >= kMaxClientsPerShard) {
            std::erase_if(shard.buckets, [&](const auto &entry) {
                Bucket bucket = entry.second;
                refill(bucket, nowMs);
                return bucket.tokens >= burst_;
            });
        }
        it = shard.buckets.emplace(std::string(ip), Bucket{burst_, nowMs}).first;
    }
    refill(it->second, nowMs);
    if (it->second.tokens < 1) {
        return false;
    }
    it->second.tokens -= 1;
    return true;
}

} // namespace trackboard
