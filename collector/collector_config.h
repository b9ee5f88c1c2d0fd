#pragma once

#include "kafka_settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

// Everything `trackboard collect` sets. The defaults are what docs/collector.md documents.
struct CollectorConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0; // 0: any free port (tests)
    // Exact origins ("https://shop.example") whose pages may send events; "*" allows any.
    // The collector's own origin (its /demo/ pages) is always allowed.
    std::vector<std::string> allowedOrigins;
    // Requests per second per client IP, with bursts of twice that; 0 turns the limit off.
    double rateLimitPerSecond = 50;
    // 0: half the machine's cores, at least one. The producer thread, librdkafka and the
    // broker need the rest: on 2 cores, two I/O threads measured a p99 of 14.9 ms against
    // 2.2 ms for one, at a similar request rate (docs/collector.md).
    int ioThreads = 0;
    // Take the client address from the last entry of X-Forwarded-For, which the one reverse
    // proxy in front of the collector appends. Off by default: any client can send the header.
    bool trustForwardedFor = false;
    int maxConnections = 4096;
    // How long a client has to send a whole request, and how long a kept-alive connection may
    // sit idle. Also bounds a slowloris connection that never finishes its headers.
    int idleTimeoutMs = 10'000;
    // Events handed to the producer thread and not yet given to librdkafka. A batch that does
    // not fit is answered 503.
    std::size_t queueCapacityEvents = 50'000;
    // Where the visitor-id salts of today and yesterday are kept (0600), so that a restart
    // within the day keeps visitor ids. Empty: in memory only.
    std::string saltFile;
    std::string uapRegexes = "/usr/share/uap-core/regexes.yaml";
    std::string zoneTab = "/usr/share/zoneinfo/zone.tab";
    std::string tzdataZi = "/usr/share/zoneinfo/tzdata.zi";
    KafkaSettings kafka;
};

} // namespace trackboard
