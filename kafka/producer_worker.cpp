#include "producer_worker.h"
#include "event_codec.h"

#include <QDateTime>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace trackboard {

namespace {

// The delivery report must tell which event type and revenue it acknowledges, for the tally.
// Both fit in the per-message opaque pointer, so no allocation per message is needed.
void *packTally(const Event &e) {
    const std::int64_t revenue = e.hasOrder ? e.order.valueCents : 0;
    return reinterpret_cast<void *>(static_cast<std::uintptr_t>(revenue) << 4 |
                                    static_cast<std::uintptr_t>(e.type));
}

// The virtual clock is for reproducible runs: event ids come from the seed too, so two runs
// write the same bytes. On the wall clock each run draws fresh ids (SimulatorConfig::eventIdSeed).
SimulatorConfig withEventIdSeed(SimulatorConfig config, bool virtualClock) {
    if (virtualClock && config.eventIdSeed == 0) {
        config.eventIdSeed = config.seed ^ 0x1DC0FFEEULL;
    }
    return config;
}

} // namespace

ProducerWorker::ProducerWorker(Options options)
    : options_(std::move(options))
    , simulator_(withEventIdSeed(options_.simulator, options_.virtualClock))
    , tick_(this)
    , statsTimer_(this)
    , throttle_(ProduceThrottle::Settings{options_.kafka.partitions}) {
    stats_.targetRate = options_.rate;
    tick_.setTimerType(Qt::PreciseTimer);
    tick_.setInterval(5);
    connect(&tick_, &QTimer::timeout, this, &ProducerWorker::produceDue);
    statsTimer_.setInterval(options_.statsIntervalMs);
    connect(&statsTimer_, &QTimer::timeout, this, &ProducerWorker::publishStats);
}

ProducerWorker::~ProducerWorker() = default;

void ProducerWorker::open() {
    Q_ASSERT(QThread::currentThread() == thread());
    std::string error;
    if (!createProducer(error)) {
        emit failed(QString::fromStdString(error));
        return;
    }
    statsTimer_.start();
}

bool ProducerWorker::createProducer(std::string &error) {
    auto conf = makeKafkaConf(options_.kafka,
                              {{"enable.idempotence", "true"},
                               {"linger.ms", "5"},
                               {"batch.num.messages", "10000"},
                               {"queue.buffering.max.messages", "500000"},
                               {"partitioner", kPartitioner},
                               {"client.id", "trackboard-producer"}},
                              error);
    if (!conf) {
        error = "producer configuration: " + error;
        return false;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &ProducerWorker::onDelivery);
    rd_kafka_conf_set_error_cb(conf.get(), &ProducerWorker::onError);
    producer_ = newKafkaHandle(RD_KAFKA_PRODUCER, std::move(conf), error);
    if (!producer_) {
        error = "producer: " + error;
        return false;
    }
    fetchTopicMetadata(producer_.get(), options_.kafka.topic, 5000);
    return true;
}

void ProducerWorker::raiseFatalErrorForTest() {
    if (producer_) {
        rd_kafka_test_fatal_error(producer_.get(), RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                                  "raised by a test");
    }
}

// librdkafka 2.0.2's idempotent producer can raise a fatal error after a "possibly persisted"
// disconnect, which a killed partition leader provokes (fixed in librdkafka 2.3.0). A fatal
// producer takes no more messages, so: take back everything it still holds, replace it, and
// send those messages again, ahead of new traffic.
void ProducerWorker::recoverFromFatalError() {
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    // The purged messages come back through onDelivery, which keeps them for resending.
    for (int i = 0; i < 100 && rd_kafka_outq_len(producer_.get()) > 0; ++i) {
        rd_kafka_poll(producer_.get(), 50);
    }
    producer_.reset();
    fatal_ = false;
    ++stats_.producerRestarts;
    std::string error;
    if (!createProducer(error)) {
        emit failed(QString::fromStdString("after a fatal error: " + error));
        return;
    }
    stats_.lastError = "recovered from a fatal producer error; resending " +
                       std::to_string(unacknowledged_.size()) + " unacknowledged events";
    sendUnacknowledged();
}

