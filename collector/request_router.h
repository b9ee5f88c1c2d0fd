#pragma once

#include "beacon_queue.h"
#include "collector_config.h"
#include "collector_metrics.h"
#include "rate_limiter.h"

#include <boost/beast/http.hpp>

#include <string>

namespace trackboard {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Answers one parsed request: the HTTP contract of docs/collector.md. Runs on any I/O thread
// and never blocks: POST /e decodes and validates on the calling thread, then hands the batch to
// the BeaconQueue or answers 503 when it is full.
class RequestRouter {
public:
    RequestRouter(const CollectorConfig &config, CollectorMetrics &metrics, RateLimiter &limiter,
                  BeaconQueue &queue);

    // `peerIp` is the TCP peer; with CollectorConfig::trustForwardedFor the client address comes
    // from X-Forwarded-For instead.
    HttpResponse handle(const HttpRequest &request, const std::string &peerIp);
    // The reply to a body over 64 KiB, which the parser refuses before handle() could see it.
    HttpResponse tooLarge(unsigned version);
    // The reply to a request line and headers over 8 KiB (RFC 6585's 431), which the parser
    // refuses before it knows the request's HTTP version.
    HttpResponse headersTooLarge();
    // A request the parser could not read at all.
    HttpResponse badRequest(unsigned version);

    static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
    static constexpr std::size_t kMaxHeaderBytes = 8 * 1024;

private:
    HttpResponse postEvents(const HttpRequest &request, const std::string &clientIp,
                            const std::string &origin);
    HttpResponse preflight(const HttpRequest &request, const std::string &origin);
    HttpResponse reply(const HttpRequest &request, unsigned status, std::string contentType,
                       std::string body);
    HttpResponse rejection(const HttpRequest &request, unsigned status, std::string_view reason,
                           std::string_view field = {}, std::size_t index = 0);
    bool originAllowed(const HttpRequest &request, const std::string &origin) const;
    void allowOrigin(HttpResponse &response, const std::string &origin) const;

    const CollectorConfig &config_;
    CollectorMetrics &metrics_;
    RateLimiter &limiter_;
    BeaconQueue &queue_;
};

} // namespace trackboard
