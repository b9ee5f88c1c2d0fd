#pragma once

#include "event.h"

#include <cstdint>

namespace trackboard {

// What AnalyticsAggregator already knows about an event, handed to each business metric so
// that none of them hashes or classifies the same thing twice.
struct BusinessEventContext {
    std::int64_t bucket = 0;    // 10-second bucket of event time (AnalyticsAggregator::kBucketMs)
    bool late = false;          // older than the allowed lateness: counted all-time, in no window
    std::uint64_t userHash = 0; // hashText(userId), never 0
    std::uint64_t sessionHash = 0; // hashText(sessionId), never 0
    // The session's first event here, or unknown (the session table is full): a metric that
    // only changes at a session's start may skip an event where this is false.
    bool sessionStart = true;
};

} // namespace trackboard
