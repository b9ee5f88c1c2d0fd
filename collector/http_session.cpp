#include "http_session.h"

namespace trackboard {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr std::size_t kMaxDrainBytes = 1024 * 1024;
constexpr auto kDrainTime = std::chrono::seconds(2);
} // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket &&socket, RequestRouter &router,
                         CollectorMetrics &metrics, int idleTimeoutMs)
    : stream_(std::move(socket))
    , router_(router)
    , metrics_(metrics)
    , idleTimeout_(idleTimeoutMs) {
    metrics_.connectionsOpen.fetch_add(1, std::memory_order_relaxed);
    beast::error_code error;
    const auto peer = stream_.socket().remote_endpoint(error);
    if (!error) {
        auto address = peer.address();
        // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
            address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
        }
        clientIp_ = address.to_string();
    }
}

HttpSession::~HttpSession() {
    metrics_.connectionsOpen.fetch_sub(1, std::memory_order_relaxed);
}

void HttpSession::start() {
    readRequest();
}

void HttpSession::readRequest() {
    parser_.emplace();
    parser_->header_limit(RequestRouter::kMaxHeaderBytes);
    parser_->body_limit(RequestRouter::kMaxBodyBytes);
    // The whole request must arrive within the timeout: a client that trickles bytes
    // (slowloris) is cut off just like one that sends nothing.
    stream_.expires_after(idleTimeout_);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, std::size_t) { self->onRead(error); });
}

void HttpSession::onRead(beast::error_code error) {
    if (error == http::error::end_of_stream) {
        close();
        return;
    }
    if (error == beast::error::timeout) {
        metrics_.timedOut.fetch_add(1, std::memory_order_relaxed);
        close();
        return;
    }
    if (error == http::error::body_limit) {
        send(router_.tooLarge(parser_->get().version()));
        return;
    }
    if (error == http::error::header_limit) {
        send(router_.headersTooLarge());
        return;
    }
    if (error) {
        if (error == http::error::partial_message || error == boost::asio::error::eof ||
            error == boost::asio::error::connection_reset) {
            close(); // the client went away mid-request; nobody to answer
            return;
        }
        send(router_.badRequest(11));
        return;
    }
    send(router_.handle(parser_->get(), clientIp_));
}

void HttpSession::send(HttpResponse &&response) {
    response_ = std::move(response);
    const bool close = response_.need_eof();
    stream_.expires_after(idleTimeout_);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), close](beast::error_code error, std::size_t) {
                          self->onWrite(close, error);
                      });
}

void HttpSession::onWrite(bool closeAfter, beast::error_code error) {
    if (error) {
        close();
        return;
    }
    if (closeAfter) {
        drainThenClose();
        return;
    }
    readRequest(); // bytes of a pipelined next request stay in buffer_
}

void HttpSession::drainThenClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kDrainTime); // one deadline for the whole drain
    drainMore();
}

void HttpSession::drainMore() {
    stream_.async_read_some(boost::asio::buffer(drain_),
                            [self = shared_from_this()](beast::error_code error, std::size_t n) {
                                self->drained_ += n;
                                if (error || self->drained_ > kMaxDrainBytes) {
                                    self->close();
                                    return;
                                }
                                self->drainMore();
                            });
}

void HttpSession::close() {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

} // namespace trackboard
