#include "metatypes.h"

namespace trackboard {

void registerMetatypes() {
    qRegisterMetaType<AnalyticsSnapshot>();
    qRegisterMetaType<FraudSnapshot>();
    qRegisterMetaType<ConsumerStats>();
    qRegisterMetaType<ProducerStats>();
    qRegisterMetaType<ClusterHealth>();
    qRegisterMetaType<KafkaConnection>();
    qRegisterMetaType<FraudThresholds>();
    qRegisterMetaType<Scenario>();
    qRegisterMetaType<std::vector<GroundTruth>>();
    qRegisterMetaType<std::vector<AttackStatus>>();
    qRegisterMetaType<UserProfile>();
}

} // namespace trackboard
