#pragma once

#include "event.h"

#include <string>

namespace trackboard {

// One event as a browser sends it to POST /e, before enrichment. Only `type` and `page` are
// required; the server fills in time, identity, place and device.
struct Beacon {
    EventType type = EventType::PageView;
    std::string page;
    std::string referrer;
    std::string timeZone;
    int screenWidth = 0; // 0 when not sent
    std::string lang;
    std::string eventId; // empty: the collector makes one
    std::string userId;  // empty: the collector derives a visitor id
    bool hasProduct = false;
    Product product;
    int quantity = 0;
    bool hasOrder = false;
    Order order;
    std::string element; // a click's data-track name; empty when absent
    bool hasExperiment = false;
    Experiment experiment;
};

// What the HTTP layer knows about the request that carried a batch of beacons. The raw IP lives
// only here, on the collector, and never reaches an event.
struct BeaconContext {
    std::string clientIp;
    std::string userAgent;
    std::string site; // host the page belongs to (Origin, else Host)
    std::int64_t receivedMs = 0;
    bool doNotTrack = false; // Sec-GPC: 1 or DNT: 1
};

} // namespace trackboard
