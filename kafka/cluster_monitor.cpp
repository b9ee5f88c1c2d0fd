#include "cluster_monitor.h"

#include <QThread>

#include <algorithm>

namespace trackboard {

ClusterMonitor::ClusterMonitor(KafkaSettings settings)
    : settings_(std::move(settings))
    , timer_(this) {
    timer_.setInterval(kIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &ClusterMonitor::check);
}

ClusterMonitor::~ClusterMonitor() = default;

void ClusterMonitor::open() {
    Q_ASSERT(QThread::currentThread() == thread());
    std::string error;
    // Its own quiet client: the workers' logs already speak of unreachable brokers.
    auto conf = makeKafkaConf(settings_,
                              {{"client.id", "trackboard-monitor"},
                               {"allow.auto.create.topics", "false"},
                               {"log_level", "0"}},
                              error);
    if (conf) {
        handle_ = newKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    }
    if (!handle_) {
        health_.error = error;
        emit healthChanged(health_);
        return;
    }
    check();
    timer_.start();
}

void ClusterMonitor::shutdown() {
    timer_.stop();
    handle_.reset();
}

void ClusterMonitor::check() {
    rd_kafka_topic_t *topic = rd_kafka_topic_new(handle_.get(), settings_.topic.c_str(), nullptr);
    const rd_kafka_metadata_t *metadata = nullptr;
    const auto err = rd_kafka_metadata(handle_.get(), 0, topic, &metadata, kRequestTimeoutMs);
    rd_kafka_topic_destroy(topic);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        health_.reachable = false;
        health_.error = rd_kafka_err2str(err);
        emit healthChanged(health_);
        return;
    }
    health_.known = true;
    health_.reachable = true;
    health_.error.clear();
    health_.brokers = metadata->broker_cnt;
    health_.brokersSeen = std::max(health_.brokersSeen, health_.brokers);
    health_.partitions = health_.underReplicated = health_.offline = 0;
    if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const auto &t = metadata->topics[0];
        health_.partitions = t.partition_cnt;
        for (int i = 0; i < t.partition_cnt; ++i) {
            const auto &p = t.partitions[i];
            health_.offline += p.leader < 0 ? 1 : 0;
            health_.underReplicated += p.isr_cnt < p.replica_cnt ? 1 : 0;
        }
    }
    rd_kafka_metadata_destroy(metadata);
    emit healthChanged(health_);
}

} // namespace trackboard
