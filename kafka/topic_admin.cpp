#include "topic_admin.h"
#include "connection_refusal.h"

#include <chrono>
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

// One topic as one metadata answer describes it.
struct TopicShape {
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
    int partitions = 0;
    int replication = 0; // replicas of partition 0
    bool leaderless = false;

    bool settled() const {
        return err == RD_KAFKA_RESP_ERR_NO_ERROR && partitions > 0 && !leaderless;
    }
    // What a topic that is still being created looks like.
    bool transient() const {
        return err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
               err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
               err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC || leaderless || partitions == 0;
    }
};

// Asks `rk`'s cluster about `topic` once. The result is the request's error; the topic's own
// error is in `shape`.
rd_kafka_resp_err_t askTopic(rd_kafka_t *rk, const std::string &topic, int timeoutMs,
                             TopicShape &shape) {
    rd_kafka_topic_t *handle = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    const rd_kafka_metadata_t *raw = nullptr;
    const auto err = rd_kafka_metadata(rk, 0, handle, &raw, timeoutMs);
    rd_kafka_topic_destroy(handle);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return err;
    }
    Metadata metadata(raw);
    if (metadata->topic_cnt != 1) {
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    const auto &t = metadata->topics[0];
    shape.err = t.err;
    if (t.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        shape.partitions = t.partition_cnt;
        shape.replication = t.partition_cnt > 0 ? t.partitions[0].replica_cnt : 0;
        for (int i = 0; i < t.partition_cnt; ++i) {
            shape.leaderless = shape.leaderless || t.partitions[i].leader < 0;
        }
    }
    return RD_KAFKA_RESP_ERR_NO_ERROR;
}

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
    for (int i = 0; i < metadata->broker_cnt; ++i) {
        const std::string host = metadata->brokers[i].host;
        const bool ipv6 = host.find(':') != std::string::npos;
        brokerAddresses_.push_back((ipv6 ? '[' + host + ']' : host) + ':' +
                                   std::to_string(metadata->brokers[i].port));
    }
    settings_ = settings;
    return true;
}

bool TopicAdmin::describe(const std::string &topic, int &partitions, int &replication,
                          std::string &error) {
    // A topic just created, or created by an earlier run moments ago, may not have reached
    // every broker's metadata yet: ask again for a few seconds while it is unknown or some of
    // its partitions have no leader.
    for (int attempt = 0; attempt < 40; ++attempt) {
        TopicShape shape;
        if (const auto err = askTopic(handle_.get(), topic, kTimeoutMs, shape);
            err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            error = rd_kafka_err2str(err);
            return false;
        }
        partitions = shape.partitions;
        replication = shape.replication;
        if (shape.settled()) {
            error.clear(); // an earlier attempt's transient error is not the outcome's
            return everyBrokerKnows(topic, partitions, error);
        }
        error = shape.err != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(shape.err)
                                                        : "some partitions have no leader yet";
        if (!shape.transient()) {
            return false;
        }
        rd_kafka_poll(handle_.get(), 250);
    }
    return false;
}

bool TopicAdmin::everyBrokerKnows(const std::string &topic, int partitions, std::string &error) {
    // librdkafka asks any broker it is connected to, so each broker gets a client of its own,
    // whose only connection is to that broker. KRaft brokers learn a new topic from the
    // controller one after another: a producer started at once could ask one that has not, and
    // librdkafka 2.0 then fails what it has queued for the topic (docs/real-cluster.md, setup).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    for (const std::string &address : brokerAddresses_) {
        KafkaSettings one = settings_;
        one.brokers = address;
        auto conf = makeKafkaConf(one, {{"client.id", "trackboard-setup"}}, error);
        if (!conf) {
            return false;
        }
        KafkaHandle client = newKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
        if (!client) {
            return false;
        }
        for (;;) {
            TopicShape shape;
            const auto err = askTopic(client.get(), topic, 1000, shape);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR && shape.settled() &&
                shape.partitions == partitions) {
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                const std::string within = " within " + std::to_string(kTimeoutMs / 1000) + " s";
                error = err != RD_KAFKA_RESP_ERR_NO_ERROR
                            ? "the broker at " + address + " could not be asked about the topic" +
                                  within + ": " + rd_kafka_err2str(err)
                            : "the broker at " + address + " did not know the topic with " +
                                  std::to_string(partitions) + " partitions and their leaders" +
                                  within + "; a client that asks it could fail to produce to it";
                return false;
            }
            rd_kafka_poll(client.get(), 100);
        }
    }
    return true;
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
                // Reported once every broker knows every partition's leader (describe), so
                // that clients started next find it whichever broker they ask.
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
