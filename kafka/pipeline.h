#pragma once

#include "analytics_worker.h"
#include "attack_tracker.h"
#include "cluster_monitor.h"
#include "embedded_broker.h"
#include "fraud_worker.h"
#include "kafka_connection_tracker.h"
#include "metatypes.h"
#include "producer_worker.h"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <array>
#include <atomic>
#include <map>
#include <memory>

namespace trackboard {

// The whole of Trackboard's data flow: (embedded broker) → simulator producer → Kafka →
// analytics and fraud consumer groups, each on its own QThread. The GUI, `trackboard demo` and
// the integration tests all drive this one class.
class Pipeline : public QObject {
    Q_OBJECT
public:
    struct Options {
        KafkaSettings kafka; // empty brokers: start the embedded broker
        SimulatorConfig simulator;
        double rate = 200;
        std::uint64_t maxProduce = 0;
        bool virtualClock = false;
        FraudThresholds thresholds;
        bool runProducer = true;
        bool runAnalytics = true;
        bool runFraud = true;
        std::string analyticsGroup = AnalyticsWorker::kDefaultGroup;
        std::string fraudGroup = FraudWorker::kDefaultGroup;
        std::string alertsTopic = FraudWorker::kDefaultAlertsTopic; // empty: don't publish
        // Rejected messages go here, forwarded by the analytics group only, so that each lands
        // once though both groups read the topic; empty: counted, not forwarded.
        std::string deadLetterTopic = DeadLetterProducer::kDefaultTopic;
        bool fromBeginning = false;                      // consumers ignore committed offsets
        AnalyticsAggregator::Settings analyticsSettings; // allowed lateness, bounds
        AnalyticsWorker::StateOptions analyticsState;    // checkpoints, global view
        std::uint64_t maxConsume = 0; // consumers stop after this many messages; 0: never
        int snapshotIntervalMs = 100;
        // On the embedded broker, with consumers here, slow the simulator as the slowest group
        // nears the broker's retention (ProduceThrottle). Tests that overrun retention on
        // purpose turn it off.
        bool throttleProducer = true;
        // Both groups decode a large batch on a helper thread each (ConsumerWorker::Options).
        bool decodeAhead = true;
    };

    explicit Pipeline(Options options, QObject *parent = nullptr);
    ~Pipeline() override;

