#include "delivery_account.h"

namespace trackboard {

DeliveryAccount accountForGroup(const ProducerStats &producer, const ConsumerStats &group) {
    DeliveryAccount account;
    // `failed` also counts events librdkafka refused at once, which never entered `produced`;
    // what was produced and neither acknowledged nor given up was still queued.
    const std::uint64_t settled = producer.delivered + producer.failed;
    const std::uint64_t queued = producer.produced > settled ? producer.produced - settled : 0;
    account.queued = queued;
    account.lost = group.skipped + producer.failed;
    // The two snapshots are taken apart: the group may already have read events whose
    // acknowledgements reached the producer after its last report, so those come out of
    // `queued`. A redelivered batch can make `seen` pass everything sent; nothing is pending then.
    const std::uint64_t onTheirWay = producer.delivered + queued;
    const std::uint64_t seen = group.consumed + group.skipped;
    account.pending = onTheirWay > seen ? onTheirWay - seen : 0;
    return account;
}

bool groupCaughtUp(const ProducerStats &producer, const ConsumerStats &group) {
    const bool acknowledged =
        producer.state != "running" && producer.delivered + producer.failed >= producer.produced;
    return acknowledged && group.consumed + group.skipped >= producer.delivered;
}

} // namespace trackboard
