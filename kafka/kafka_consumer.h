#pragma once

#include "kafka_settings.h"

#include <string>
#include <vector>

namespace trackboard {

// A consumer-group member that hands out raw messages and commits only what its caller says it
// has kept: an offset is stored with storeOffset() and sent by commit(), never automatically.
// `trackboard record` uses it so that a failed recording does not move the group past events
// that never reached the file. Not thread-safe: use it from one thread.
class KafkaConsumer {
public:
    struct Options {
        KafkaSettings kafka;
        std::string groupId;
        bool fromBeginning = false;           // ignore committed offsets on the first assignment
        std::string offsetReset = "earliest"; // where a group with no committed offset starts
    };

    KafkaConsumer() = default;
    ~KafkaConsumer();
    KafkaConsumer(const KafkaConsumer &) = delete;
    KafkaConsumer &operator=(const KafkaConsumer &) = delete;

    static constexpr int kBatchSize = 4096;

    // Creates the handle and subscribes to the topic. Returns false with `error` set.
    bool open(Options options, std::string &error);

    // Waits up to `timeoutMs` for a batch and appends its data messages to `out`, in order.
    // Partition-end markers are dropped; per-message errors go to lastError().
    void poll(int timeoutMs, std::vector<KafkaMessage> &out);

    // Marks `message` as kept: the next commit() moves the group past it.
    void storeOffset(const rd_kafka_message_t &message);
    // Commits the stored offsets and waits for the broker's answer. Nothing stored is success.
    bool commit(std::string &error);

    // The group has given this member its partitions at least once.
    bool hasJoined() const { return joined_; }
    const std::string &lastError() const { return lastError_; }

    // Leaves the group and releases the handle, committing nothing. Safe to call twice.
    // Destroy every message from poll() first: librdkafka waits for them, forever.
    void close();

private:
    static void onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t *partitions, void *opaque);
    static void onError(rd_kafka_t *, int err, const char *reason, void *opaque);

    Options options_;
    KafkaHandle handle_;
    KafkaQueue queue_;
    bool rewindPending_ = false; // --from-beginning not yet applied to an assignment
    bool joined_ = false;
    std::string lastError_;
};

} // namespace trackboard
