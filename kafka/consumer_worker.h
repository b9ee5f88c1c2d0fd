#pragma once

#include "consumer_stats.h"
#include "dead_letter_producer.h"
#include "decode_ahead.h"
#include "event_codec.h"
#include "kafka_settings.h"
#include "latency_histogram.h"
#include "offset_tracker.h"
#include "partition_flow.h"
#include "read_progress.h"
#include "recent_event_ids.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

namespace trackboard {

// Reads the activity topic in its own consumer group on its own thread, decodes each message
// strictly and hands valid events to a subclass. Every snapshotIntervalMs it asks the subclass
// to publish a snapshot, so the GUI never sees single events.
class ConsumerWorker : public QObject {
    Q_OBJECT
public:
    struct Options {
        KafkaSettings kafka;
        std::string groupId;
        bool fromBeginning = false;           // ignore committed offsets and start at the earliest
        std::string offsetReset = "earliest"; // where a group with no committed offset starts
        std::uint64_t maxEvents = 0; // 0: no limit; otherwise stop after this many messages
        int snapshotIntervalMs = 100;
        // Rejected messages are forwarded here with their reason (DeadLetterProducer); empty:
        // they are only counted. One group per topic should forward, or each lands twice.
        std::string deadLetterTopic;
        // > 0: take partitions 0..n-1 of the topic directly instead of joining the group. For the
        // in-process embedded broker only, where this worker is the group's one member: it
        // saves the broker's 3 s initial rebalance delay. Offsets are still committed to the
        // group.
        int assignAllPartitions = 0;
        // > 0: hold back an event more than this far ahead of the subclass's eventClock()
        // "now" and pause its partition, until it is within half of it (bounds the analytics
        // ring while a backlog is read; PartitionFlow). 0: never.
        std::int64_t maxPartitionLeadMs = 0;
        // Decode a large batch's messages on a helper thread while this one applies them
        // (DecodeAhead): a backlog is read faster where a core is spare. Batches under
        // kMinBatchToDecodeAhead are always decoded here.
        bool decodeAhead = true;
    };

    explicit ConsumerWorker(Options options);
    ~ConsumerWorker() override;

    // Events read so far (consumed + skipped), updated after every batch, for a producer's
    // throttle to read on its own thread at every tick. The stats carry the same count, but
    // only once per interval and through the main thread's event loop: at 150,000 events/s a
    // figure 100 ms old is 15,000 events, a quarter of what the embedded broker keeps, and the
    // throttle took that age for lag.
    ReadProgress readProgress() const { return readProgress_; }

