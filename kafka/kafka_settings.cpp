#include "kafka_settings.h"
#include "kafka_log.h"

namespace trackboard {

KafkaConf makeKafkaConf(const KafkaSettings &settings,
                        const std::vector<std::pair<std::string, std::string>> &defaults,
                        std::string &error) {
    KafkaConf conf(rd_kafka_conf_new());
    KafkaLog::install(conf.get());
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

std::vector<std::pair<std::string, std::string>> consumerPrefetchDefaults() {
    return {{"queued.min.messages", std::to_string(kPrefetchMessages)},
            {"queued.max.messages.kbytes", std::to_string(kPrefetchKBytes)}};
}

KafkaHandle newKafkaHandle(rd_kafka_type_t type, KafkaConf conf, std::string &error) {
    char errstr[512];
    KafkaHandle handle(rd_kafka_new(type, conf.get(), errstr, sizeof errstr));
    if (!handle) {
        error = errstr;
        return nullptr;
    }
    conf.release(); // rd_kafka_new took ownership
    return handle;
}

void fetchTopicMetadata(rd_kafka_t *rk, const std::string &topic, int timeoutMs) {
    rd_kafka_topic_t *handle = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    if (!handle) {
        return;
    }
    const rd_kafka_metadata_t *metadata = nullptr;
    if (rd_kafka_metadata(rk, 0, handle, &metadata, timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_metadata_destroy(metadata);
    }
    rd_kafka_topic_destroy(handle);
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
