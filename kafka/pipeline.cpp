#include "pipeline.h"

#include <QDeadlineTimer>

#include <algorithm>
#include <array>

namespace trackboard {

namespace {

template <typename Worker> void runOnThread(Worker *worker, QThread &thread) {
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, worker, &Worker::open);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
}

} // namespace

Pipeline::Pipeline(Options options, QObject *parent)
    : QObject(parent)
    , options_(std::move(options)) {
    registerMetatypes();
    producerThread_.setObjectName(QStringLiteral("trackboard-producer"));
    analyticsThread_.setObjectName(QStringLiteral("trackboard-analytics"));
    fraudThread_.setObjectName(QStringLiteral("trackboard-fraud"));
    monitorThread_.setObjectName(QStringLiteral("trackboard-monitor"));
    outageTimer_.setSingleShot(true);
    connect(&outageTimer_, &QTimer::timeout, this, &Pipeline::endSimulatedOutage);
    connect(&connection_, &KafkaConnectionTracker::changed, this, &Pipeline::connectionChanged);
    connect(&attacks_, &AttackTracker::changed, this, &Pipeline::attacksChanged);
    connect(this, &Pipeline::scenarioInjected, &attacks_, &AttackTracker::noteInjected);
    connect(this, &Pipeline::fraudSnapshot, &attacks_,
            [this](const FraudSnapshot &s, const ConsumerStats &) {
                attacks_.noteAlerts(s.newAlerts);
            });
}

Pipeline::~Pipeline() {
    shutdown();
    // A worker that overran the shutdown deadline still finishes its bounded flush or commit;
    // its thread must end before the QThread objects go.
    for (QThread *thread : {&producerThread_, &analyticsThread_, &fraudThread_, &monitorThread_}) {
        thread->wait();
    }
    broker_.reset(); // only now: see shutdown()
}

ConsumerWorker::Options Pipeline::consumerOptions(const std::string &group) const {
    ConsumerWorker::Options o;
    o.kafka = options_.kafka;
    o.groupId = group;
    o.offsetReset = "earliest";
    o.fromBeginning = options_.fromBeginning;
    o.maxEvents = options_.maxConsume;
    o.snapshotIntervalMs = options_.snapshotIntervalMs;
    o.decodeAhead = options_.decodeAhead;
    if (broker_) {
        o.assignAllPartitions = options_.kafka.partitions;
    }
    return o;
}

