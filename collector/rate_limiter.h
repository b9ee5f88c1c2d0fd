#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace trackboard {

// Per-client-IP token buckets: `perSecond` requests a second, bursts of twice that. Shared by
// the I/O threads; the IPs are spread over shards so that threads rarely wait on one lock.
// Memory is bounded: a shard that grows past its cap forgets clients whose bucket is full
// again, which is exactly the state a new bucket starts in.
class RateLimiter {
public:
    explicit RateLimiter(double perSecond);

    // True when `ip` may make one more request at `nowMs`; false means answer 429.
    bool allow(std::string_view ip, std::int64_t nowMs);
    bool enabled() const { return perSecond_ > 0; }

private:
    struct Bucket {
        double tokens = 0;
        std::int64_t lastMs = 0;
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Bucket> buckets;
    };
    static constexpr std::size_t kShards = 16;
    static constexpr std::size_t kMaxClientsPerShard = 8192;

    void refill(Bucket &bucket, std::int64_t nowMs) const;

    double perSecond_;
    double burst_;
    std::array<Shard, kShards> shards_;
};

} // namespace trackboard
