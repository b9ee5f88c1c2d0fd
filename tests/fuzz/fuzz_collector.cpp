// libFuzzer target for the web collector's request path: raw bytes from the network go through
// Boost.Beast's request parser (with the server's limits), the router and the POST /e decoder,
// then every accepted event through the enrichment. Whatever the bytes, nothing may crash, and
// every event the collector would produce must pass the consumers' strict decoder unchanged.
#include "beacon_queue.h"
#include "collector_config.h"
#include "collector_metrics.h"
#include "event_codec.h"
#include "event_enricher.h"
#include "rate_limiter.h"
#include "request_router.h"
#include "time_zone_places.h"
#include "user_agent_parser.h"

#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace trackboard;
namespace http = boost::beast::http;

struct Collector {
    CollectorConfig config;
    CollectorMetrics metrics;
    RateLimiter limiter{0};
    BeaconQueue queue{1'000'000};
    RequestRouter router{config, metrics, limiter, queue};
    UserAgentParser parser;
    TimeZonePlaces places;
    std::unique_ptr<EventEnricher> enricher;
    EventDecoder decoder;

    Collector() {
        config.allowedOrigins = {"https://shop.example"};
        std::string error;
        if (!parser.load(config.uapRegexes, error) ||
            !places.load(config.zoneTab, config.tzdataZi, error)) {
            std::fprintf(stderr, "fuzz_collector: %s\n", error.c_str());
            std::abort();
        }
        enricher = std::make_unique<EventEnricher>(parser, places);
    }
};

Collector &collector() {
    static Collector instance; // one for the run, as a server keeps one
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    auto &c = collector();
    http::request_parser<http::string_body> parser;
    parser.header_limit(RequestRouter::kMaxHeaderBytes);
    parser.body_limit(RequestRouter::kMaxBodyBytes);
    parser.eager(true);
    boost::beast::error_code error;
    std::size_t used = 0;
    while (used < size && !parser.is_done()) {
        const std::size_t n = parser.put(boost::asio::buffer(data + used, size - used), error);
        if (error == http::error::need_more) {
            break;
        }
        if (error) {
            return 0;
        }
        used += n;
        if (n == 0) {
            break;
        }
    }
    if (!parser.is_done()) {
        return 0;
    }
    const HttpResponse response = c.router.handle(parser.get(), "203.0.113.7");
    if (response.result_int() < 200 || response.result_int() > 599) {
        std::abort();
    }
    std::vector<BeaconJob> jobs;
    c.queue.popAll(jobs, std::chrono::milliseconds(0));
    std::string json;
    for (const auto &job : jobs) {
        for (const auto &beacon : job.beacons) {
            Event event;
            auto geoSource = EventEnricher::GeoSource::None;
            if (c.enricher->enrich(beacon, job.context, event, geoSource) !=
                EventEnricher::Outcome::Event) {
                continue;
            }
            json.clear();
            EventEnricher::encodeWebEvent(event, geoSource, json);
            Event decoded;
            if (!c.decoder.decode(json, decoded).ok() || !(decoded == event)) {
                std::fprintf(stderr, "produced event refused or changed: %s\n", json.c_str());
                std::abort();
            }
        }
    }
    return 0;
}