    static constexpr int kBatchSize = 4096;
    static constexpr int kPollTimeoutMs = 20;
    // Live traffic arrives a few messages per poll: handing those over would cost the helper a
    // wake-up per poll for little work.
    static constexpr int kMinBatchToDecodeAhead = 64;
    // Event times outside [kEarliestEventMs, now + kMaxFutureMs] are refused as bad_timestamp:
    // a clock that far off would put the event in a window nobody looks at.
    static constexpr std::int64_t kEarliestEventMs = 946'684'800'000; // 2000-01-01T00:00:00Z
    static constexpr std::int64_t kMaxFutureMs = 366LL * 24 * 3600 * 1000;

public slots:
    void open();
    // Commits offsets, leaves the group and releases the handle.
    void shutdown();
    // Stops fetching (the broker keeps the events) or resumes where it stopped. A paused group
    // falls behind, and past the broker's retention it loses events, counted as skipped.
    void setPaused(bool paused);

signals:
    void failed(const QString &message);
    // maxEvents messages were consumed.
    void reachedMaxEvents();

protected:
    // Hooks for what a subclass owns besides the consumer: called at the end of open() (return
    // false with `error` to fail the worker) and at the start of shutdown().
    virtual bool openExtras(std::string &error) {
        (void)error;
        return true;
    }
    virtual void closeExtras() {}
    // Called on the worker's thread with each new assignment, before it is applied, unless
    // --from-beginning rewinds it: a subclass may set the partitions' start offsets.
    virtual void adjustAssignment(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *partitions) {
        (void)rk;
        (void)partitions;
    }
    // Called on the worker's thread before partitions are taken away. `lost`: the group moved
    // on without this member (session timeout, fencing), so another may already own them and
    // whatever the subclass holds for them must not be written anywhere.
    virtual void revokeAssignment(const rd_kafka_topic_partition_list_t &partitions, bool lost) {
        (void)partitions;
        (void)lost;
    }
    // The next message's key (its user_id), before the current one is handled: a subclass may
    // start loading that user's state, so that its cache misses overlap the current message's
    // work. Only a hint: the message may be held, refused or keyed wrongly.
    virtual void lookAhead(std::string_view key) const { (void)key; }
    // `partition` and `offset`: where the event came from; event time is kept per partition.
    virtual void applyEvent(const Event &event, std::int32_t partition, std::int64_t offset,
                            std::int64_t nowMs) = 0;
    // The partition is caught up to its high watermark and quiet (PartitionFlow), or has data
    // again: it must not hold the subclass's event-time "now" back.
    virtual void setPartitionIdle(std::int32_t partition, bool idle) {
        (void)partition;
        (void)idle;
    }
    // The event-time clock that maxPartitionLeadMs is measured against, or nullptr.
    virtual const PartitionClock *eventClock() const { return nullptr; }
    // The consumer holds back an event of `partition` at eventMs + 1: nothing earlier will
    // come from that partition, so its clock may move to eventMs.
    virtual void notePartitionTime(std::int32_t partition, std::int64_t eventMs) {
        (void)partition;
        (void)eventMs;
    }
    virtual void publishSnapshot(const ConsumerStats &stats, std::int64_t nowMs) = 0;
    // Whether something the worker produced for a handled message is still on its way to Kafka
    // (the fraud worker's alerts). Until it lands, that message's offset is held back from the
    // group's commits: committed past it, output lost with a killed worker is never made again.
    // Serves the producer's delivery reports as it asks.
    virtual bool outputInFlight() { return false; }
    // True while a dead letter or outputInFlight() has not landed: what is handled now must not
    // be recorded as done anywhere a restart would resume from (the group's commits, a
    // checkpoint).
    bool offsetsMustWait();
    // The last publishes, at --max-events (before reachedMaxEvents) and from shutdown(): a
    // snapshot built then must be up to date.
    bool stopping() const { return stopping_ || maxReached_; }
    static double threadCpuSeconds(); // this thread's CPU time so far
    const ConsumerStats &stats() const { return stats_; }
    const KafkaSettings &settings() const { return options_.kafka; }
    const std::string &groupId() const { return options_.groupId; }
    // The offset after the last message of `partition` handled (applied or set aside) since
    // the partition was last assigned, or -1: where a checkpoint of the partition stands.
    std::int64_t handledUpTo(std::int32_t partition) const {
        const auto p = static_cast<std::size_t>(partition);
        return partition >= 0 && p < handledUpTo_.size() ? handledUpTo_[p] : -1;
    }
    // Messages of `partition` past those handled, from the high watermark of the last fetch
    // (no request to the broker); -1 while unknown.
    std::int64_t unreadMessages(std::int32_t partition) const;
    // The mean payload size of the messages read so far, 0 before the first.
    double meanMessageBytes() const {
        return stats_.consumed > 0 ? double(bytesConsumed_) / double(stats_.consumed) : 0.0;
    }
    // Called by a subclass from adjustAssignment(): its state for `partition` ends where
    // reading resumes, at `nextOffset` (-1: it holds nothing of the partition, and reading
    // resumes at the group's committed offset). What this member read of the partition from
    // there on is applied again rather than dropped as redelivered, because the state that
    // had it is gone; it is not counted again.
    void resumePartitionAt(std::int32_t partition, std::int64_t nextOffset);
    // Called by a subclass from adjustAssignment() with where the group resumes `partition`.
    // Past what this member read: another member read on while it was away, so the offsets
    // in between are the group's, handled there, not a gap to count as skipped.
    void resumePartitionPast(std::int32_t partition, std::int64_t groupOffset);

private:
    void pollBatch();
    // Handles the message, or keeps it while its partition is held (PartitionFlow).
    // `decoded`: the message decoded ahead (DecodeAhead), or nullptr to decode it here.
    void consume(KafkaMessage message, std::int64_t nowMs,
                 const DecodeAhead::Decoded *decoded = nullptr);
    // False: the event was screened but held back (PartitionFlow), not yet applied or stored.
    bool handleMessage(const rd_kafka_message_t *message, std::int64_t nowMs,
                       const DecodeAhead::Decoded *decoded);
    bool runsAhead(std::int32_t partition, std::int64_t nowMs);
    // `count`: false for an event applied again after resumePartitionAt(), counted before.
    void apply(const Event &event, std::int32_t partition, std::int64_t offset, std::int64_t nowMs,
               bool count = true);
    void finish(const rd_kafka_message_t *message);
    void release(PartitionFlow::Kept kept, std::int64_t nowMs);
    // Decodes the message, unless `decoded` holds it already, and screens the event; on
    // success screened_ points at it. `rememberId`: false for a message read again, whose
    // event_id the screen already holds.
    DecodeResult screen(const rd_kafka_message_t *message, const DecodeAhead::Decoded *decoded,
                        std::int64_t nowMs, bool rememberId);
    bool readAgain(std::int32_t partition, std::int64_t offset) const {
        const auto p = static_cast<std::size_t>(partition);
        return partition >= 0 && p < reread_.size() && offset < reread_[p].below;
    }
    bool countedBefore(std::int32_t partition, std::int64_t offset) const {
        const auto p = static_cast<std::size_t>(partition);
        return partition >= 0 && p < reread_.size() && offset < reread_[p].handledBelow;
    }
    void reject(const rd_kafka_message_t *message, const DecodeResult &result);
    // Creates ahead_, the decode helper, or notes why it could not.
    void startDecodeHelper();
    // Hands the batch to ahead_ if it is on and the batch is large enough; false otherwise.
    bool startDecodingAhead(rd_kafka_message_t *const *batch, ssize_t count);
    // Starts loading what applying the batch's next messages will read (consumer_screen.cpp).
    void prefetchDecoded(std::size_t at);
    void noteCommittedOffsets(rd_kafka_t *rk, const rd_kafka_topic_partition_list_t *partitions);
    void countSkippedBeforeFirst(std::int32_t partition, std::int64_t offset);
    void publish();
    void updateLag();
    void updateLagSeconds(const rd_kafka_topic_partition_list_t &assignment);
    void updateIdle(const rd_kafka_topic_partition_list_t &assignment, std::int64_t nowMs);
    void storeHeldOffsets();
    void dropHeldOffsets(const rd_kafka_topic_partition_list_t &partitions, bool keepListed);
    static void onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t *partitions, void *opaque);
    static void onError(rd_kafka_t *, int err, const char *reason, void *opaque);

