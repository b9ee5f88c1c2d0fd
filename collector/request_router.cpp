#include "request_router.h"

#include "beacon_decoder.h"
#include "web_assets.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace trackboard {

namespace http = boost::beast::http;

namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string headerValue(const HttpRequest &request, http::field field) {
    const auto it = request.find(field);
    return it == request.end() ? std::string() : std::string(it->value());
}

std::string headerValue(const HttpRequest &request, std::string_view name) {
    const auto it = request.find(boost::beast::string_view(name.data(), name.size()));
    return it == request.end() ? std::string() : std::string(it->value());
}

// "https://shop.example:8443" -> "shop.example:8443".
std::string hostOfOrigin(const std::string &origin) {
    const auto scheme = origin.find("://");
    return scheme == std::string::npos ? origin : origin.substr(scheme + 3);
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

} // namespace

RequestRouter::RequestRouter(const CollectorConfig &config, CollectorMetrics &metrics,
                             RateLimiter &limiter, BeaconQueue &queue)
    : config_(config)
    , metrics_(metrics)
    , limiter_(limiter)
    , queue_(queue) {}

bool RequestRouter::originAllowed(const HttpRequest &request, const std::string &origin) const {
    if (origin.empty()) {
        return true; // not a browser's cross-origin request: curl, wrk, server-side senders
    }
    // The collector's own pages (/demo/) post to it from its own origin.
    const std::string host = headerValue(request, http::field::host);
    if (!host.empty() && hostOfOrigin(origin) == host) {
        return true;
    }
    return std::any_of(
        config_.allowedOrigins.begin(), config_.allowedOrigins.end(),
        [&](const std::string &allowed) { return allowed == "*" || allowed == origin; });
}

void RequestRouter::allowOrigin(HttpResponse &response, const std::string &origin) const {
    if (!origin.empty()) {
        response.set(http::field::access_control_allow_origin, origin);
        response.set(http::field::vary, "Origin");
    }
}

HttpResponse RequestRouter::reply(const HttpRequest &request, unsigned status,
                                  std::string contentType, std::string body) {
    HttpResponse response{static_cast<http::status>(status), request.version()};
    response.set(http::field::server, "trackboard");
    if (!contentType.empty()) {
        response.set(http::field::content_type, contentType);
    }
    response.body() = std::move(body);
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    metrics_.countStatus(status);
    return response;
}

HttpResponse RequestRouter::rejection(const HttpRequest &request, unsigned status,
                                      std::string_view reason, std::string_view field,
                                      std::size_t index) {
    metrics_.countRejected(reason);
    std::string body = R"({"error":")";
    body += reason;
    body += '"';
    if (!field.empty()) {
        body += R"(,"field":")";
        body += field;
        body += R"(","index":)";
        body += std::to_string(index);
    }
    body += "}\n";
    return reply(request, status, "application/json", std::move(body));
}

HttpResponse RequestRouter::tooLarge(unsigned version) {
    HttpRequest request{http::verb::post, "/e", version};
    request.keep_alive(false);
    return rejection(request, 413, "body_too_large");
}

HttpResponse RequestRouter::headersTooLarge() {
    HttpRequest request{http::verb::get, "/", 11};
    request.keep_alive(false);
    return rejection(request, 431, "headers_too_large");
}

HttpResponse RequestRouter::badRequest(unsigned version) {
    HttpRequest request{http::verb::get, "/", version};
    request.keep_alive(false);
    return rejection(request, 400, "bad_http_request");
}

HttpResponse RequestRouter::preflight(const HttpRequest &request, const std::string &origin) {
    if (origin.empty() || !originAllowed(request, origin)) {
        // No CORS headers: the browser then refuses to send the real request.
        return reply(request, 403, "application/json", "{\"error\":\"origin_not_allowed\"}\n");
    }
    auto response = reply(request, 204, {}, {});
    allowOrigin(response, origin);
    response.set(http::field::access_control_allow_methods, "POST, OPTIONS");
    response.set(http::field::access_control_allow_headers, "Content-Type");
    response.set(http::field::access_control_max_age, "86400");
    return response;
}

