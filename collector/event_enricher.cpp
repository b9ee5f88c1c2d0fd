#include "event_enricher.h"

#include "device_rules.h"
#include "event_codec.h"

#include <algorithm>
#include <iterator>
#include <random>

namespace trackboard {

namespace {

// BCP 47's shape (`de`, `en-US`, `zh-Hant-TW`): letters, digits and hyphens, at most 35
// characters, which RFC 5646 says every well-formed tag fits in.
bool isLanguageTag(std::string_view tag) {
    return tag.size() >= 2 && tag.size() <= 35 && tag.front() != '-' && tag.back() != '-' &&
           std::all_of(tag.begin(), tag.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-';
           });
}

std::uint64_t randomSeed() {
    std::random_device device;
    return (std::uint64_t(device()) << 32) | device();
}

} // namespace

EventEnricher::EventEnricher(const UserAgentParser &parser, const TimeZonePlaces &places,
                             VisitorIdentity::SaltSource newSalt)
    : userAgents_(parser)
    , places_(places)
    , identity_(std::move(newSalt))
    , sessions_(randomSeed())
    , rng_(randomSeed()) {}

std::string EventEnricher::pathOf(std::string_view page) {
    if (const auto scheme = page.find("://"); scheme != std::string_view::npos) {
        const auto slash = page.find('/', scheme + 3);
        page = slash == std::string_view::npos ? std::string_view("/") : page.substr(slash);
    }
    const auto end = page.find_first_of("?#");
    std::string path(end == 0 || page.empty() ? std::string_view("/") : page.substr(0, end));
    if (end == std::string_view::npos || page[end] != '?') {
        return path;
    }
    // The campaign tags are what the business analytics read from a landing page
    // (docs/analytics.md); everything else in the query goes.
    static constexpr std::string_view kCampaignKeys[] = {"utm_source", "utm_medium", "utm_campaign",
                                                         "utm_term", "utm_content"};
    std::string_view query = page.substr(end + 1);
    query = query.substr(0, query.find('#'));
    char separator = '?';
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::string_view key = pair.substr(0, pair.find('='));
        if (std::find(std::begin(kCampaignKeys), std::end(kCampaignKeys), key) !=
            std::end(kCampaignKeys)) {
            path += separator;
            path += pair;
            separator = '&';
        }
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return path;
}

void EventEnricher::appendUuid(std::string &out) {
    static constexpr char kHex[] = "0123456789abcdef";
    const std::uint64_t high = rng_.next();
    const std::uint64_t low = rng_.next();
    char text[36];
    int nibble = 0;
    for (int i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            text[i] = '-';
            continue;
        }
        const std::uint64_t word = nibble < 16 ? high : low;
        unsigned value = unsigned(word >> (4 * (nibble % 16))) & 0xf;
        if (i == 14) {
            value = 4; // version 4
        } else if (i == 19) {
            value = 8 | (value & 3); // RFC 4122 variant
        }
        text[i] = kHex[value];
        ++nibble;
    }
    out.append(text, sizeof text);
}

EventEnricher::Outcome EventEnricher::beginRequest(const BeaconContext &context) {
    // Everything here depends on the request alone, so a batch of 50 pays for it once.
    request_.agent = &userAgents_.lookup(context.userAgent);
    if (isBot(*request_.agent, context.userAgent)) {
        request_.agent = nullptr;
        return Outcome::Bot;
    }
    request_.userAgent = context.userAgent;
    request_.receivedMs = context.receivedMs;
    request_.os = dashboardOsName(request_.agent->os);
    if (context.doNotTrack) {
        // Do-Not-Track / Global Privacy Control: still counted, but nothing links this request
        // to any other, and no address-derived value is kept.
        request_.visitor =
            identity_.anonymousId(context.clientIp, context.userAgent, context.receivedMs);
        request_.sessionId = request_.visitor;
        request_.ipAddress = "redacted";
        request_.anonymous = true;
        return Outcome::Event;
    }
    request_.anonymous = false;
    request_.visitor =
        identity_.visitorId(context.site, context.clientIp, context.userAgent, context.receivedMs);
    if (!sessions_.isActive(request_.visitor, context.receivedMs)) {
        // Just past midnight the visit may still run under yesterday's salt.
        const auto previous =
            identity_.previousVisitorId(context.site, context.clientIp, context.userAgent);
        if (previous && sessions_.isActive(*previous, context.receivedMs)) {
            request_.visitor = *previous;
        }
    }
    request_.sessionId = sessions_.sessionFor(request_.visitor, context.receivedMs);
    request_.ipAddress = identity_.hashedIp(context.clientIp);
    return Outcome::Event;
}

void EventEnricher::enrichBeacon(const Beacon &beacon, Event &e, GeoSource &geoSource) {
    e.type = beacon.type;
    e.timestampMs = request_.receivedMs;
    e.eventId.clear();
    if (beacon.eventId.empty()) {
        appendUuid(e.eventId);
    } else {
        e.eventId = beacon.eventId;
    }
    e.page = pathOf(beacon.page);
    e.referrer = beacon.referrer;
    e.userId = beacon.userId.empty() ? request_.visitor : beacon.userId;
    e.sessionId = request_.anonymous && !beacon.userId.empty() ? beacon.userId : request_.sessionId;
    e.ipAddress = request_.ipAddress;
    if (const auto place = places_.find(beacon.timeZone)) {
        e.geo = Geo{place->country, place->city, place->lat, place->lon};
        geoSource = GeoSource::TimeZone;
    } else {
        // ISO 3166's user-assigned "unknown" code, so it is never mistaken for a real country.
        e.geo = Geo{"ZZ", "Unknown", 0, 0};
        geoSource = GeoSource::None;
    }
    e.device = Device{deviceTypeFor(*request_.agent, request_.userAgent, beacon.screenWidth),
                      request_.os, request_.agent->browser};
    e.hasProduct = beacon.hasProduct;
    e.product = beacon.product;
    e.quantity = beacon.quantity;
    e.hasOrder = beacon.hasOrder;
    e.order = beacon.order;
    e.element = beacon.element;
    e.hasExperiment = beacon.hasExperiment;
    e.experiment = beacon.experiment;
    e.source = EventSource::Web;
    // A malformed tag is left out rather than refusing the event: the page's visitor did
    // nothing wrong, and no chart should show a garbage language.
    if (isLanguageTag(beacon.lang)) {
        e.lang = beacon.lang;
    } else {
        languagesDropped_ += !beacon.lang.empty();
        e.lang.clear();
    }
}

EventEnricher::Outcome EventEnricher::enrich(const Beacon &beacon, const BeaconContext &context,
                                             Event &out, GeoSource &geoSource) {
    if (beginRequest(context) == Outcome::Bot) {
        return Outcome::Bot;
    }
    enrichBeacon(beacon, out, geoSource);
    return Outcome::Event;
}

void EventEnricher::encodeWebEvent(const Event &event, GeoSource geoSource, std::string &out) {
    const std::size_t start = out.size();
    encodeEvent(event, out);
    // The encoder ends the object with '}'; the extra member goes just before it. Consumers
    // ignore unknown members (docs/event-schema.md), so simulated and web events share a schema.
    if (out.size() > start && out.back() == '}') {
        out.pop_back();
        out += R"(,"geo_source":")";
        out += geoSource == GeoSource::TimeZone ? "tz" : "none";
        out += "\"}";
    }
}

} // namespace trackboard
