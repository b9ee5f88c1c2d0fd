#include "partition_clock.h"

#include <algorithm>

namespace trackboard {

namespace {

std::size_t index(std::int32_t partition) {
    return partition < 0 ? 0 : static_cast<std::size_t>(partition);
}

} // namespace

PartitionClock::Part &PartitionClock::part(std::int32_t partition) {
    const std::size_t i = index(partition);
    if (i >= parts_.size()) {
        parts_.resize(i + 1);
    }
    return parts_[i];
}

std::int64_t PartitionClock::observe(std::int32_t partition, std::int64_t eventMs) {
    Part &p = part(partition);
    const std::int64_t before = p.latestMs;
    p.latestMs = std::max(p.latestMs, eventMs);
    p.idle = false; // it has data again: it must not be left behind
    newestMs_ = std::max(newestMs_, eventMs);
    return before;
}

void PartitionClock::setIdle(std::int32_t partition, bool idle) {
    part(partition).idle = idle;
}

bool PartitionClock::idle(std::int32_t partition) const {
    const std::size_t i = index(partition);
    return i < parts_.size() && parts_[i].idle;
}

std::int64_t PartitionClock::latestMs(std::int32_t partition) const {
    const std::size_t i = index(partition);
    return i < parts_.size() ? parts_[i].latestMs : kNone;
}

std::int64_t PartitionClock::nowMs() const {
    std::int64_t now = kNone;
    for (const Part &p : parts_) {
        if (!p.idle && p.latestMs != kNone && (now == kNone || p.latestMs < now)) {
            now = p.latestMs;
        }
    }
    return now == kNone ? newestMs_ : now;
}

std::int64_t PartitionClock::leadMs(std::int32_t partition) const {
    const std::int64_t latest = latestMs(partition);
    const std::int64_t now = nowMs();
    return latest == kNone || now == kNone || latest <= now ? 0 : latest - now;
}

} // namespace trackboard
