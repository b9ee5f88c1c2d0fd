#include "latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace trackboard {

void LatencyHistogram::record(std::int64_t latencyMs) {
    // Clock skew between producer and consumer hosts can make latency negative: count it as 0.
    const std::int64_t ms = std::max<std::int64_t>(latencyMs, 0);
    std::size_t bucket;
    if (ms < kFineBuckets) {
        bucket = static_cast<std::size_t>(ms);
    } else {
        bucket = static_cast<std::size_t>(std::min<std::int64_t>(
            kFineBuckets + (ms - kFineBuckets) / 100, kFineBuckets + kCoarseBuckets));
    }
    ++buckets_[bucket];
    ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram &other) {
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
        buckets_[b] += other.buckets_[b];
    }
    count_ += other.count_;
}

double LatencyHistogram::quantileMs(double q) const {
    if (count_ == 0) {
        return 0;
    }
    const auto rank = static_cast<std::uint64_t>(
        std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
        seen += buckets_[b];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
            return b < kFineBuckets ? double(b) + 1
                                    : kFineBuckets + (double(b - kFineBuckets) + 1) * 100;
        }
    }
    return kFineBuckets + kCoarseBuckets * 100.0;
}

} // namespace trackboard
