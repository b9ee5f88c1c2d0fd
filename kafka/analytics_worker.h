#pragma once

#include "analytics_aggregator.h"
#include "consumer_worker.h"
#include "metatypes.h"

namespace trackboard {

// Consumer group `trackboard-analytics`: folds every event into the demo guide's metrics.
class AnalyticsWorker final : public ConsumerWorker {
    Q_OBJECT
public:
    static constexpr const char *kDefaultGroup = "trackboard-analytics";
    explicit AnalyticsWorker(Options options);

signals:
    void snapshotReady(const trackboard::AnalyticsSnapshot &snapshot,
                       const trackboard::ConsumerStats &stats);

protected:
    void applyEvent(const Event &event, std::int64_t nowMs) override;
    void publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) override;

private:
    AnalyticsAggregator aggregator_;
};

} // namespace trackboard
