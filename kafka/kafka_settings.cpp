#include "kafka_settings.h"

namespace trackboard {

KafkaConf makeKafkaConf(const KafkaSettings &settings,
                        const std::vector<std::pair<std::string, std::string>> &defaults,
                        std::string &error) {
    KafkaConf conf(rd_kafka_conf_new());
    char errstr[512];
    const auto set = [&](const std::string &key, const std::string &value) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            error = errstr;
            return false;
        }
        return true;
    };
    if (!settings.brokers.empty() && !set("bootstrap.servers", settings.brokers)) {
        return nullptr;
    }
    for (const auto &[key, value] : defaults) {
        if (!set(key, value)) {
            return nullptr;
        }
    }
    for (const auto &[key, value] : settings.properties) {
        if (!set(key, value)) {
            return nullptr;
        }
    }
    return conf;
}

bool parseKafkaProperty(const std::string &text, std::pair<std::string, std::string> &out) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        return false;
    }
    out = {text.substr(0, eq), text.substr(eq + 1)};
    return true;
}

} // namespace trackboard
