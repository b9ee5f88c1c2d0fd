#include "rebalance.h"
#include "rdkafka_handles.h"

#include <cstring>

namespace trackboard {

namespace {

// rd_kafka_rebalance_protocol() returns NULL on error, which happens when the group is torn
// down around a rebalance: a worker closing while the group moves its partitions crashed on
// it. The default assignors are eager, so an unknown protocol is handled as eager.
bool isCooperative(rd_kafka_t *rk) {
    const char *protocol = rd_kafka_rebalance_protocol(rk);
    return protocol != nullptr && std::strcmp(protocol, "COOPERATIVE") == 0;
}

} // namespace

bool applyRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                    rd_kafka_topic_partition_list_t *partitions, bool &rewind) {
    const bool cooperative = isCooperative(rk);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (rewind) {
            for (int i = 0; i < partitions->cnt; ++i) {
                partitions->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
            }
            rewind = false;
        }
        if (cooperative) {
            KafkaError(rd_kafka_incremental_assign(rk, partitions));
        } else {
            rd_kafka_assign(rk, partitions);
        }
        return true;
    }
    if (cooperative) {
        KafkaError(rd_kafka_incremental_unassign(rk, partitions));
    } else {
        rd_kafka_assign(rk, nullptr);
    }
    return false;
}

int startAtTime(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions,
                std::int64_t timestampMs, int timeoutMs, std::string &error) {
    KafkaPartitionList lookup(rd_kafka_topic_partition_list_copy(partitions));
    for (int i = 0; i < lookup->cnt; ++i) {
        lookup->elems[i].offset = timestampMs; // offsets_for_times reads the time from here
    }
    if (const auto err = rd_kafka_offsets_for_times(rk, lookup.get(), timeoutMs)) {
        error = rd_kafka_err2str(err);
        return -1;
    }
    int moved = 0;
    for (int i = 0; i < lookup->cnt; ++i) {
        const auto &found = lookup->elems[i];
        if (found.err != RD_KAFKA_RESP_ERR_NO_ERROR || found.offset < 0) {
            continue;
        }
        partitions->elems[i].offset = found.offset;
        ++moved;
    }
    return moved;
}

} // namespace trackboard
