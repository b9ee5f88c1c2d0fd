#pragma once

#include "consumer_stats.h"
#include "producer_stats.h"

#include <cstdint>

namespace trackboard {

// Where each event the simulator made ended up, for one consumer group at the end of a drain.
// `lost` counts only events no one can read any more: cut by the broker's retention before the
// group read them (its skipped offsets), or never delivered (refused or given up by
// librdkafka). `pending` counts events on their way that the group had not read when the drain
// ended: on the broker unread, or still in the producer's queue. Late, not lost. The group may
// not yet have reached an offset that retention has cut: that event is pending until the group
// gets there and counts it as skipped.
struct DeliveryAccount {
    std::uint64_t lost = 0;
    std::uint64_t pending = 0;
    std::uint64_t queued = 0; // the part of `pending` still in the producer's queue
};

DeliveryAccount accountForGroup(const ProducerStats &producer, const ConsumerStats &group);

// Nothing left to wait for: every event handed to the producer is acknowledged or given up, and
// the group has read or skipped every delivered one.
bool groupCaughtUp(const ProducerStats &producer, const ConsumerStats &group);

} // namespace trackboard
