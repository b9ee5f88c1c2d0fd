#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>

namespace trackboard {

// Applies a group rebalance for either protocol (eager or cooperative). On the first assignment
// with `rewind` set, every partition starts at its earliest offset whatever the group
// committed (--from-beginning), and `rewind` is cleared so a later rebalance does not re-read
// the topic. Returns true for an assignment, false for a revocation.
bool applyRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                    rd_kafka_topic_partition_list_t *partitions, bool &rewind);

// Points each partition of an assignment at its first offset whose timestamp is at or after
// `timestampMs` (ListOffsets by time), so a restarted analytics worker rebuilds its windows
// from history. A partition the broker has no answer for (no event that recent, or a broker
// that does not look offsets up by time) keeps the start librdkafka would have used. Returns
// how many partitions were moved, or -1 with `error` when the lookup failed as a whole.
int startAtTime(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions,
                std::int64_t timestampMs, int timeoutMs, std::string &error);

} // namespace trackboard
