#include "fraud_warm_up.h"
#include "event_codec.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace trackboard {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t msSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

KafkaHandle openReader(const KafkaSettings &settings, std::string &error) {
    // A group id only because librdkafka's assign() wants one; the reader never subscribes,
    // so it never joins, and it commits nothing.
    auto conf = makeKafkaConf(settings,
                              {{"group.id", FraudWarmUp::kClientId},
                               {"enable.auto.commit", "false"},
                               {"enable.auto.offset.store", "false"},
                               {"enable.partition.eof", "true"},
                               {"fetch.wait.max.ms", "10"},
                               {"client.id", FraudWarmUp::kClientId}},
                              error);
    if (!conf) {
        return nullptr;
    }
    KafkaHandle reader = newKafkaHandle(RD_KAFKA_CONSUMER, std::move(conf), error);
    if (reader) {
        rd_kafka_poll_set_consumer(reader.get());
    }
    return reader;
}

} // namespace

FraudWarmUp::Report FraudWarmUp::run(const KafkaSettings &settings,
                                     const std::vector<Target> &targets, std::int64_t fromMs,
                                     std::int64_t maxEvents, int budgetMs, const Replay &replay) {
    const auto start = Clock::now();
    Report report;
    report.partitions = static_cast<int>(targets.size());
    if (targets.empty()) {
        return report;
    }
    std::string error;
    KafkaHandle reader = openReader(settings, error);
    if (!reader) {
        report.complete = false;
        report.note = "no reader: " + error;
        return report;
    }
    KafkaPartitionList lookup(rd_kafka_topic_partition_list_new(int(targets.size())));
    for (const Target &t : targets) {
        // offsets_for_times reads the time from the offset field.
        rd_kafka_topic_partition_list_add(lookup.get(), settings.topic.c_str(), t.partition)
            ->offset = fromMs;
    }
    if (const auto err =
            rd_kafka_offsets_for_times(reader.get(), lookup.get(), std::min(budgetMs, 5000))) {
        report.complete = false;
        report.note = std::string("offsets-for-times failed: ") + rd_kafka_err2str(err);
        report.elapsedMs = msSince(start);
        return report;
    }
    const std::int64_t share = std::max<std::int64_t>(1, maxEvents / std::int64_t(targets.size()));
    // Per partition: the offset to stop before, or -1 when done or not read.
    std::vector<std::int64_t> until;
    KafkaPartitionList assignment(rd_kafka_topic_partition_list_new(int(targets.size())));
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto &found = lookup->elems[i];
        // No offset: no event at or after fromMs (the mock cluster says so for every time).
        // At or past the target: the window holds nothing before the start.
        if (found.err != RD_KAFKA_RESP_ERR_NO_ERROR || found.offset < 0 ||
            found.offset >= targets[i].untilOffset) {
            continue;
        }
        const auto p = static_cast<std::size_t>(targets[i].partition);
        until.resize(std::max(until.size(), p + 1), -1);
        until[p] = targets[i].untilOffset;
        // Offsets are dense enough to count by: compaction is off and transactions unused.
        std::int64_t from = found.offset;
        if (targets[i].untilOffset - from > share) {
            from = targets[i].untilOffset - share;
            ++report.partitionsTrimmed;
        }
        rd_kafka_topic_partition_list_add(assignment.get(), settings.topic.c_str(),
                                          targets[i].partition)
            ->offset = from;
    }
    if (report.partitionsTrimmed > 0) {
        report.note = std::to_string(report.partitionsTrimmed) + " partitions hold more than " +
                      std::to_string(share) +
                      " events in the window: only their newest were re-read";
    }
    report.partitionsRead = assignment->cnt;
    if (assignment->cnt == 0) {
        report.note = "no events in the window before the start offsets (the embedded broker "
                      "finds none by time): starting cold";
        report.elapsedMs = msSince(start);
        return report;
    }
    rd_kafka_assign(reader.get(), assignment.get());
    KafkaQueue queue(rd_kafka_queue_get_consumer(reader.get()));
    EventDecoder decoder;
    Event event;
    int open = assignment->cnt;
    std::array<rd_kafka_message_t *, 1024> batch;
    while (open > 0) {
        const std::int64_t left = budgetMs - msSince(start);
        if (left <= 0) {
            report.complete = false;
            report.note += (report.note.empty() ? "" : "; ") + std::to_string(open) +
                           " partitions not read up to their start within " +
                           std::to_string(budgetMs) +
                           " ms: their newest history is missing, they start partly cold";
            break;
        }
        const auto count = rd_kafka_consume_batch_queue(
            queue.get(), int(std::min<std::int64_t>(left, 100)), batch.data(), batch.size());
        for (ssize_t i = 0; i < count; ++i) {
            KafkaMessage message(batch[static_cast<std::size_t>(i)]);
            const auto p = static_cast<std::size_t>(message->partition);
            if (message->partition < 0 || p >= until.size() || until[p] < 0) {
                continue;
            }
            const bool end = message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
            if (!end && message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                report.note = rd_kafka_message_errstr(message.get());
                continue;
            }
            if (!end && message->offset < until[p] && message->key_len > 0) {
                const std::string_view json(static_cast<const char *>(message->payload),
                                            message->len);
                // What the group consumer rejects it never judged: nothing to rebuild.
                if (decoder.decode(json, event).ok()) {
                    replay(event, message->partition, message->offset);
                    ++report.events;
                }
            }
            if (end || message->offset + 1 >= until[p]) {
                until[p] = -1;
                --open;
            }
        }
    }
    queue.reset();
    rd_kafka_consumer_close(reader.get());
    report.elapsedMs = msSince(start);
    return report;
}

std::string FraudWarmUp::describe(const Report &report) {
    std::string text = "warm-up of " + std::to_string(report.partitions) + " partitions (" +
                       std::to_string(report.partitionsRead) +
                       " with history): " + std::to_string(report.events) + " events in " +
                       std::to_string(report.elapsedMs) + " ms";
    if (!report.note.empty()) {
        text += "; " + report.note;
    }
    return text;
}

} // namespace trackboard
