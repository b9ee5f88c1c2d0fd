#pragma once

#include <librdkafka/rdkafka.h>

#include <string>
#include <string_view>

namespace trackboard {

// librdkafka logs from its own threads in its own format ("%3|1796...|FAIL|rdkafka#consumer-1|
// [thrd:127.0.0.1:1/bootstrap]: 127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed:
// Connection refused (after 0ms in state CONNECT)") and repeats itself on every retry. Every
// client Trackboard creates logs through here instead (makeKafkaConf installs it): a connection
// failure becomes one plain line per broker and kind, at most once a minute, such as
// "Kafka at 127.0.0.1:1 unreachable: connection refused (retrying)"; other warnings pass once a
// minute each; with --verbose the raw lines are printed as well.
class KafkaLog {
public:
    static void install(rd_kafka_conf_t *conf);
    static void setVerbose(bool verbose);
    // Lines start with this, e.g. "trackboard analytics"; the default is "trackboard".
    static void setPrefix(const std::string &prefix);

    // The plain sentence for one librdkafka log line, empty when it says nothing a user needs
    // (debug chatter). `dedupeKey` says which lines are repeats of one another.
    static std::string plainLine(int level, std::string_view facility, std::string_view message,
                                 std::string &dedupeKey);

private:
    static void onLog(const rd_kafka_t *rk, int level, const char *facility, const char *message);
};

} // namespace trackboard
