#include "offset_tracker.h"

namespace trackboard {

OffsetTracker::Verdict OffsetTracker::observe(std::int32_t partition, std::int64_t offset) {
    if (partition < 0) {
        return {};
    }
    const auto p = static_cast<std::size_t>(partition);
    if (p >= last_.size()) {
        last_.resize(p + 1, -1);
    }
    std::int64_t &last = last_[p];
    Verdict v;
    if (last >= 0 && offset <= last) {
        v.fresh = false;
        return v;
    }
    if (last >= 0 && offset > last + 1) {
        v.skipped = offset - last - 1;
    }
    last = offset;
    return v;
}

std::int64_t OffsetTracker::nextOffset(std::int32_t partition) const {
    const auto p = static_cast<std::size_t>(partition);
    return partition >= 0 && p < last_.size() && last_[p] >= 0 ? last_[p] + 1 : -1;
}

void OffsetTracker::restartAt(std::int32_t partition, std::int64_t nextOffset) {
    if (partition < 0) {
        return;
    }
    const auto p = static_cast<std::size_t>(partition);
    if (p >= last_.size()) {
        last_.resize(p + 1, -1);
    }
    last_[p] = nextOffset > 0 ? nextOffset - 1 : -1;
}

} // namespace trackboard
