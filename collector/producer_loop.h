#pragma once

#include "beacon_queue.h"
#include "collector_metrics.h"
#include "event_enricher.h"
#include "kafka_producer.h"

#include <atomic>
#include <string>
#include <thread>

namespace trackboard {

// The collector's one producer thread: takes accepted batches off the BeaconQueue, enriches
// them and produces each event keyed by its final user_id with Trackboard's partitioner
// (KafkaProducer sets murmur2). Enrichment lives here, not on the I/O threads, so that its
// sessions and caches need no locks; when librdkafka's queue is full this thread waits, the
// BeaconQueue fills, and the I/O threads answer 503 rather than block.
class ProducerLoop {
public:
    ProducerLoop(BeaconQueue &queue, CollectorMetrics &metrics, const UserAgentParser &parser,
                 const TimeZonePlaces &places, std::string topic);
    ~ProducerLoop();
    ProducerLoop(const ProducerLoop &) = delete;
    ProducerLoop &operator=(const ProducerLoop &) = delete;

    // Creates the Kafka producer. Returns false with `error` set when librdkafka refuses the
    // configuration.
    bool open(const KafkaSettings &settings, std::string &error);
    // Takes up the visitor salts saved in `path` and saves them there at each new UTC day
    // (salt_file.h). Problems with the file are warnings: the collector then runs on fresh
    // salts. Call before start().
    void keepSaltsIn(const std::string &path);
    void start();
    // "Live visitors" are those seen within this window, as Plausible's "current visitors".
    static constexpr std::int64_t kLiveWindowMs = 5 * 60 * 1000;
    // Produces what is queued, flushes for up to `flushMs`, and joins the thread.
    void stop(int flushMs);

private:
    void run();
    void produceJob(const BeaconJob &job);

    BeaconQueue &queue_;
    CollectorMetrics &metrics_;
    EventEnricher enricher_;
    Event event_;      // reused: its strings keep their capacity between events
    std::string json_; // likewise
    std::string topic_;
    KafkaProducer producer_;
    bool pastDeadline() const;

    std::atomic<bool> stopping_{false};
    std::atomic<std::int64_t> deadlineMs_{0}; // steady clock; when stop() gives up
    std::thread thread_;
};

} // namespace trackboard
