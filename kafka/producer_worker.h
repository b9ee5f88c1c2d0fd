#pragma once

#include "event.h"
#include "kafka_settings.h"
#include "produce_throttle.h"
#include "producer_stats.h"
#include "read_progress.h"
#include "simulator.h"
#include "visit_sizer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <limits>
#include <vector>

namespace trackboard {

// Runs the simulator on its own thread and produces its events to Kafka, keyed by user_id,
// with the idempotent producer. Create it, move it to a QThread, then call open() there.
class ProducerWorker : public QObject {
    Q_OBJECT
public:
    struct Options {
        KafkaSettings kafka;
        SimulatorConfig simulator;
        double rate = 200;           // events per second
        std::uint64_t maxEvents = 0; // 0: no limit; otherwise stop after this many
        // Virtual clock: timestamps start at `virtualStartMs` and advance by 1/rate per event,
        // so a run is reproducible. Otherwise the wall clock stamps events.
        bool virtualClock = false;
        std::int64_t virtualStartMs = 1'767'225'600'000; // 2026-01-01T00:00:00Z
        int statsIntervalMs = 100;
        // Slow down when the slowest consumer group falls behind (ProduceThrottle). Only where
        // Trackboard runs every consumer on an embedded broker, whose retention would otherwise
        // evict what they have not read; never against an external cluster.
        bool throttle = false;
    };

    explicit ProducerWorker(Options options);
    ~ProducerWorker() override;

    // Mean seconds between two events of one visit: sets how many visits run at once.
    static constexpr double kThinkTimeSeconds = 8.0;

public slots:
    void open();
    void startTraffic();
    void stopTraffic();
    void setRate(double eventsPerSecond);
    void injectScenario(trackboard::Scenario scenario);
    // Random attacks at this mean rate per minute; 0 turns them off.
    void setSprinkleRate(double perMinute);
    // Stops, waits up to `flushTimeoutMs` for buffered events, and releases the handle.
    void shutdown(int flushTimeoutMs);
    // With Options::throttle: each consumer group's count of events read or skipped
    // (ConsumerWorker::readProgress), read at every tick; the producer may run ahead of the
    // slowest. Set before the producer starts.
    void setConsumerProgress(std::vector<ReadProgress> groups);
    // For tests: raises a fatal error in librdkafka, as a killed partition leader can with
    // librdkafka 2.0.2's idempotent producer, to exercise the recovery.
    void raiseFatalErrorForTest();

signals:
    void statsChanged(const trackboard::ProducerStats &stats);
    void failed(const QString &message);
    // shutdown()'s flush ran out of time with `left` events still buffered: they are lost.
    void flushIncomplete(quint64 left, int waitedMs);
    // maxEvents were produced and every one was delivered or failed.
    void finished(const trackboard::ProducerStats &stats);
    // Users targeted by scenarios since the last emission: the fraud detector's answer key.
    void scenarioInjected(const std::vector<trackboard::GroundTruth> &entries);

private:
    // A message librdkafka gave back unacknowledged after a fatal error: sent again by the
    // next producer. Its delivery may still have been persisted, so the log may then hold it
    // twice; the consumers' event_id check counts it once.
    struct Unacknowledged {
        std::string key;
        std::string value;
        void *tally;
    };

    bool createProducer(std::string &error);
    void recoverFromFatalError();
    bool sendUnacknowledged();
    void produceDue();
    std::int64_t eventTimeMs() const;
    void encodePending(bool paced);
    bool sendPending();
    void publishGroundTruth();
    void publishStats();
    void restartPacing();
    void applyThrottle();
    int visitTarget() const;
    void followSentRate();
    static void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque);
    static void onError(rd_kafka_t *, int err, const char *reason, void *opaque);

    Options options_;
    KafkaHandle producer_;
    bool refused_ = false; // the cluster refused the login or the TLS handshake: reported once
    bool fatal_ = false;   // librdkafka raised a fatal error: recreate the producer
    std::vector<Unacknowledged> unacknowledged_;
    Simulator simulator_;
    Event event_;
    std::string payload_;
    bool pending_ = false;      // payload_ holds an event the full queue refused
    bool pendingPaced_ = false; // ...and it counts against the rate (not an injected one)
    std::size_t groundTruthSent_ = 0;
    bool running_ = false;
    bool finishedEmitted_ = false;
    QTimer tick_;
    QTimer statsTimer_;
    QElapsedTimer pacingClock_;
    std::uint64_t producedInPeriod_ = 0;
    ProducerStats stats_;
    std::uint64_t lastRateDelivered_ = 0;
    ProduceThrottle throttle_;
    double pacedRate_ = 0; // options_.rate, or less while throttled
    // With the throttle on: events still allowed before its hold point, a cap on each tick's
    // catch-up after a stall.
    std::uint64_t throttleRoom_ = std::numeric_limits<std::uint64_t>::max();
    std::vector<ReadProgress> consumerProgress_;
    std::uint64_t producedBytes_ = 0; // keys and values, for the mean message size
    QElapsedTimer throttleClock_;
    QElapsedTimer rateClock_;
    VisitSizer visitSizer_{VisitSizer::Settings{kThinkTimeSeconds}};
    QElapsedTimer visitClock_;
};

} // namespace trackboard
