#include "topic_admin.h"
#include "connection_refusal.h"

#include <memory>

namespace trackboard {

namespace {

struct NewTopicDeleter {
    void operator()(rd_kafka_NewTopic_t *t) const { rd_kafka_NewTopic_destroy(t); }
};
struct AdminOptionsDeleter {
    void operator()(rd_kafka_AdminOptions_t *o) const { rd_kafka_AdminOptions_destroy(o); }
};
struct EventDeleter {
    void operator()(rd_kafka_event_t *e) const { rd_kafka_event_destroy(e); }
};
struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t *m) const { rd_kafka_metadata_destroy(m); }
};
using Metadata = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

} // namespace

bool TopicAdmin::open(const KafkaSettings &settings, std::string &error) {
    auto conf = makeKafkaConf(settings, {{"client.id", "trackboard-setup"}}, error);
    if (!conf) {
        return false;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_error_cb(conf.get(),
                               [](rd_kafka_t *, int err, const char *reason, void *opaque) {
                                   auto *self = static_cast<TopicAdmin *>(opaque);
                                   if (isRefusedConnection(err) && self->refusal_.empty()) {
                                       self->refusal_ = refusedConnectionMessage(err, reason);
                                   }
                               });
    handle_ = newKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!handle_) {
        return false;
    }
    // Short requests, so that a refused login or TLS handshake ends it within a second or two
    // rather than at the timeout.
    const rd_kafka_metadata_t *raw = nullptr;
    auto err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    for (int waited = 0; waited < kTimeoutMs && refusal_.empty(); waited += 1000) {
        err = rd_kafka_metadata(handle_.get(), 0, nullptr, &raw, 1000);
        if (err != RD_KAFKA_RESP_ERR__TIMED_OUT && err != RD_KAFKA_RESP_ERR__TRANSPORT) {
            break;
        }
        rd_kafka_poll(handle_.get(), 0); // serves the error callback
    }
    if (!refusal_.empty()) {
        error = refusal_;
        return false;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = std::string("could not read the cluster's metadata within ") +
                std::to_string(kTimeoutMs / 1000) + " s: " + rd_kafka_err2str(err) +
                " (is a broker listening there?)";
        return false;
    }
    Metadata metadata(raw);
    brokers_ = metadata->broker_cnt;
    return true;
}

bool TopicAdmin::describe(const std::string &topic, int &partitions, int &replication,
                          std::string &error) {
    // A topic just created, or created by an earlier run moments ago, may not have reached
    // every broker's metadata yet: ask again for a few seconds while it is unknown or some of
    // its partitions have no leader.
    for (int attempt = 0; attempt < 40; ++attempt) {
        rd_kafka_topic_t *handle = rd_kafka_topic_new(handle_.get(), topic.c_str(), nullptr);
        const rd_kafka_metadata_t *raw = nullptr;
        const auto err = rd_kafka_metadata(handle_.get(), 0, handle, &raw, kTimeoutMs);
        rd_kafka_topic_destroy(handle);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            error = rd_kafka_err2str(err);
            return false;
        }
        Metadata metadata(raw);
        const auto topicErr =
            metadata->topic_cnt == 1 ? metadata->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
        bool leaderless = false;
        if (topicErr == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const auto &t = metadata->topics[0];
            partitions = t.partition_cnt;
            replication = t.partition_cnt > 0 ? t.partitions[0].replica_cnt : 0;
            for (int i = 0; i < t.partition_cnt; ++i) {
                leaderless = leaderless || t.partitions[i].leader < 0;
            }
            if (!leaderless && partitions > 0) {
                return true;
            }
        }
        error = topicErr != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(topicErr)
                                                       : "some partitions have no leader yet";
        const bool transient = topicErr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                               topicErr == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
                               topicErr == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC || leaderless ||
                               partitions == 0;
        if (!transient) {
            return false;
        }
        rd_kafka_poll(handle_.get(), 250);
    }
    return false;
}

std::vector<TopicOutcome> TopicAdmin::ensure(const std::vector<TopicSpec> &specs) {
    std::vector<TopicOutcome> outcomes(specs.size());
    std::vector<std::unique_ptr<rd_kafka_NewTopic_t, NewTopicDeleter>> owned;
    std::vector<rd_kafka_NewTopic_t *> topics;
    char errstr[512];
    for (std::size_t i = 0; i < specs.size(); ++i) {
        outcomes[i].name = specs[i].name;
        owned.emplace_back(rd_kafka_NewTopic_new(specs[i].name.c_str(), specs[i].partitions,
                                                 specs[i].replication, errstr, sizeof errstr));
        if (!owned.back()) {
            outcomes[i].error = errstr;
            return outcomes;
        }
        for (const auto &[key, value] : specs[i].configs) {
            rd_kafka_NewTopic_set_config(owned.back().get(), key.c_str(), value.c_str());
        }
        topics.push_back(owned.back().get());
    }
    std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
        rd_kafka_AdminOptions_new(handle_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), kTimeoutMs, errstr, sizeof errstr);
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), kTimeoutMs, errstr, sizeof errstr);
    KafkaQueue queue(rd_kafka_queue_new(handle_.get()));
    rd_kafka_CreateTopics(handle_.get(), topics.data(), topics.size(), options.get(), queue.get());
    std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
        rd_kafka_queue_poll(queue.get(), kTimeoutMs + 5'000));
    if (!event || rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const std::string why =
            event ? rd_kafka_event_error_string(event.get()) : "no answer to CreateTopics in time";
        for (auto &o : outcomes) {
            o.error = why;
        }
        return outcomes;
    }
    std::size_t count = 0;
    const rd_kafka_topic_result_t **results = rd_kafka_CreateTopics_result_topics(
        rd_kafka_event_CreateTopics_result(event.get()), &count);
    for (std::size_t r = 0; r < count; ++r) {
        const std::string name = rd_kafka_topic_result_name(results[r]);
        for (std::size_t i = 0; i < specs.size(); ++i) {
            if (specs[i].name != name) {
                continue;
            }
            TopicOutcome &o = outcomes[i];
            const auto err = rd_kafka_topic_result_error(results[r]);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                // Reported once every partition has a leader, so workers started next find it.
                if (describe(name, o.partitions, o.replication, o.error)) {
                    o.kind = TopicOutcome::Kind::Created;
                }
            } else if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                if (describe(name, o.partitions, o.replication, o.error)) {
                    const bool same = o.partitions == specs[i].partitions &&
                                      o.replication == specs[i].replication;
                    o.kind = same ? TopicOutcome::Kind::Exists : TopicOutcome::Kind::Differs;
                }
            } else {
                const char *text = rd_kafka_topic_result_error_string(results[r]);
                o.error = text ? text : rd_kafka_err2str(err);
            }
        }
    }
    return outcomes;
}

} // namespace trackboard