bool Pipeline::start(QString &error) {
    if (started_) {
        return true;
    }
    if (options_.kafka.brokers.empty()) {
        std::string why;
        broker_ = EmbeddedBroker::start(1, why);
        const bool ok =
            broker_ && broker_->createTopic(options_.kafka.topic, options_.kafka.partitions, why) &&
            (options_.alertsTopic.empty() ||
             broker_->createTopic(options_.alertsTopic, options_.kafka.partitions, why)) &&
            (options_.deadLetterTopic.empty() ||
             broker_->createTopic(options_.deadLetterTopic, options_.kafka.partitions, why));
        if (!ok) {
            error = QStringLiteral("Could not start the embedded Kafka broker: %1")
                        .arg(QString::fromStdString(why));
            broker_.reset();
            return false;
        }
        options_.kafka.brokers = broker_->bootstrapServers();
    }
    started_ = true;

    monitor_ = new ClusterMonitor(options_.kafka);
    connect(monitor_, &ClusterMonitor::healthChanged, this, &Pipeline::clusterHealth);
    connect(monitor_, &ClusterMonitor::healthChanged, &connection_,
            &KafkaConnectionTracker::noteCluster);
    runOnThread(monitor_, monitorThread_);
    if (options_.runAnalytics) {
        auto analyticsOptions = consumerOptions(options_.analyticsGroup);
        analyticsOptions.deadLetterTopic = options_.deadLetterTopic;
        AnalyticsWorker::StateOptions state = options_.analyticsState;
        if (broker_) {
            // The embedded broker keeps nothing past this process, and no other worker can
            // share the partitions it assigns itself: checkpoints would only cost the
            // pipeline, which writes and reads them through the same two cores as the events.
            state.checkpointIntervalMs = 0;
            state.globalView = false;
        }
        analytics_ = new AnalyticsWorker(std::move(analyticsOptions), options_.analyticsSettings,
                                         std::move(state));
        connect(analytics_, &AnalyticsWorker::snapshotReady, this, &Pipeline::analyticsSnapshot);
        // The readiness line needs the stats at every interval, not only when a snapshot is
        // built (snapshot_pacing.h). The throttle reads the groups' progress directly.
        connect(analytics_, &AnalyticsWorker::statsReady, this, [this](const ConsumerStats &stats) {
            // The figures first: whoever hears readingCheckpoints finds them already shown.
            emit analyticsStats(stats);
            const bool reading = stats.state == AnalyticsWorker::kReadingCheckpoints;
            if (reading != analyticsReading_) {
                analyticsReading_ = reading;
                emit readingCheckpoints(reading);
            }
            noteConsumerState(analyticsReady_, stats);
        });
        connect(analytics_, &ConsumerWorker::reachedMaxEvents, this,
                [this] { emit consumerFinished(QString::fromStdString(options_.analyticsGroup)); });
        connect(analytics_, &ConsumerWorker::failed, this, &Pipeline::failed);
        runOnThread(analytics_, analyticsThread_);
    }
    if (options_.runFraud) {
        fraud_ = new FraudWorker(consumerOptions(options_.fraudGroup), options_.thresholds,
                                 options_.alertsTopic);
        connect(fraud_, &FraudWorker::snapshotReady, this, &Pipeline::fraudSnapshot);
        connect(fraud_, &FraudWorker::snapshotReady, this,
                [this](const FraudSnapshot &, const ConsumerStats &stats) {
                    noteConsumerState(fraudReady_, stats);
                });
        connect(fraud_, &ConsumerWorker::reachedMaxEvents, this,
                [this] { emit consumerFinished(QString::fromStdString(options_.fraudGroup)); });
        connect(fraud_, &ConsumerWorker::failed, this, &Pipeline::failed);
        connect(fraud_, &FraudWorker::profileReady, this, &Pipeline::noteProfile);
        runOnThread(fraud_, fraudThread_);
    }
    if (options_.runProducer) {
        ProducerWorker::Options p;
        p.kafka = options_.kafka;
        p.simulator = options_.simulator;
        p.rate = options_.rate;
        p.maxEvents = options_.maxProduce;
        p.virtualClock = options_.virtualClock;
        p.statsIntervalMs = options_.snapshotIntervalMs;
        // Consumers capped by maxConsume stop reading on purpose: nothing to wait for then.
        p.throttle = broker_ && options_.throttleProducer && (analytics_ || fraud_) &&
                     options_.maxConsume == 0;
        throttling_ = p.throttle;
        producer_ = new ProducerWorker(p);
        if (throttling_) {
            std::vector<ReadProgress> groups;
            if (analytics_) {
                groups.push_back(analytics_->readProgress());
            }
            if (fraud_) {
                groups.push_back(fraud_->readProgress());
            }
            producer_->setConsumerProgress(std::move(groups));
        }
        connect(producer_, &ProducerWorker::statsChanged, this, &Pipeline::producerStats);
        connect(producer_, &ProducerWorker::statsChanged, &connection_,
                &KafkaConnectionTracker::noteProducer);
        connect(producer_, &ProducerWorker::statsChanged, this,
                [this](const ProducerStats &stats) { lastBuffered_ = stats.buffered; });
        connect(producer_, &ProducerWorker::finished, this, &Pipeline::producerFinished);
        connect(producer_, &ProducerWorker::scenarioInjected, this, &Pipeline::scenarioInjected);
        connect(producer_, &ProducerWorker::failed, this, &Pipeline::failed);
        // Direct: it is emitted on the producer's thread just before that thread ends.
        connect(
            producer_, &ProducerWorker::flushIncomplete, this,
            [this](quint64 left, int waitedMs) {
                unflushed_ = left;
                qWarning(
                    "Trackboard: %llu events still buffered after a %d ms flush; they are lost",
                    static_cast<unsigned long long>(left), waitedMs);
            },
            Qt::DirectConnection);
        runOnThread(producer_, producerThread_);
    }
    return true;
}

void Pipeline::noteConsumerState(bool &ready, const ConsumerStats &stats) {
    ready = ready || stats.state == "consuming";
    const bool all =
        (analyticsReady_ || !options_.runAnalytics) && (fraudReady_ || !options_.runFraud);
    if (all && !readyEmitted_) {
        readyEmitted_ = true;
        emit consumersReady();
    }
}

void Pipeline::startTraffic() {
    if (producer_) {
        QMetaObject::invokeMethod(producer_, &ProducerWorker::startTraffic, Qt::QueuedConnection);
        attacks_.noteTraffic(true);
    }
}

void Pipeline::stopTraffic() {
    if (producer_) {
        QMetaObject::invokeMethod(producer_, &ProducerWorker::stopTraffic, Qt::QueuedConnection);
    }
    attacks_.noteTraffic(false);
}

void Pipeline::setRate(double eventsPerSecond) {
    options_.rate = eventsPerSecond;
    if (producer_) {
        QMetaObject::invokeMethod(
            producer_, [p = producer_, eventsPerSecond] { p->setRate(eventsPerSecond); },
            Qt::QueuedConnection);
    }
}

void Pipeline::injectScenario(Scenario scenario) {
    if (producer_) {
        QMetaObject::invokeMethod(
            producer_, [p = producer_, scenario] { p->injectScenario(scenario); },
            Qt::QueuedConnection);
    }
}

void Pipeline::setSprinkleRate(double perMinute) {
    if (producer_) {
        QMetaObject::invokeMethod(
            producer_, [p = producer_, perMinute] { p->setSprinkleRate(perMinute); },
            Qt::QueuedConnection);
    }
}