bool ProducerWorker::sendUnacknowledged() {
    std::size_t sent = 0;
    for (; sent < unacknowledged_.size(); ++sent) {
        Unacknowledged &m = unacknowledged_[sent];
        const auto err = rd_kafka_producev(
            producer_.get(), RD_KAFKA_V_TOPIC(options_.kafka.topic.c_str()),
            RD_KAFKA_V_KEY(m.key.data(), m.key.size()),
            RD_KAFKA_V_VALUE(m.value.data(), m.value.size()),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(m.tally), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            break; // queue full: the rest go on the next tick
        }
        ++stats_.resent;
    }
    unacknowledged_.erase(unacknowledged_.begin(),
                          unacknowledged_.begin() + static_cast<long>(sent));
    return unacknowledged_.empty();
}

void ProducerWorker::startTraffic() {
    if (!producer_ || running_) {
        return;
    }
    running_ = true;
    stats_.state = "running";
    restartPacing();
    visitClock_.start();
    visitSizer_.start(0, stats_.produced, options_.rate);
    simulator_.setTargetSessions(visitTarget());
    tick_.start();
    publishStats();
}

void ProducerWorker::stopTraffic() {
    if (!running_) {
        return;
    }
    running_ = false;
    tick_.stop();
    stats_.state = "stopped";
    stats_.throttled = false;
    throttleClock_.invalidate();
    publishStats();
}

void ProducerWorker::setRate(double eventsPerSecond) {
    options_.rate = std::clamp(eventsPerSecond, 0.1, 1'000'000.0);
    stats_.targetRate = options_.rate;
    restartPacing();
    visitSizer_.setAskedRate(options_.rate);
    simulator_.setTargetSessions(visitTarget());
}

void ProducerWorker::restartPacing() {
    pacingClock_.start();
    producedInPeriod_ = 0;
    pacedRate_ = options_.rate;
}

std::int64_t ProducerWorker::eventTimeMs() const {
    return options_.virtualClock
               ? options_.virtualStartMs +
                     static_cast<std::int64_t>(double(stats_.produced) * 1000.0 / options_.rate)
               : QDateTime::currentMSecsSinceEpoch();
}

void ProducerWorker::produceDue() {
    if (fatal_) {
        recoverFromFatalError();
    }
    if (!producer_ || (!unacknowledged_.empty() && !sendUnacknowledged())) {
        return;
    }
    // Injected scenario events first: they come on top of the set rate, as an attack would.
    while (running_) {
        if (!pending_) {
            if (!simulator_.nextInjected(eventTimeMs(), event_)) {
                break;
            }
            encodePending(false);
        }
        if (!sendPending()) {
            break;
        }
    }
    // Then what the rate says is due by now. After a stall (a busy machine, a full queue) we
    // resume at the set rate instead of bursting to catch up.
    applyThrottle();
    const double elapsed = static_cast<double>(pacingClock_.nsecsElapsed()) / 1e9;
    auto due = static_cast<std::int64_t>(elapsed * pacedRate_) -
               static_cast<std::int64_t>(producedInPeriod_);
    const auto burstLimit = static_cast<std::int64_t>(pacedRate_ * 0.1) + 1;
    if (due > burstLimit) {
        const double paced = pacedRate_;
        restartPacing();
        pacedRate_ = paced;
        due = burstLimit;
    }
    if (options_.throttle) {
        due = std::min<std::int64_t>(due,
                                     static_cast<std::int64_t>(std::min<std::uint64_t>(
                                         throttleRoom_, std::numeric_limits<std::int64_t>::max())));
    }
    for (std::int64_t i = 0; i < due && running_; ++i) {
        if (options_.maxEvents > 0 && stats_.produced >= options_.maxEvents && !pending_) {
            stopTraffic();
            stats_.state = "done";
            break;
        }
        if (!pending_) {
            simulator_.next(eventTimeMs(), event_);
            encodePending(true);
        }
        if (!sendPending()) {
            break;
        }
    }
    followSentRate();
    rd_kafka_poll(producer_.get(), 0);
    publishGroundTruth();
}

