#pragma once

#include "event.h"

#include <cstdint>
#include <string_view>

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
    // The user's first event here, or unknown (the user table is full): likewise for a metric
    // that only changes when a user is first seen.
    bool newUser = true;
    // The event's page without query string or fragment (pagePath), and its hashText. Pages
    // are counted by path, so campaign links land on one page.
    std::string_view path;
    std::uint64_t pathHash = 0;
    std::uint64_t productHash = 0; // hashText(product.id) when the event has a product
};

} // namespace trackboard
