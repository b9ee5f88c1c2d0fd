#include "kafka_log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>

namespace trackboard {

namespace {

constexpr auto kRepeatAfter = std::chrono::seconds(60);

std::atomic<bool> verboseLog{false};
std::mutex logMutex; // librdkafka calls from many threads
std::string logPrefix = "trackboard";
std::map<std::string, std::chrono::steady_clock::time_point> lastPrinted;

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// "sasl_ssl://127.0.0.1:41639/bootstrap: text" -> broker "127.0.0.1:41639", rest "text".
void splitBroker(std::string_view message, std::string_view &broker, std::string_view &text) {
    if (message.starts_with("[thrd:")) { // which librdkafka thread spoke: not for users
        if (const auto end = message.find("]: "); end != std::string_view::npos) {
            message.remove_prefix(end + 3);
        }
    }
    broker = {};
    text = message;
    const auto colonSpace = message.find(": ");
    if (colonSpace == std::string_view::npos) {
        return;
    }
    std::string_view name = message.substr(0, colonSpace);
    if (const auto scheme = name.find("://"); scheme != std::string_view::npos) {
        name.remove_prefix(scheme + 3);
    }
    if (const auto slash = name.rfind('/'); slash != std::string_view::npos) {
        name = name.substr(0, slash); // "/bootstrap" or the node id
    }
    if (name.find(':') == std::string_view::npos || name.find(' ') != std::string_view::npos) {
        return; // not a broker name but a sentence with a colon in it
    }
    broker = name;
    text = message.substr(colonSpace + 2);
}

// "trackboard-state-reader#consumer-5: GroupCoordinator: 127.0.0.1:1: text" -> "127.0.0.1:1:
// text": the client instance's name and the coordinator's role are librdkafka's bookkeeping.
std::string_view withoutClientAndRole(std::string_view message) {
    if (message.starts_with("[thrd:")) { // which librdkafka thread spoke: not for users
        if (const auto end = message.find("]: "); end != std::string_view::npos) {
            message.remove_prefix(end + 3);
        }
    }
    if (const auto colon = message.find(": "); colon != std::string_view::npos) {
        const std::string_view first = message.substr(0, colon);
        if (first.find(' ') == std::string_view::npos &&
            (first.find("#consumer-") != std::string_view::npos ||
             first.find("#producer-") != std::string_view::npos)) {
            message.remove_prefix(colon + 2);
        }
    }
    if (message.starts_with("GroupCoordinator: ")) {
        message.remove_prefix(std::string_view("GroupCoordinator: ").size());
    }
    return message;
}

// The number after `before` in `text` ("with 500 messages" -> "500"), or "some".
std::string countAfter(std::string_view text, std::string_view before) {
    const auto at = text.find(before);
    if (at == std::string_view::npos) {
        return "some";
    }
    std::string digits;
    for (std::size_t i = at + before.size(); i < text.size() && text[i] >= '0' && text[i] <= '9';
         ++i) {
        digits += text[i];
    }
    return digits.empty() ? "some" : digits;
}

// librdkafka's own detail, without its "(after 0ms in state CONNECT, ...)" tail.
std::string_view withoutTail(std::string_view text) {
    if (const auto after = text.rfind(" (after "); after != std::string_view::npos) {
        return text.substr(0, after);
    }
    return text;
}

} // namespace

void KafkaLog::install(rd_kafka_conf_t *conf) {
    rd_kafka_conf_set_log_cb(conf, &KafkaLog::onLog);
}

void KafkaLog::setVerbose(bool verbose) {
    verboseLog = verbose;
}

void KafkaLog::setPrefix(const std::string &prefix) {
    const std::lock_guard lock(logMutex);
    logPrefix = prefix;
}

std::string KafkaLog::plainLine(int level, std::string_view facility, std::string_view message,
                                std::string &dedupeKey) {
    if (level > 4) {
        return {}; // notices and debug: librdkafka's own business
    }
    std::string_view broker;
    std::string_view text;
    splitBroker(withoutClientAndRole(message), broker, text);
    const std::string where = broker.empty() ? "Kafka" : "Kafka at " + std::string(broker);
    // What a broker restart makes librdkafka say, in its own words, on top of the connection
    // failures below (seen with the demo guide's three terminals).
    if (contains(text, "brokers are down")) {
        return {}; // KafkaConnectionTracker says it: "Kafka unreachable: no broker answers"
    }
    if (contains(text, "Consumer group session timed out")) {
        dedupeKey = "session-timeout";
        return "Kafka: the consumer group's coordinator stopped answering; the group rejoins "
               "when it is back (retrying)";
    }
    if (contains(text, "Offset commit") && contains(text, "failed")) {
        dedupeKey = "commit-failed";
        return contains(text, "Waiting for coordinator")
                   ? "Kafka: offsets not committed yet: the group coordinator is unreachable "
                     "(retrying)"
                   : "Kafka: offsets not committed yet (retrying)";
    }
    if (const auto reset = text.find(": offset reset ");
        reset != std::string_view::npos && contains(text, "Offset out of range")) {
        // "TOPIC [3]: offset reset (at offset 174, broker 1) to END: ...": retention removed
        // what the reader was about to read. One line per topic, whichever partition.
        const std::string_view topic = text.substr(0, text.find(" ["));
        dedupeKey = "offset-reset|" + std::string(topic);
        return "Kafka: " + std::string(topic) + ": the next offset to read was removed by " +
               "retention; reading on from " +
               (contains(text, "to BEGINNING") ? "the oldest" : "the newest") + " kept";
    }
    if (contains(text, "Producer terminating with")) {
        dedupeKey = "terminating";
        return "Kafka: " + countAfter(text, "terminating with ") +
               " messages not delivered when the client stopped";
    }
    // A connection failure may come as FAIL or, from a client's error events, as ERROR.
    const bool connectionFailure =
        facility == "FAIL" || contains(text, "Connect to ") || text.starts_with("Disconnected");
    if (connectionFailure && !broker.empty()) {
        std::string kind;
        std::string line;
        if (contains(text, "Connection refused")) {
            kind = "refused";
            line = where + " unreachable: connection refused (retrying)";
        } else if (contains(text, "Failed to resolve")) {
            kind = "resolve";
            line = where + ": host name not found (retrying)";
        } else if (contains(text, "timed out")) {
            kind = "timeout";
            line = where + " not answering: connection timed out (retrying)";
        } else if (contains(text, "SSL handshake failed")) {
            kind = "tls";
            line = "TLS connection to " + where + " failed: " + std::string(withoutTail(text));
        } else if (contains(text, "SASL authentication error")) {
            kind = "sasl";
            line = where + " refused the login: " + std::string(withoutTail(text));
        } else if (contains(text, "Disconnected")) {
            kind = "disconnected";
            line = where + " disconnected (reconnecting)";
        } else {
            kind = "fail";
            line = where + ": " + std::string(withoutTail(text)) + " (retrying)";
        }
        dedupeKey = std::string(broker) + '|' + kind;
        return line;
    }
    dedupeKey = std::string(facility) + '|' + std::string(withoutTail(text)).substr(0, 60);
    return where + ": " + std::string(withoutTail(text));
}

void KafkaLog::onLog(const rd_kafka_t *, int level, const char *facility, const char *message) {
    std::string key;
    const std::string line = plainLine(level, facility, message, key);
    const std::lock_guard lock(logMutex);
    if (verboseLog) {
        std::fprintf(stderr, "%%%d|%s| %s\n", level, facility, message);
    }
    if (line.empty()) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = lastPrinted.try_emplace(key, now);
    if (!fresh && now - it->second < kRepeatAfter) {
        return;
    }
    it->second = now;
    std::fprintf(stderr, "%s: %s\n", logPrefix.c_str(), line.c_str());
}

} // namespace trackboard
