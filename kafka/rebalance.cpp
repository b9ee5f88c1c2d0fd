#include "rebalance.h"
#include "rdkafka_handles.h"

#include <cstring>

namespace trackboard {

bool applyRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                    rd_kafka_topic_partition_list_t *partitions, bool &rewind) {
    const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
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