HttpResponse RequestRouter::postEvents(const HttpRequest &request, const std::string &clientIp,
                                       const std::string &origin) {
    if (!originAllowed(request, origin)) {
        return rejection(request, 403, "origin_not_allowed");
    }
    const std::int64_t received = nowMs();
    if (!limiter_.allow(clientIp, received)) {
        metrics_.rateLimited.fetch_add(1, std::memory_order_relaxed);
        auto response = reply(request, 429, "application/json", "{\"error\":\"rate_limited\"}\n");
        response.set(http::field::retry_after, "1");
        allowOrigin(response, origin);
        return response;
    }
    // text/plain is what a beacon sends without a preflight; application/json is accepted for
    // senders that preflight or are not browsers.
    const std::string type = headerValue(request, http::field::content_type);
    if (!type.empty() && !startsWithNoCase(type, "text/plain") &&
        !startsWithNoCase(type, "application/json")) {
        auto response = rejection(request, 400, "unsupported_content_type");
        allowOrigin(response, origin);
        return response;
    }
    thread_local BeaconDecoder decoder;
    BeaconJob job;
    const auto verdict = decoder.decode(request.body(), job.beacons);
    if (!verdict.ok()) {
        auto response =
            rejection(request, 400, verdict.reasonName(), verdict.result.field, verdict.index);
        allowOrigin(response, origin);
        return response;
    }
    job.context.clientIp = clientIp;
    job.context.userAgent = headerValue(request, http::field::user_agent);
    job.context.site =
        origin.empty() ? headerValue(request, http::field::host) : hostOfOrigin(origin);
    job.context.receivedMs = received;
    job.context.doNotTrack =
        headerValue(request, "Sec-GPC") == "1" || headerValue(request, "DNT") == "1";
    const std::size_t count = job.beacons.size();
    if (!queue_.tryPush(job)) {
        metrics_.overloaded.fetch_add(1, std::memory_order_relaxed);
        auto response = reply(request, 503, "application/json", "{\"error\":\"overloaded\"}\n");
        response.set(http::field::retry_after, "1");
        allowOrigin(response, origin);
        return response;
    }
    metrics_.eventsAccepted.fetch_add(count, std::memory_order_relaxed);
    metrics_.queueDepth.store(queue_.depth(), std::memory_order_relaxed);
    auto response =
        reply(request, 202, "application/json", "{\"accepted\":" + std::to_string(count) + "}\n");
    allowOrigin(response, origin);
    return response;
}

HttpResponse RequestRouter::handle(const HttpRequest &request, const std::string &peerIp) {
    metrics_.requests.fetch_add(1, std::memory_order_relaxed);
    std::string clientIp = peerIp;
    if (config_.trustForwardedFor) {
        // "client, proxy1, ...": the proxy in front of us appended the last entry itself; the
        // ones before it are whatever the client claimed.
        const std::string forwarded = headerValue(request, std::string_view("X-Forwarded-For"));
        const auto comma = forwarded.rfind(',');
        std::string last = forwarded.substr(comma == std::string::npos ? 0 : comma + 1);
        const auto begin = last.find_first_not_of(' ');
        if (begin != std::string::npos) {
            clientIp = last.substr(begin, last.find_last_not_of(' ') - begin + 1);
        }
    }
    const std::string target(request.target());
    const std::string path = target.substr(0, target.find('?'));
    const std::string origin = headerValue(request, http::field::origin);
    const auto method = request.method();

    if (path == "/e") {
        if (method == http::verb::post) {
            return postEvents(request, clientIp, origin);
        }
        if (method == http::verb::options) {
            return preflight(request, origin);
        }
    } else if (path == "/healthz" && method == http::verb::get) {
        return reply(request, 200, "text/plain; charset=utf-8", "ok\n");
    } else if (path == "/metrics" && method == http::verb::get) {
        return reply(request, 200, "text/plain; version=0.0.4; charset=utf-8",
                     metrics_.prometheusText());
    } else if (const auto *asset = findWebAsset(path)) {
        if (method == http::verb::get || method == http::verb::head) {
            auto response =
                reply(request, 200, std::string(asset->contentType),
                      method == http::verb::head ? std::string() : std::string(asset->body));
            response.set(http::field::cache_control, "no-cache");
            return response;
        }
    } else {
        return reply(request, 404, "application/json", "{\"error\":\"not_found\"}\n");
    }
    auto response = reply(request, 405, "application/json", "{\"error\":\"method_not_allowed\"}\n");
    response.set(http::field::allow, path == "/e" ? "POST, OPTIONS" : "GET, HEAD");
    return response;
}

} // namespace trackboard
