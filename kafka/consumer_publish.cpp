// ConsumerWorker's figures at each snapshot interval: latency quantiles, rates, the dead-letter
// and held-offset bookkeeping that has no message to ride on, and the thread's CPU; then the
// subclass's snapshot.
#include "consumer_worker.h"

#include <QDateTime>

#include <ctime>

namespace trackboard {

void ConsumerWorker::publish() {
    if (!consumer_) {
        return;
    }
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    updateLag();
    stats_.latencyP50Ms = latency_.quantileMs(0.50);
    stats_.latencyP99Ms = latency_.quantileMs(0.99);
    stats_.latencyP999Ms = latency_.quantileMs(0.999);
    if (!recentClock_.isValid() || recentClock_.elapsed() >= 10'000) {
        recentClock_.start();
        recentLatency_[0] = recentLatency_[1];
        recentLatency_[1].reset();
    }
    LatencyHistogram recent = recentLatency_[0];
    recent.merge(recentLatency_[1]);
    stats_.recentLatencyP50Ms = recent.quantileMs(0.50);
    stats_.recentLatencyP99Ms = recent.quantileMs(0.99);
    stats_.eventsPerSecond = lastBatchEndNs_ > firstBatchNs_ && firstBatchNs_ >= 0
                                 ? double(stats_.consumed) * 1e9 / double(lastBatchEndNs_)
                                 : 0;
    if (rateClock_.elapsed() >= 1000) {
        stats_.recentEventsPerSecond =
            double(stats_.consumed - lastRateConsumed_) * 1000.0 / double(rateClock_.restart());
        lastRateConsumed_ = stats_.consumed;
    }
    if (deadLetter_.isOpen()) {
        deadLetter_.poll();
    }
    // Quiet partitions bring no message whose handling would store what was held.
    if (!heldOffsets_.empty() && !offsetsMustWait()) {
        storeHeldOffsets();
    }
    stats_.deadLettered = deadLetter_.delivered();
    if (deadLetter_.failed() > 0) {
        stats_.lastError = "dead-letter topic: " + std::to_string(deadLetter_.failed()) +
                           " rejects not forwarded: " + deadLetter_.lastError();
    }
    // The decode helper's time is the worker's too: without it the figure would fall by the
    // decoding it hands over, though the work is the same.
    stats_.threadCpuSeconds = threadCpuSeconds() + (ahead_ ? ahead_->helperCpuSeconds() : 0.0);
    stats_.decodedAhead = ahead_ ? ahead_->decodedByHelper() : 0;
    stats_.heldMessages = flow_.keptMessages();
    stats_.heldPartitions = flow_.heldPartitions();
    stats_.partitionPauses = flow_.pauses();
    stats_.snapshotIntervalMs = options_.snapshotIntervalMs;
    publishSnapshot(stats_, now);
}

double ConsumerWorker::threadCpuSeconds() {
    timespec cpu{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) != 0) {
        return 0;
    }
    return double(cpu.tv_sec) + double(cpu.tv_nsec) / 1e9;
}

} // namespace trackboard
