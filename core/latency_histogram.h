#pragma once

#include <array>
#include <cstdint>

namespace trackboard {

// Fixed-size latency histogram: 1 ms buckets up to 1 s, then 100 ms buckets up to 60 s, with
// everything beyond in the last bucket. Recording is O(1) and allocation-free.
class LatencyHistogram {
public:
    void record(std::int64_t latencyMs);
    void reset() { *this = LatencyHistogram{}; }
    void merge(const LatencyHistogram &other);
    std::uint64_t count() const { return count_; }
    // Upper edge of the bucket holding the q-quantile (0 < q <= 1); 0 with no samples.
    double quantileMs(double q) const;

private:
    static constexpr int kFineBuckets = 1000;
    static constexpr int kCoarseBuckets = 590;
    std::array<std::uint64_t, kFineBuckets + kCoarseBuckets + 1> buckets_{};
    std::uint64_t count_ = 0;
};

} // namespace trackboard
