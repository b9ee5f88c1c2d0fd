#include "collector_server.h"

#include "http_session.h"
#include "producer_loop.h"

#include <boost/asio/executor_work_guard.hpp>

namespace trackboard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

CollectorServer::CollectorServer(CollectorConfig config)
    : config_(std::move(config))
    , limiter_(config_.rateLimitPerSecond)
    , queue_(config_.queueCapacityEvents)
    , router_(config_, metrics_, limiter_, queue_) {}

CollectorServer::~CollectorServer() {
    stop();
}

std::string CollectorServer::url() const {
    const bool v6 = config_.host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + config_.host + "]" : config_.host) + ':' + std::to_string(port_);
}

bool CollectorServer::start(std::string &error) {
    if (!parser_.load(config_.uapRegexes, error) ||
        !places_.load(config_.zoneTab, config_.tzdataZi, error)) {
        return false;
    }
    producer_ =
        std::make_unique<ProducerLoop>(queue_, metrics_, parser_, places_, config_.kafka.topic);
    if (!producer_->open(config_.kafka, error)) {
        producer_.reset();
        return false;
    }
    const int threads = config_.ioThreads > 0
                            ? config_.ioThreads
                            : std::max(1, int(std::thread::hardware_concurrency() / 2));
    for (int i = 0; i < threads; ++i) {
        contexts_.push_back(std::make_unique<net::io_context>(1));
    }
    try {
        const tcp::endpoint endpoint(net::ip::make_address(config_.host), config_.port);
        acceptor_ = std::make_unique<tcp::acceptor>(*contexts_[0]);
        acceptor_->open(endpoint.protocol());
        acceptor_->set_option(net::socket_base::reuse_address(true));
        acceptor_->bind(endpoint);
        acceptor_->listen(net::socket_base::max_listen_connections);
        port_ = acceptor_->local_endpoint().port();
    } catch (const boost::system::system_error &e) {
        error = "cannot listen on " + config_.host + ':' + std::to_string(config_.port) + ": " +
                e.code().message();
        acceptor_.reset();
        contexts_.clear();
        producer_.reset();
        return false;
    }
    if (!config_.saltFile.empty()) {
        producer_->keepSaltsIn(config_.saltFile);
    }
    producer_->start();
    accept();
    for (auto &context : contexts_) {
        threads_.emplace_back([&context] {
            auto guard = net::make_work_guard(*context);
            context->run();
        });
    }
    running_ = true;
    return true;
}

void CollectorServer::accept() {
    auto &context = *contexts_[nextContext_++ % contexts_.size()];
    acceptor_->async_accept(context, [this](boost::system::error_code error, tcp::socket socket) {
        if (error == net::error::operation_aborted) {
            return;
        }
        if (!error) {
            if (metrics_.connectionsOpen.load(std::memory_order_relaxed) >=
                std::uint64_t(config_.maxConnections)) {
                // Over the limit: close at once rather than hold a descriptor for a client
                // that would only wait.
                metrics_.connectionsRefused.fetch_add(1, std::memory_order_relaxed);
                boost::system::error_code ignored;
                socket.close(ignored);
            } else {
                socket.set_option(tcp::no_delay(true), error);
                std::make_shared<HttpSession>(std::move(socket), router_, metrics_,
                                              config_.idleTimeoutMs)
                    ->start();
            }
        }
        accept(); // on EMFILE and the like too: the next connection may succeed
    });
}

void CollectorServer::stop(int flushMs) {
    if (!running_) {
        return;
    }
    running_ = false;
    net::post(*contexts_[0], [this] {
        boost::system::error_code ignored;
        acceptor_->close(ignored);
    });
    for (auto &context : contexts_) {
        context->stop();
    }
    for (auto &thread : threads_) {
        thread.join();
    }
    threads_.clear();
    acceptor_.reset();
    contexts_.clear(); // destroys the sessions still waiting on their sockets
    producer_->stop(flushMs);
    producer_.reset();
}

} // namespace trackboard
