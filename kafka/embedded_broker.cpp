#include "embedded_broker.h"
#include "kafka_log.h"
#include "kafka_settings.h"

namespace trackboard {

std::unique_ptr<EmbeddedBroker> EmbeddedBroker::start(int brokers, std::string &error) {
    KafkaConf conf(rd_kafka_conf_new());
    char errstr[512];
    // The owner handle only hosts the cluster and has no bootstrap.servers on purpose (with one
    // it would try to connect there). Log level 3 hides the warning that it has none.
    rd_kafka_conf_set(conf.get(), "log_level", "3", errstr, sizeof errstr);
    KafkaLog::install(conf.get());
    KafkaHandle owner = newKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!owner) {
        return nullptr;
    }

    std::unique_ptr<EmbeddedBroker> broker(new EmbeddedBroker);
    broker->cluster_ = rd_kafka_mock_cluster_new(owner.get(), brokers);
    if (!broker->cluster_) {
        error = "could not start the embedded Kafka broker";
        return nullptr;
    }
    broker->owner_ = std::move(owner);
    broker->bootstraps_ = rd_kafka_mock_cluster_bootstraps(broker->cluster_);
    return broker;
}

EmbeddedBroker::~EmbeddedBroker() {
    // The cluster must go before its owner handle, or librdkafka aborts.
    if (cluster_) {
        rd_kafka_mock_cluster_destroy(cluster_);
    }
}

bool EmbeddedBroker::createTopic(const std::string &name, int partitions, std::string &error) {
    const auto err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = rd_kafka_err2str(err);
        return false;
    }
    return true;
}

void EmbeddedBroker::setBrokerDown(int brokerId, bool down) {
    if (down) {
        rd_kafka_mock_broker_set_down(cluster_, brokerId);
    } else {
        rd_kafka_mock_broker_set_up(cluster_, brokerId);
    }
}

void EmbeddedBroker::setBrokerRttMs(int brokerId, int rttMs) {
    rd_kafka_mock_broker_set_rtt(cluster_, brokerId, rttMs);
}

void EmbeddedBroker::pushRequestErrors(Request request,
                                       const std::vector<rd_kafka_resp_err_t> &errors) {
    rd_kafka_mock_push_request_errors_array(cluster_, static_cast<std::int16_t>(request),
                                            errors.size(), errors.data());
}

} // namespace trackboard
