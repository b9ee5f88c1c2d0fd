#pragma once

#include "rdkafka_handles.h"

#include <string>
#include <utility>
#include <vector>

namespace trackboard {

inline constexpr const char *kDefaultTopic = "user-activities";
inline constexpr int kDefaultPartitions = 6;
// Every Trackboard producer places a key with murmur2, as the Java client and kafka-python do,
// not with librdkafka's default CRC32 (`consistent_random`): a user_id then lands in the same
// partition whoever wrote it, and a user's events stay in one partition, in order, for the
// fraud rules and for per-partition state. `_random` spreads keyless messages.
inline constexpr const char *kPartitioner = "murmur2_random";

// How far a group consumer fetches ahead of its worker. librdkafka 2.0 stops fetching once the
// consumer's prefetch queue passes either bound, and looks again only a full second later (newer
// releases call that wait fetch.queue.backoff.ms). With its defaults, 100,000 messages and
// 64 MiB, a worker reading a backlog got at most one queue a second, about 130,000 events/s
// however fast it was (issue 18). The bounds hold about a second of the worker's fastest
// reading, and the byte bound is sized so that the simulator's events reach the message bound
// first. Memory: each queued event costs about 780 B (docs/memory.md, term Q); only a backlog
// fills the queue, as live traffic is read as it comes.
inline constexpr int kPrefetchMessages = 300'000;
inline constexpr int kPrefetchEventBytes = 640; // allows for events larger than the ~460 B usual
inline constexpr int kPrefetchKBytes = kPrefetchMessages / 1024 * kPrefetchEventBytes;

// The prefetch bounds above as librdkafka settings, for every group consumer's defaults.
std::vector<std::pair<std::string, std::string>> consumerPrefetchDefaults();

// Where the pipeline's Kafka lives and how to talk to it. Empty `brokers` means "start the
// embedded broker". `properties` are librdkafka settings given with -X; they are applied last,
// so an operator can override any default Trackboard picks.
struct KafkaSettings {
    std::string brokers;
    std::string topic = kDefaultTopic;
    int partitions = kDefaultPartitions; // for the embedded broker's topic
    std::vector<std::pair<std::string, std::string>> properties;
};

// Builds a librdkafka configuration: `defaults` first, then the user's -X properties.
// On failure returns null and sets `error` to librdkafka's message.
KafkaConf makeKafkaConf(const KafkaSettings &settings,
                        const std::vector<std::pair<std::string, std::string>> &defaults,
                        std::string &error);

// Creates a client from `conf`, which it always takes: librdkafka owns it on success and it is
// destroyed on failure. Returns null with `error` set to librdkafka's message.
KafkaHandle newKafkaHandle(rd_kafka_type_t type, KafkaConf conf, std::string &error);

// Fetches `topic`'s partitions and leaders now, so that the first message produced does not wait
// about a second for them. Best effort: a failure shows up later as delivery errors.
void fetchTopicMetadata(rd_kafka_t *rk, const std::string &topic, int timeoutMs);

// Parses "key=value" as given to -X. Returns false when there is no '=' or the key is empty.
bool parseKafkaProperty(const std::string &text, std::pair<std::string, std::string> &out);

} // namespace trackboard
