#pragma once

#include "analytics_snapshot.h"
#include "attack_status.h"
#include "cluster_health.h"
#include "consumer_stats.h"
#include "fraud_detector.h"
#include "fraud_snapshot.h"
#include "kafka_connection.h"
#include "producer_stats.h"
#include "scenario.h"
#include "user_profile.h"

#include <vector>

#include <QMetaType>

// Snapshots cross from worker threads to the GUI by value through queued signals.
Q_DECLARE_METATYPE(trackboard::AnalyticsSnapshot)
Q_DECLARE_METATYPE(trackboard::FraudSnapshot)
Q_DECLARE_METATYPE(trackboard::ConsumerStats)
Q_DECLARE_METATYPE(trackboard::ProducerStats)
Q_DECLARE_METATYPE(trackboard::ClusterHealth)
Q_DECLARE_METATYPE(trackboard::KafkaConnection)
Q_DECLARE_METATYPE(trackboard::FraudThresholds)
Q_DECLARE_METATYPE(trackboard::Scenario)
Q_DECLARE_METATYPE(std::vector<trackboard::GroundTruth>)
Q_DECLARE_METATYPE(std::vector<trackboard::AttackStatus>)
Q_DECLARE_METATYPE(trackboard::UserProfile)

namespace trackboard {
void registerMetatypes();
}
