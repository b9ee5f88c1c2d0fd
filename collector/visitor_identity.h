#pragma once

#include "keyed_hash.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace trackboard {

// Cookie-less visitor ids, as Plausible makes them: a keyed hash of site, IP and User-Agent
// under a salt that is replaced every UTC day and never written anywhere. After a day nobody,
// the collector included, can link a visitor's ids or recover the address. The previous day's
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
};

} // namespace trackboard
