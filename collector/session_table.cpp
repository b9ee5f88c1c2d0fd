#include "session_table.h"

#include "keyed_hash.h"

#include <algorithm>

namespace trackboard {

SessionTable::SessionTable(std::uint64_t seed)
    : rng_(seed) {}

std::string SessionTable::sessionFor(const std::string &visitorId, std::int64_t nowMs) {
    // A full sweep once a minute keeps the cost per event constant on average.
    if (nowMs - lastPruneMs_ >= 60'000) {
        prune(nowMs);
    }
    auto &session = sessions_[visitorId];
    if (session.id.empty() || nowMs - session.lastSeenMs >= kIdleMs) {
        session.id = "ws-" + KeyedHash::hex(rng_.next());
    }
    session.lastSeenMs = std::max(session.lastSeenMs, nowMs);
    return session.id;
}

bool SessionTable::isActive(const std::string &visitorId, std::int64_t nowMs) const {
    const auto it = sessions_.find(visitorId);
    return it != sessions_.end() && nowMs - it->second.lastSeenMs < kIdleMs;
}

std::size_t SessionTable::activeWithin(std::int64_t windowMs, std::int64_t nowMs) const {
    return std::size_t(std::count_if(sessions_.begin(), sessions_.end(), [&](const auto &entry) {
        return nowMs - entry.second.lastSeenMs < windowMs;
    }));
}

void SessionTable::prune(std::int64_t nowMs) {
    lastPruneMs_ = nowMs;
    std::erase_if(sessions_,
                  [&](const auto &entry) { return nowMs - entry.second.lastSeenMs >= kIdleMs; });
}

} // namespace trackboard