    Options options_;
    KafkaHandle consumer_;
    KafkaQueue queue_;
    EventDecoder decoder_;
    Event event_;
    std::unique_ptr<DecodeAhead> ahead_;
    std::vector<std::string_view> aheadPayloads_;
    // What screen() decoded last: event_ or a slot of ahead_.
    const Event *screened_ = &event_;
    OffsetTracker offsets_;
    RecentEventIds recentIds_;
    DeadLetterProducer deadLetter_;
    // Per partition: the committed offset this member resumed from, until its first message
    // arrives (-1: none), so that events evicted before that first message count as skipped.
    std::vector<std::int64_t> resumeOffset_;
    std::vector<std::int64_t> handledUpTo_;
    // Per partition, across assignments: the offset after the last message handled.
    std::vector<std::int64_t> handledEver_;
    // Per partition, the next offset to commit, held back while output was in flight
    // (offsetsMustWait); stored once it has landed.
    std::map<std::int32_t, std::int64_t> heldOffsets_;
    // Per partition, the group's committed offset when it was last assigned (-1: none).
    std::vector<std::int64_t> committed_;
    // Per partition, after resumePartitionAt() below what this member had read: offsets under
    // `below` are read again, and those under `handledBelow` were applied or set aside before.
    struct Reread {
        std::int64_t below = -1;
        std::int64_t handledBelow = -1;
    };
    std::vector<Reread> reread_;
    // Per partition: broker timestamp of the last message read, for lagSeconds.
    std::vector<std::int64_t> lastMessageTimeMs_;
    std::uint64_t bytesConsumed_ = 0; // payload bytes of the messages counted in consumed
    bool paused_ = false;
    PartitionFlow flow_;
    LatencyHistogram latency_;
    // Two 10 s halves, rotated, so the live figure forgets the first join's backlog.
    std::array<LatencyHistogram, 2> recentLatency_;
    QElapsedTimer recentClock_;
    // Steady-clock span from the first batch's arrival to the end of the last batch's work:
    // a whole topic read in one batch still has a duration.
    QElapsedTimer busyClock_;
    qint64 firstBatchNs_ = -1;
    qint64 lastBatchEndNs_ = 0;
    ConsumerStats stats_;
    std::shared_ptr<std::atomic<std::uint64_t>> readProgress_ =
        std::make_shared<std::atomic<std::uint64_t>>(0);
    bool rewindPending_ = false; // --from-beginning not yet applied to an assignment
    bool maxReached_ = false;
    bool stopping_ = false;
    bool refused_ = false; // the cluster refused the login or the TLS handshake: reported once
    QTimer pollTimer_;
    QTimer snapshotTimer_;
    QElapsedTimer rateClock_;
    std::uint64_t lastRateConsumed_ = 0;
};

} // namespace trackboard