    // Starts the broker (when embedded) and the worker threads. Traffic stays off until
    // startTraffic(). Returns false with a message the user can act on.
    bool start(QString &error);
    QString bootstrapServers() const { return QString::fromStdString(options_.kafka.brokers); }
    bool usesEmbeddedBroker() const { return broker_ != nullptr; }
    // The simulator slows down for the consumers (Options::throttleProducer, embedded broker).
    bool throttlesProducer() const { return throttling_; }
    // The analytics group's member is reading the state topic for a new assignment
    // (readingCheckpoints).
    bool analyticsReadingCheckpoints() const { return analyticsReading_; }
    EmbeddedBroker *embeddedBroker() const { return broker_.get(); }
    const Options &options() const { return options_; }
    // After shutdown(): events the producer still held when its flush ran out of time. They
    // are lost; the caller must say so.
    std::uint64_t unflushedAtShutdown() const { return unflushed_.load(); }
    // Whether the broker is reachable, what waits in the producer, and the catch-up after an
    // outage; connectionChanged() tells of every change.
    const KafkaConnection &connection() const { return connection_.connection(); }
    // Only Trackboard's own embedded broker can be taken down from here.
    bool canSimulateOutage() const { return broker_ != nullptr; }
    bool simulatingOutage() const { return outageTimer_.isActive(); }
    // The scenarios injected here and whether each was detected; attacksChanged() tells.
    std::vector<AttackStatus> attacks() const { return attacks_.attacks(); }

public slots:
    void startTraffic();
    void stopTraffic();
    void setRate(double eventsPerSecond);
    void setThresholds(const trackboard::FraudThresholds &thresholds);
    // A new metrics file for the analytics worker (docs/analytics.md, "Custom metrics").
    void setMetricDefinitions(const trackboard::MetricDefinitions &definitions);
    void injectScenario(trackboard::Scenario scenario);
    void setSprinkleRate(double perMinute);
    // Both workers forget their aggregates; the next snapshots start from zero.
    void resetAggregates();
    // Both consumer groups stop fetching, or resume; see ConsumerWorker::setPaused().
    void setConsumersPaused(bool paused);
    // Asks every fraud worker what it holds about `userId` (each holds some partitions, and the
    // user's events all go to one); userProfile() answers once, queued, with the one that has
    // the user or with `held` false. Returns the id that answer carries.
    quint64 requestUserProfile(const QString &userId);
    // Takes the embedded broker down for `seconds` through the mock cluster's own fault API:
    // it drops every connection and refuses new ones, as a crashed broker would, and keeps its
    // data. Returns false against an external cluster.
    bool simulateOutage(int seconds);
    // Brings the broker back before its time.
    void endSimulatedOutage();
    // Stops traffic, flushes the producer, commits and closes the consumers and joins the
    // threads, all within `timeoutMs`. Safe to call twice.
    void shutdown(int timeoutMs = 2500);

signals:
    void producerStats(const trackboard::ProducerStats &stats);
    void producerFinished(const trackboard::ProducerStats &stats);
    void scenarioInjected(const std::vector<trackboard::GroundTruth> &entries);
    void analyticsSnapshot(const trackboard::AnalyticsSnapshot &snapshot,
                           const trackboard::ConsumerStats &stats);
    void fraudSnapshot(const trackboard::FraudSnapshot &snapshot,
                       const trackboard::ConsumerStats &stats);
    // The analytics group's figures at every snapshot interval, also when its merged snapshot
    // is paced to come less often (snapshot_pacing.h).
    void analyticsStats(const trackboard::ConsumerStats &stats);
    void failed(const QString &message);
    // Every consumer group has joined and holds its partitions: events produced from now on
    // are read at once, without the first join's delay. Emitted once.
    void consumersReady();
    // The analytics group's member started or finished reading the state topic for a new
    // assignment: the whole group waits meanwhile (AnalyticsWorker::kCatchUpMs at most).
    void readingCheckpoints(bool reading);
    // A consumer took `maxConsume` messages and stopped; `group` names it.
    void consumerFinished(const QString &group);
    // Every ClusterMonitor::kIntervalMs: brokers up, partitions under-replicated or offline.
    void clusterHealth(const trackboard::ClusterHealth &health);
    void connectionChanged(const trackboard::KafkaConnection &connection);
    void attacksChanged(const std::vector<trackboard::AttackStatus> &attacks);
    void userProfile(const trackboard::UserProfile &profile, quint64 requestId);

private:
    ConsumerWorker::Options consumerOptions(const std::string &group) const;
    void noteConsumerState(bool &ready, const ConsumerStats &stats);
    std::vector<FraudWorker *> fraudWorkers() const;
    void noteProfile(const UserProfile &answer, quint64 requestId);

    Options options_;
    std::unique_ptr<EmbeddedBroker> broker_;
    QThread producerThread_;
    QThread analyticsThread_;
    QThread fraudThread_;
    QThread monitorThread_;
    // Producer, analytics, fraud, monitor: set on the worker's own thread once its shutdown
    // has run.
    std::array<std::atomic<bool>, 4> stopped_{};
    ProducerWorker *producer_ = nullptr;
    AnalyticsWorker *analytics_ = nullptr;
    FraudWorker *fraud_ = nullptr;
    ClusterMonitor *monitor_ = nullptr;
    bool started_ = false;
    bool analyticsReady_ = false;
    bool analyticsReading_ = false;
    bool fraudReady_ = false;
    bool readyEmitted_ = false;
    std::atomic<std::uint64_t> unflushed_{0};
    std::uint64_t lastBuffered_ = 0; // from the producer's latest stats, for a missed deadline
    bool throttling_ = false;
    KafkaConnectionTracker connection_;
    AttackTracker attacks_;
    QTimer outageTimer_;
    // Profile requests waiting for workers' answers (pipeline_profiles.cpp).
    struct ProfileRequest {
        std::string userId;
        std::size_t awaited = 0;
        std::vector<UserProfile> answers;
    };
    std::map<quint64, ProfileRequest> profileRequests_;
    quint64 nextProfileRequest_ = 1;
};

} // namespace trackboard
