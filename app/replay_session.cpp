#include "replay_session.h"

#include <algorithm>
#include <cmath>

namespace trackboard {

namespace {

// How long one tick may produce before it yields to the event loop.
constexpr qint64 kTickBudgetNs = 20'000'000;
// The longest nap between ticks while waiting for a paced event or for deliveries.
constexpr int kMaxNapMs = 50;

} // namespace

ReplaySession::ReplaySession(Options options, QObject *parent)
    : QObject(parent)
    , options_(std::move(options))
    , file_(options_.path)
    , tick_(this) {
    tick_.setSingleShot(true);
    tick_.setTimerType(Qt::PreciseTimer);
    connect(&tick_, &QTimer::timeout, this, &ReplaySession::tick);
}

bool ReplaySession::openFile(QString &error) {
    if (!file_.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot open %1: %2").arg(options_.path, file_.errorString());
        return false;
    }
    return true;
}

bool ReplaySession::openProducer(const KafkaSettings &settings, QString &error) {
    std::string why;
    if (!producer_.open(settings,
                        {{"enable.idempotence", "true"},
                         {"linger.ms", "5"},
                         {"batch.num.messages", "10000"},
                         {"queue.buffering.max.messages", "500000"},
                         {"client.id", "trackboard-replay"}},
                        why)) {
        error = QStringLiteral("producer: %1").arg(QString::fromStdString(why));
        return false;
    }
    producer_.warmUp(options_.topic, 3000);
    return true;
}

ReplaySession::Summary ReplaySession::summary() const {
    Summary s = counts_;
    s.delivered = producer_.delivered();
    s.failed = producer_.failed();
    s.lastKafkaError = producer_.lastError();
    if (finished_) {
        s.undelivered = std::uint64_t(std::max(0, producer_.outstanding()));
    } else if (runClock_.isValid()) {
        s.elapsedSeconds = double(runClock_.elapsed()) / 1000.0;
    }
    return s;
}

void ReplaySession::start() {
    runClock_.start();
    tick_.start(0);
}

void ReplaySession::interrupt() {
    if (finished_) {
        return;
    }
    if (counts_.interrupted) {
        finish();
        return;
    }
    counts_.interrupted = true;
    beginDrain(options_.interruptDrainTimeoutMs);
    tick_.start(0);
}

void ReplaySession::tick() {
    producer_.poll(0);
    if (draining_) {
        if (producer_.outstanding() == 0 || drainDeadline_.hasExpired()) {
            finish();
        } else {
            tick_.start(std::min<qint64>(kMaxNapMs, drainDeadline_.remainingTime()));
        }
        return;
    }
    QElapsedTimer budget;
    budget.start();
    while (budget.nsecsElapsed() < kTickBudgetNs) {
        if (!havePending_) {
            const LineRead read = readLine();
            if (read == LineRead::End) {
                beginDrain(options_.drainTimeoutMs);
                tick_.start(0);
                return;
            }
            if (read == LineRead::Skipped) {
                continue; // one line per turn, so a run of bad lines still yields in time
            }
        }
        if (!isDue()) {
            tick_.start(std::clamp(msUntilDue(), 1, kMaxNapMs));
            return;
        }
        const auto result = producer_.produce(
            options_.topic, key_, std::string_view(line_.constData(), std::size_t(line_.size())));
        if (result == KafkaProducer::ProduceResult::QueueFull) {
            // Backpressure: keep the line and offer it again once deliveries made room.
            producer_.poll(0);
            tick_.start(5);
            return;
        }
        counts_.produced += result == KafkaProducer::ProduceResult::Ok ? 1 : 0;
        havePending_ = false;
    }
    tick_.start(0);
}

ReplaySession::LineRead ReplaySession::readLine() {
    if (file_.atEnd()) {
        return LineRead::End;
    }
    line_ = file_.readLine();
    if (file_.error() != QFileDevice::NoError) {
        counts_.readError = file_.errorString();
        return LineRead::End;
    }
    ++counts_.lines;
    // The line break is not part of the message; a CRLF file's '\r' is not either.
    if (line_.endsWith('\n')) {
        line_.chop(1);
    }
    if (line_.endsWith('\r')) {
        line_.chop(1);
    }
    if (line_.trimmed().isEmpty()) {
        ++counts_.empty;
        return LineRead::Skipped;
    }
    const auto result =
        decoder_.decode(std::string_view(line_.constData(), std::size_t(line_.size())), event_);
    if (!result.ok()) {
        ++counts_.invalid;
        if (counts_.firstInvalidLines.size() < kInvalidLinesKept) {
            counts_.firstInvalidLines.push_back(counts_.lines);
        }
        QString reason = QString::fromLatin1(rejectReasonName(result.reason));
        if (!result.field.empty()) {
            reason += QStringLiteral(" (%1)").arg(QString::fromLatin1(result.field));
        }
        emit lineRejected(counts_.lines, reason);
        return LineRead::Skipped;
    }
    ++counts_.valid;
    key_ = event_.userId;
    if (!paceClock_.isValid()) {
        paceClock_.start();
        firstTimestampMs_ = latestTimestampMs_ = event_.timestampMs;
    }
    latestTimestampMs_ = std::max(latestTimestampMs_, event_.timestampMs);
    havePending_ = true;
    return LineRead::Valid;
}

bool ReplaySession::isDue() const {
    return options_.asFastAsPossible || msUntilDue() <= 0;
}

int ReplaySession::msUntilDue() const {
    const double dueMs = double(latestTimestampMs_ - firstTimestampMs_) / options_.speed;
    const double waitMs = dueMs - double(paceClock_.nsecsElapsed()) / 1e6;
    return waitMs <= 0 ? 0 : int(std::min(std::ceil(waitMs), 1e9));
}

void ReplaySession::beginDrain(int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    drainDeadline_ = draining_ ? std::min(drainDeadline_, deadline) : deadline;
    draining_ = true;
}

void ReplaySession::finish() {
    if (finished_) {
        return;
    }
    tick_.stop();
    finished_ = true;
    counts_.elapsedSeconds = double(runClock_.elapsed()) / 1000.0;
    // The drain is over: what is still queued counts as undelivered, not waited for again.
    producer_.close(0);
    emit finished();
}

} // namespace trackboard
