#pragma once

#include <librdkafka/rdkafka.h>

namespace trackboard {

// Applies a group rebalance for either protocol (eager or cooperative). On the first assignment
// with `rewind` set, every partition starts at its earliest offset whatever the group
// committed (--from-beginning), and `rewind` is cleared so a later rebalance does not re-read
// the topic. Returns true for an assignment, false for a revocation.
bool applyRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                    rd_kafka_topic_partition_list_t *partitions, bool &rewind);

} // namespace trackboard
