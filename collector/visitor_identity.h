#pragma once

#include "keyed_hash.h"
#include "salt_file.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace trackboard {

// Cookie-less visitor ids, as Plausible makes them: a keyed hash of site, IP and User-Agent
// under a salt that is replaced every UTC day. The salts are written nowhere unless the
// collector keeps them in its salt file (setOnNewDay, restore) to survive a restart; either
// way, after two days nobody, the collector included, can link a visitor's ids or recover the
// address. The previous day's
// salt is kept so that a visit that crosses midnight keeps its id (see previousVisitorId).
// Also hashes client IPs for `ip_address`, under a key that lives as long as the process, so
// that MULTIPLE_IPS still counts distinct addresses. Not thread-safe.
class VisitorIdentity {
public:
    using SaltSource = std::function<KeyedHash::Key()>;

    explicit VisitorIdentity(SaltSource newSalt = KeyedHash::randomKey);

    // "v-" + 16 hex digits, under today's salt (rotating it first when the UTC day changed).
    std::string visitorId(std::string_view site, std::string_view ip, std::string_view userAgent,
                          std::int64_t nowMs);
    // The same visitor's id under yesterday's salt, when there is one.
    std::optional<std::string> previousVisitorId(std::string_view site, std::string_view ip,
                                                 std::string_view userAgent) const;
    // "ip-" + 16 hex digits.
    std::string hashedIp(std::string_view ip) const;
    // "anon-" + 16 hex digits: for Do-Not-Track requests, unlinkable to any other request.
    std::string anonymousId(std::string_view ip, std::string_view userAgent, std::int64_t nowMs);

    // The visitor salts in use: today's, from the first visitorId() on, and yesterday's.
    DaySalts salts() const;
    // Takes up salts saved by an earlier run. On the same UTC day ids stay as they were; the
    // next day the restored salt becomes yesterday's; after that it is dropped.
    void restore(const DaySalts &salts);
    // Called, on the thread that asks for ids, with the salts each time a new UTC day starts
    // (the first day of a run included), so that they can be saved.
    void setOnNewDay(std::function<void(const DaySalts &)> callback) {
        onNewDay_ = std::move(callback);
    }

private:
    static std::string input(std::string_view site, std::string_view ip,
                             std::string_view userAgent);

    SaltSource newSalt_;
    std::int64_t day_ = -1;
    KeyedHash today_;
    std::optional<KeyedHash> yesterday_;
    KeyedHash ipHash_;
    KeyedHash anonymousHash_;
    std::uint64_t anonymousCounter_ = 0;
    std::function<void(const DaySalts &)> onNewDay_;
};

} // namespace trackboard
