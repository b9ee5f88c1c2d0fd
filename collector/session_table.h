#pragma once

#include "rng.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace trackboard {

// Web sessions: a visitor's session ends after 30 idle minutes, as in Umami and Google
// Analytics. Entries idle longer than that are dropped as the table is used, so memory follows
// the number of visitors active in the last half hour. Not thread-safe.
class SessionTable {
public:
    static constexpr std::int64_t kIdleMs = 30 * 60 * 1000;

    explicit SessionTable(std::uint64_t seed);

    // The visitor's current session id, starting a new one ("ws-" + 16 hex digits) when there is
    // none or it has been idle for kIdleMs or more. Marks the visitor active at `nowMs`.
    std::string sessionFor(const std::string &visitorId, std::int64_t nowMs);
    // True when the visitor has a session that is still live at `nowMs`.
    bool isActive(const std::string &visitorId, std::int64_t nowMs) const;

    std::size_t size() const { return sessions_.size(); }
    // Visitors seen within the last `windowMs`.
    std::size_t activeWithin(std::int64_t windowMs, std::int64_t nowMs) const;

private:
    void prune(std::int64_t nowMs);

    struct Session {
        std::string id;
        std::int64_t lastSeenMs = 0;
    };
    std::unordered_map<std::string, Session> sessions_;
    Rng rng_;
    std::int64_t lastPruneMs_ = 0;
};

} // namespace trackboard