void ProducerWorker::encodePending(bool paced) {
    payload_.clear();
    encodeEvent(event_, payload_);
    pending_ = true;
    pendingPaced_ = paced;
}

bool ProducerWorker::sendPending() {
    const auto err =
        rd_kafka_producev(producer_.get(), RD_KAFKA_V_TOPIC(options_.kafka.topic.c_str()),
                          RD_KAFKA_V_KEY(event_.userId.data(), event_.userId.size()),
                          RD_KAFKA_V_VALUE(payload_.data(), payload_.size()),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_OPAQUE(packTally(event_)), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // Backpressure: keep this event and retry on the next tick; nothing is dropped.
        ++stats_.backpressureWaits;
        stats_.queueFull = true;
        return false;
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        fatal_ = true; // keep this event for the producer that replaces this one
        return false;
    }
    stats_.queueFull = false;
    pending_ = false;
    if (pendingPaced_) {
        ++producedInPeriod_;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++stats_.failed;
        stats_.lastError = rd_kafka_err2str(err);
        return true;
    }
    ++stats_.produced;
    producedBytes_ += payload_.size() + event_.userId.size();
    return true;
}

void ProducerWorker::injectScenario(Scenario scenario) {
    simulator_.inject(scenario, eventTimeMs());
    publishGroundTruth();
}

void ProducerWorker::setSprinkleRate(double perMinute) {
    simulator_.setSprinkleRate(perMinute);
}

void ProducerWorker::publishGroundTruth() {
    const auto &truth = simulator_.groundTruth();
    if (truth.size() > groundTruthSent_) {
        emit scenarioInjected(std::vector<GroundTruth>(
            truth.begin() + static_cast<long>(groundTruthSent_), truth.end()));
        groundTruthSent_ = truth.size();
    }
}

void ProducerWorker::publishStats() {
    if (producer_ && !running_) { // produceDue() does this while traffic runs
        if (fatal_) {
            recoverFromFatalError();
        } else if (!unacknowledged_.empty()) {
            sendUnacknowledged();
        }
    }
    if (producer_) {
        rd_kafka_poll(producer_.get(), 0);
        stats_.buffered =
            static_cast<std::uint64_t>(std::max(0, rd_kafka_outq_len(producer_.get())));
    }
    stats_.activeSessions = simulator_.activeSessions();
    stats_.pendingInjected = simulator_.pendingInjected();
    stats_.pendingAttackSteps = simulator_.pendingAttackSteps();
    if (!rateClock_.isValid()) {
        rateClock_.start();
    } else if (rateClock_.elapsed() >= 1000) {
        stats_.deliveredPerSecond =
            double(stats_.delivered - lastRateDelivered_) * 1000.0 / double(rateClock_.restart());
        lastRateDelivered_ = stats_.delivered;
    }
    emit statsChanged(stats_);
    const bool allAcknowledged = stats_.delivered + stats_.failed >= stats_.produced;
    if (options_.maxEvents > 0 && stats_.produced >= options_.maxEvents && allAcknowledged &&
        !finishedEmitted_) {
        finishedEmitted_ = true;
        emit finished(stats_);
    }
}

void ProducerWorker::shutdown(int flushTimeoutMs) {
    Q_ASSERT(QThread::currentThread() == thread());
    tick_.stop();
    statsTimer_.stop();
    running_ = false;
    if (producer_ && fatal_) {
        recoverFromFatalError();
    }
    if (producer_) {
        sendUnacknowledged();
        if (rd_kafka_flush(producer_.get(), flushTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            const int left = rd_kafka_outq_len(producer_.get());
            stats_.lastError = "shutdown: " + std::to_string(left) +
                               " events still buffered after " + std::to_string(flushTimeoutMs) +
                               " ms";
            emit flushIncomplete(static_cast<quint64>(std::max(0, left)), flushTimeoutMs);
        }
        stats_.buffered =
            static_cast<std::uint64_t>(std::max(0, rd_kafka_outq_len(producer_.get())));
        producer_.reset();
    }
    stats_.state = "stopped";
    emit statsChanged(stats_);
}

} // namespace trackboard
