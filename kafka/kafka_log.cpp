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
    splitBroker(message, broker, text);
    const std::string where = broker.empty() ? "Kafka" : "Kafka at " + std::string(broker);
    if (facility == "FAIL" && !broker.empty()) {
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
