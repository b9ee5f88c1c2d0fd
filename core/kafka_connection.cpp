#include "kafka_connection.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <utility>

namespace trackboard {

namespace {
bool containsNoCase(std::string text, std::string_view needle) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text.find(needle) != std::string::npos;
}
} // namespace

std::string KafkaConnection::plainReason(const std::string &error) {
    // Most specific first: a refused connection also reports "all brokers are down".
    static const std::array<std::pair<std::string_view, const char *>, 9> kPlain{{
        {"connection refused", "connection refused"},
        {"resolve", "host name not found"},
        {"name or service not known", "host name not found"},
        {"timed out", "no answer (timed out)"},
        {"connection reset", "connection lost"},
        {"disconnected", "connection lost"},
        {"brokers are down", "no broker answers"},
        {"transport failure", "no broker answers"},
        {"host is unreachable", "host unreachable on the network"},
    }};
    for (const auto &[needle, plain] : kPlain) {
        if (containsNoCase(error, needle)) {
            return plain;
        }
    }
    return error;
}

std::string KafkaConnection::summary() const {
    switch (state) {
    case State::Connecting:
        return "connecting…";
    case State::Connected:
        return "connected";
    case State::Unreachable:
        return "unreachable" + (reason.empty() ? std::string() : ": " + reason);
    case State::Refused:
        return "refused" + (reason.empty() ? std::string() : ": " + reason);
    }
    return {};
}

} // namespace trackboard
