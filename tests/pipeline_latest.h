#pragma once
// The latest of everything a Pipeline reports, for the integration tests that drive one.
#include "pipeline.h"

namespace trackboard {

struct Latest {
    ProducerStats producer;
    AnalyticsSnapshot analytics;
    ConsumerStats analyticsStats;
    FraudSnapshot fraud;
    ConsumerStats fraudStats;
    std::uint64_t alerts = 0;

    void follow(Pipeline &pipeline) {
        QObject::connect(&pipeline, &Pipeline::producerStats,
                         [this](const ProducerStats &s) { producer = s; });
        QObject::connect(&pipeline, &Pipeline::analyticsSnapshot,
                         [this](const AnalyticsSnapshot &s, const ConsumerStats &c) {
                             analytics = s;
                             analyticsStats = c;
                         });
        QObject::connect(&pipeline, &Pipeline::fraudSnapshot,
                         [this](const FraudSnapshot &s, const ConsumerStats &c) {
                             fraud = s;
                             fraudStats = c;
                             alerts += s.newAlerts.size();
                         });
    }
};

} // namespace trackboard
