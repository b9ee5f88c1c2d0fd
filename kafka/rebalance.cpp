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

} // namespace trackboard
