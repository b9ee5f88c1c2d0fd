#include "producer_loop.h"
#include "steady_ms.h"

#include <cstdio>

namespace trackboard {

ProducerLoop::ProducerLoop(BeaconQueue &queue, CollectorMetrics &metrics,
                           const UserAgentParser &parser, const TimeZonePlaces &places,
                           std::string topic)
    : queue_(queue)
    , metrics_(metrics)
    , enricher_(parser, places)
    , topic_(std::move(topic)) {}

ProducerLoop::~ProducerLoop() {
    stop(KafkaProducer::kCloseFlushMs);
}

bool ProducerLoop::open(const KafkaSettings &settings, std::string &error) {
    // The simulator's producer settings: idempotent, so a retried send is not a duplicate, and a
    // short linger, so a single web event reaches the dashboard well within a second.
    if (!producer_.open(settings,
                        {{"enable.idempotence", "true"},
                         {"linger.ms", "5"},
                         {"client.id", "trackboard-collector"}},
                        error)) {
        return false;
    }
    producer_.warmUp(topic_, 5000);
    return true;
}

void ProducerLoop::keepSaltsIn(const std::string &path) {
    std::string error;
    if (const auto saved = readSaltFile(path, error)) {
        enricher_.identity().restore(*saved);
    } else if (!error.empty()) {
        std::fprintf(stderr, "trackboard collect: %s\n", error.c_str());
    }
    // Runs on the producer thread once a day: one small file write.
    enricher_.identity().setOnNewDay([path](const DaySalts &salts) {
        std::string why;
        if (!writeSaltFile(path, salts, why)) {
            std::fprintf(stderr, "trackboard collect: visitor salts not saved: %s\n", why.c_str());
        }
    });
}

void ProducerLoop::start() {
    thread_ = std::thread([this] { run(); });
}

void ProducerLoop::stop(int flushMs) {
    if (!thread_.joinable()) {
        return;
    }
    deadlineMs_ = steadyMs() + flushMs;
    stopping_ = true;
    queue_.close();
    thread_.join();
}

void ProducerLoop::produceJob(const BeaconJob &job) {
    if (enricher_.beginRequest(job.context) == EventEnricher::Outcome::Bot) {
        metrics_.bots.fetch_add(job.beacons.size(), std::memory_order_relaxed);
        return;
    }
    for (const auto &beacon : job.beacons) {
        auto geoSource = EventEnricher::GeoSource::None;
        enricher_.enrichBeacon(beacon, event_, geoSource);
        json_.clear();
        EventEnricher::encodeWebEvent(event_, geoSource, json_);
        for (;;) {
            const auto result = producer_.produce(topic_, event_.userId, json_);
            if (result == KafkaProducer::ProduceResult::Ok) {
                metrics_.produced.fetch_add(1, std::memory_order_relaxed);
                break;
            }
            if (result == KafkaProducer::ProduceResult::Error) {
                break; // counted by KafkaProducer::failed()
            }
            // librdkafka's queue is full: wait here; the BeaconQueue absorbs what arrives.
            producer_.poll(50);
            if (pastDeadline()) {
                return; // stopping, and out of time: what is left is lost, and counted so
            }
        }
    }
}

bool ProducerLoop::pastDeadline() const {
    return stopping_ && steadyMs() >= deadlineMs_;
}

void ProducerLoop::run() {
    std::vector<BeaconJob> jobs;
    std::int64_t lastCountMs = 0;
    for (;;) {
        jobs.clear();
        queue_.popAll(jobs, std::chrono::milliseconds(50));
        for (const auto &job : jobs) {
            if (pastDeadline()) {
                metrics_.undelivered.fetch_add(job.beacons.size(), std::memory_order_relaxed);
                continue;
            }
            produceJob(job);
            producer_.poll(0);
        }
        producer_.poll(0);
        metrics_.queueDepth.store(queue_.depth(), std::memory_order_relaxed);
        if (const auto now = steadyMs(); now - lastCountMs >= 1000) {
            // A full pass over the sessions, so once a second rather than per batch.
            lastCountMs = now;
            const auto wallMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
            metrics_.liveVisitors.store(enricher_.sessions().activeWithin(kLiveWindowMs, wallMs),
                                        std::memory_order_relaxed);
        }
        metrics_.delivered.store(producer_.delivered(), std::memory_order_relaxed);
        metrics_.deliveryFailed.store(producer_.failed(), std::memory_order_relaxed);
        metrics_.languagesDropped.store(enricher_.languagesDropped(), std::memory_order_relaxed);
        if (stopping_ && jobs.empty() && queue_.depth() == 0) {
            break;
        }
    }
    producer_.flush(int(std::max<std::int64_t>(0, deadlineMs_ - steadyMs())));
    metrics_.delivered.store(producer_.delivered(), std::memory_order_relaxed);
    metrics_.deliveryFailed.store(producer_.failed(), std::memory_order_relaxed);
    // Already flushed as long as allowed; what librdkafka still holds is dropped now.
    metrics_.undelivered.fetch_add(std::uint64_t(std::max(0, producer_.outstanding())),
                                   std::memory_order_relaxed);
    producer_.close(0);
}

} // namespace trackboard
