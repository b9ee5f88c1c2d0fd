#pragma once

#include "event_codec.h"
#include "kafka_producer.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

#include <vector>

namespace trackboard {

// Produces a JSON Lines recording back into Kafka, keyed by user_id. Each line is checked with
// the strict decoder and sent as its original bytes, so a replay is byte-faithful. It works in
// short ticks of the owning thread's event loop, reading the file as it goes, so a long or paced
// replay never keeps signals and timers waiting.
class ReplaySession : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString path;
        std::string topic;
        double speed = 1.0;            // divides the gaps between the events' timestamps
        bool asFastAsPossible = false; // ignore the timestamps
        int drainTimeoutMs = 30'000;   // wait for delivery reports after the last line
        int interruptDrainTimeoutMs = 2'500;
    };

    struct Summary {
        std::uint64_t lines = 0; // read from the file, empty ones included
        std::uint64_t empty = 0;
        std::uint64_t valid = 0;
        std::uint64_t invalid = 0;
        std::vector<std::uint64_t> firstInvalidLines; // at most kInvalidLinesKept
        std::uint64_t produced = 0;
        std::uint64_t delivered = 0;
        std::uint64_t failed = 0;
        std::uint64_t undelivered = 0; // still without a delivery report when we gave up
        bool interrupted = false;
        QString readError;
        std::string lastKafkaError;
        double elapsedSeconds = 0;

        bool complete() const { return !interrupted && readError.isEmpty() && delivered == valid; }
    };
    static constexpr std::size_t kInvalidLinesKept = 20;

    explicit ReplaySession(Options options, QObject *parent = nullptr);

    // Both return false with a message for the user.
    bool openFile(QString &error);
    bool openProducer(const KafkaSettings &settings, QString &error);

    // The counts so far; final once finished() has been emitted.
    Summary summary() const;

public slots:
    void start();
    // Stops reading and waits briefly for the deliveries still due; a second call gives up
    // waiting at once.
    void interrupt();

signals:
    // `reason` reads like "missing_field (geo)".
    void lineRejected(quint64 lineNumber, const QString &reason);
    void finished();

private:
    enum class LineRead { Valid, Skipped, End };

    void tick();
    // Reads one line. A valid one becomes the pending line; an empty or invalid one is
    // counted (and reported) and skipped.
    LineRead readLine();
    bool isDue() const;
    int msUntilDue() const;
    void beginDrain(int timeoutMs);
    void finish();

    Options options_;
    QFile file_;
    KafkaProducer producer_;
    EventDecoder decoder_;
    Event event_;
    // The valid line waiting for its turn, and its key.
    QByteArray line_;
    std::string key_;
    bool havePending_ = false;
    // Pacing follows the latest timestamp seen so far, measured from the first one: a
    // recording interleaves partitions, so timestamps are only roughly in order, and a late
    // one is sent at once instead of stretching the replay.
    std::int64_t firstTimestampMs_ = 0;
    std::int64_t latestTimestampMs_ = 0;
    QElapsedTimer paceClock_; // started at the first valid line
    QElapsedTimer runClock_;
    bool draining_ = false;
    bool finished_ = false;
    QDeadlineTimer drainDeadline_;
    QTimer tick_;
    Summary counts_;
};

} // namespace trackboard
