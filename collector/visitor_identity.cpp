#include "visitor_identity.h"

namespace trackboard {

namespace {
constexpr std::int64_t kDayMs = 86'400'000;
}

VisitorIdentity::VisitorIdentity(SaltSource newSalt)
    : newSalt_(std::move(newSalt))
    , today_(newSalt_())
    , ipHash_(newSalt_())
    , anonymousHash_(newSalt_()) {}

std::string VisitorIdentity::input(std::string_view site, std::string_view ip,
                                   std::string_view userAgent) {
    // NUL separators: no field may run into the next and make two visitors collide.
    std::string text;
    text.reserve(site.size() + ip.size() + userAgent.size() + 2);
    text.append(site).append(1, '\0').append(ip).append(1, '\0').append(userAgent);
    return text;
}

std::string VisitorIdentity::visitorId(std::string_view site, std::string_view ip,
                                       std::string_view userAgent, std::int64_t nowMs) {
    const std::int64_t day = nowMs / kDayMs;
    if (day != day_) {
        if (day_ >= 0) {
            // The salt of the day just ended stays for one more day, then is forgotten; after a
            // gap of more than a day there is no yesterday worth keeping.
            yesterday_.reset();
            if (day == day_ + 1) {
                yesterday_ = today_;
            }
            today_ = KeyedHash(newSalt_());
        }
        day_ = day;
        if (onNewDay_) {
            onNewDay_(salts());
        }
    }
    return "v-" + KeyedHash::hex(today_(input(site, ip, userAgent)));
}

std::optional<std::string> VisitorIdentity::previousVisitorId(std::string_view site,
                                                              std::string_view ip,
                                                              std::string_view userAgent) const {
    if (!yesterday_) {
        return std::nullopt;
    }
    return "v-" + KeyedHash::hex((*yesterday_)(input(site, ip, userAgent)));
}

DaySalts VisitorIdentity::salts() const {
    DaySalts salts;
    salts.day = day_;
    salts.today = today_.key();
    if (yesterday_) {
        salts.yesterday = yesterday_->key();
    }
    return salts;
}

void VisitorIdentity::restore(const DaySalts &salts) {
    day_ = salts.day;
    today_ = KeyedHash(salts.today);
    yesterday_.reset();
    if (salts.yesterday) {
        yesterday_ = KeyedHash(*salts.yesterday);
    }
}

std::string VisitorIdentity::hashedIp(std::string_view ip) const {
    return "ip-" + KeyedHash::hex(ipHash_(ip));
}

std::string VisitorIdentity::anonymousId(std::string_view ip, std::string_view userAgent,
                                         std::int64_t nowMs) {
    // A counter makes every request's id new even for the same visitor in the same millisecond.
    const std::string text =
        input(std::to_string(nowMs) + ':' + std::to_string(++anonymousCounter_), ip, userAgent);
    return "anon-" + KeyedHash::hex(anonymousHash_(text));
}

} // namespace trackboard
