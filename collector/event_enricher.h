#pragma once

#include "beacon.h"
#include "event.h"
#include "rng.h"
#include "session_table.h"
#include "time_zone_places.h"
#include "user_agent_cache.h"
#include "visitor_identity.h"

#include <string>

namespace trackboard {

// Turns a browser's beacon into a full Trackboard event: server time, event id, visitor or site
// user id, 30-minute session, device from the User-Agent, place from the time zone and a hashed
// IP. The rules are in docs/collector.md. Not thread-safe: the collector runs one on its
// producer thread, which keeps sessions and caches free of locks.
class EventEnricher {
public:
    enum class Outcome {
        Event, // `out` holds the event
        Bot,   // a spider or a self-declared headless browser: answer 202, drop, count
    };
    // Where geo came from, written to the produced event's `geo_source`.
    enum class GeoSource { TimeZone, None };

    EventEnricher(const UserAgentParser &parser, const TimeZonePlaces &places,
                  VisitorIdentity::SaltSource newSalt = KeyedHash::randomKey);

    // One beacon: beginRequest() then enrichBeacon().
    Outcome enrich(const Beacon &beacon, const BeaconContext &context, Event &out,
                   GeoSource &geoSource);
    // A batch: what depends on the request only (User-Agent, bot verdict, visitor, session,
    // hashed IP) once, then each beacon. enrichBeacon() is valid only after a beginRequest()
    // that returned Outcome::Event.
    Outcome beginRequest(const BeaconContext &context);
    void enrichBeacon(const Beacon &beacon, Event &out, GeoSource &geoSource);

    // encodeEvent plus the field only web events carry: "geo_source" (the enriched event's
    // `source` is already EventSource::Web, which the encoder writes).
    static void encodeWebEvent(const Event &event, GeoSource geoSource, std::string &out);

    const SessionTable &sessions() const { return sessions_; }
    VisitorIdentity &identity() { return identity_; }
    // Beacons whose `lang` was sent but was not a well-formed language tag, so left out.
    std::uint64_t languagesDropped() const { return languagesDropped_; }
    const UserAgentCache &userAgents() const { return userAgents_; }

    // `page` reduced to its path: the scheme and host go (the site is known), and so do the
    // query and fragment, which often carry e-mail addresses or tokens. Only the campaign tags
    // (utm_source, utm_medium, utm_campaign, utm_term, utm_content) stay, in their order.
    static std::string pathOf(std::string_view page);

private:
    void appendUuid(std::string &out);

    struct Request {
        const UserAgentInfo *agent = nullptr; // into userAgents_, valid until its next lookup
        std::string userAgent;
        std::string os;
        std::string visitor; // or the anonymous id under Do-Not-Track
        std::string sessionId;
        std::string ipAddress;
        std::int64_t receivedMs = 0;
        bool anonymous = false;
    };

    Request request_;
    UserAgentCache userAgents_;
    const TimeZonePlaces &places_;
    VisitorIdentity identity_;
    SessionTable sessions_;
    Rng rng_;
    std::uint64_t languagesDropped_ = 0;
};

} // namespace trackboard