void Pipeline::setConsumersPaused(bool paused) {
    for (ConsumerWorker *worker :
         {static_cast<ConsumerWorker *>(analytics_), static_cast<ConsumerWorker *>(fraud_)}) {
        if (worker) {
            QMetaObject::invokeMethod(
                worker, [worker, paused] { worker->setPaused(paused); }, Qt::QueuedConnection);
        }
    }
}

void Pipeline::setThresholds(const FraudThresholds &thresholds) {
    options_.thresholds = thresholds;
    if (fraud_) {
        QMetaObject::invokeMethod(
            fraud_, [f = fraud_, thresholds] { f->setThresholds(thresholds); },
            Qt::QueuedConnection);
    }
}

void Pipeline::setMetricDefinitions(const MetricDefinitions &definitions) {
    options_.analyticsState.customMetrics = definitions;
    if (analytics_) {
        QMetaObject::invokeMethod(
            analytics_, [a = analytics_, definitions] { a->setMetricDefinitions(definitions); },
            Qt::QueuedConnection);
    }
}

void Pipeline::resetAggregates() {
    attacks_.clear();
    if (analytics_) {
        QMetaObject::invokeMethod(
            analytics_, [a = analytics_] { a->resetAggregates(); }, Qt::QueuedConnection);
    }
    if (fraud_) {
        QMetaObject::invokeMethod(
            fraud_, [f = fraud_] { f->resetAggregates(); }, Qt::QueuedConnection);
    }
}

bool Pipeline::simulateOutage(int seconds) {
    if (!broker_ || !started_ || seconds <= 0) {
        return false;
    }
    broker_->setBrokerDown(1, true); // the embedded cluster has one broker, id 1
    outageTimer_.start(seconds * 1000);
    connection_.noteSimulatedOutage(true, seconds);
    return true;
}

void Pipeline::endSimulatedOutage() {
    outageTimer_.stop();
    if (broker_ && connection_.connection().simulatedOutage) {
        broker_->setBrokerDown(1, false);
        connection_.noteSimulatedOutage(false, 0);
    }
}

void Pipeline::shutdown(int timeoutMs) {
    if (!started_) {
        return;
    }
    // A drill must not cost the flush or the last offset commit: the broker comes back first.
    endSimulatedOutage();
    started_ = false;
    const QDeadlineTimer deadline(timeoutMs);
    // All three stop in parallel; the producer gets most of the budget to flush. Each worker
    // quits its own thread once its shutdown has run: a quit() from here could end the thread's
    // event loop before it dispatched the queued shutdown, and the flush and the last offset
    // commit would silently never happen.
    for (auto &stopped : stopped_) {
        stopped = false;
    }
    const auto stopOnItsThread = [](auto *worker, std::atomic<bool> &stopped, auto stop) {
        QMetaObject::invokeMethod(
            worker,
            [worker, &stopped, stop] {
                stop(worker);
                stopped = true;
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
    };
    if (producer_) {
        const int flushMs = std::max(100, timeoutMs - 700);
        stopOnItsThread(producer_, stopped_[0],
                        [flushMs](ProducerWorker *p) { p->shutdown(flushMs); });
    }
    if (analytics_) {
        stopOnItsThread(analytics_, stopped_[1], [](ConsumerWorker *c) { c->shutdown(); });
    }
    if (fraud_) {
        stopOnItsThread(fraud_, stopped_[2], [](ConsumerWorker *c) { c->shutdown(); });
    }
    if (monitor_) {
        stopOnItsThread(monitor_, stopped_[3], [](ClusterMonitor *m) { m->shutdown(); });
    }
    const std::array<QThread *, 4> threads{&producerThread_, &analyticsThread_, &fraudThread_,
                                           &monitorThread_};
    for (std::size_t i = 0; i < threads.size(); ++i) {
        // A worker whose shutdown has run is only freeing its state, which takes seconds for
        // the million users of a long run: no fault, and the destructor waits for it.
        if (!threads[i]->wait(deadline) && !stopped_[i]) {
            qWarning("Trackboard: %s did not stop within %d ms",
                     qPrintable(threads[i]->objectName()), timeoutMs);
        }
    }
    // A producer that missed the deadline has not reported what its flush left behind: report
    // what it last said it still buffered, so the loss is never silent.
    if (producerThread_.isRunning() && !stopped_[0] && unflushed_ == 0) {
        unflushed_ = lastBuffered_;
    }
    producer_ = nullptr;
    analytics_ = nullptr;
    fraud_ = nullptr;
    monitor_ = nullptr;
    profileRequests_.clear(); // no worker is left to answer them
    // The embedded broker goes only once every worker has let go of it: a consumer still
    // closing (on a busy machine, past the deadline) whose broker vanishes waits for it for
    // ever, and so would the destructor.
    const bool allStopped =
        std::none_of(threads.begin(), threads.end(), [](QThread *t) { return t->isRunning(); });
    if (allStopped) {
        broker_.reset();
    }
}

} // namespace trackboard
