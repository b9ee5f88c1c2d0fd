#pragma once

#include "collector_metrics.h"
#include "request_router.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <memory>
#include <optional>

namespace trackboard {

// One client connection, after Boost.Beast's async HTTP server example: read a request with
// limits on the parser (8 KiB of headers, 64 KiB of body) and a deadline on the stream, answer,
// repeat while the client keeps the connection alive. Every step is asynchronous on the
// connection's io_context, so one I/O thread serves thousands of connections.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(boost::asio::ip::tcp::socket &&socket, RequestRouter &router,
                CollectorMetrics &metrics, int idleTimeoutMs);
    ~HttpSession();

    void start();

private:
    void readRequest();
    void onRead(boost::beast::error_code error);
    void send(HttpResponse &&response);
    void onWrite(bool close, boost::beast::error_code error);
    // After a 413 the client may still be sending: stop writing, read and discard for a moment,
    // then close, so that the kernel does not reset the connection and destroy the reply
    // before the client has read it.
    void drainThenClose();
    void drainMore();
    void close();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    HttpResponse response_;
    RequestRouter &router_;
    CollectorMetrics &metrics_;
    std::chrono::milliseconds idleTimeout_;
    std::string clientIp_;
    std::array<char, 4096> drain_{};
    std::size_t drained_ = 0;
};

} // namespace trackboard
