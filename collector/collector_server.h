#pragma once

#include "beacon_queue.h"
#include "collector_config.h"
#include "collector_metrics.h"
#include "rate_limiter.h"
#include "request_router.h"
#include "time_zone_places.h"
#include "user_agent_parser.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace trackboard {

class ProducerLoop;

// The web collector: an HTTP server on threads of its own (one io_context per thread, as in
// Boost.Beast's examples) that turns browser beacons into enriched events on Kafka through one
// producer thread. Start and stop it from one thread; metrics() may be read from any.
class CollectorServer {
public:
    explicit CollectorServer(CollectorConfig config);
    ~CollectorServer();
    CollectorServer(const CollectorServer &) = delete;
    CollectorServer &operator=(const CollectorServer &) = delete;

    // Loads the uap-core rules and tzdata, opens the producer, binds and starts serving.
    // Returns false with `error` set on any failure; nothing is left running then.
    bool start(std::string &error);
    // Stops accepting, closes connections, produces what was accepted and flushes (up to
    // `flushMs`), then joins every thread.
    void stop(int flushMs = 5000);

    std::uint16_t port() const { return port_; }
    // "http://HOST:PORT", as `trackboard collect` prints it.
    std::string url() const;
    const CollectorMetrics &metrics() const { return metrics_; }

private:
    void accept();

    CollectorConfig config_;
    CollectorMetrics metrics_;
    UserAgentParser parser_;
    TimeZonePlaces places_;
    RateLimiter limiter_;
    BeaconQueue queue_;
    RequestRouter router_;
    std::unique_ptr<ProducerLoop> producer_;
    // Declared after everything the sessions use, so they are destroyed first.
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
    std::vector<std::thread> threads_;
    std::size_t nextContext_ = 0;
    std::uint16_t port_ = 0;
    bool running_ = false;
};

} // namespace trackboard
