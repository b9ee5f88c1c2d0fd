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
    // A redelivered batch can make `consumed` pass `delivered`; nothing is on the broker then.
    const std::uint64_t seen = group.consumed + group.skipped;
    account.pending = (producer.delivered > seen ? producer.delivered - seen : 0) + queued;
    return account;
}

bool groupCaughtUp(const ProducerStats &producer, const ConsumerStats &group) {
    const bool acknowledged =
        producer.state != "running" && producer.delivered + producer.failed >= producer.produced;
    return acknowledged && group.consumed + group.skipped >= producer.delivered;
}

} // namespace trackboard
