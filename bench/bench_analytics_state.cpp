// The cost of per-partition analytics state (docs/scaling.md), as one JSON document:
//  - one aggregator's snapshot against the merge of P partitions' aggregators holding the same
//    events, side by side in one run (the dashboard builds one every 100 ms): merged into a
//    new view each time (every bucket merged), and into one view kept from snapshot to
//    snapshot with `step` more events applied before each (only changed buckets merged);
//  - a checkpoint's size, encode and decode time per partition, and per second for all;
//  - memory of the same events in one aggregator or in P (run as two processes, `memory`).
// usage: bench_analytics_state [events=600000] [partitions=6] [users=20000] [step=2000]
//        bench_analytics_state memory single|split [events] [partitions] [users]
#include "analytics_global_view.h"
#include "analytics_state_codec.h"
#include "simulator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace trackboard;

namespace {

// This thread's CPU time: on a shared machine, wall time also counts other processes' turns.
double cpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double medianMs(int repeats, const std::function<void()> &work) {
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const double start = cpuNow();
        work();
        times.push_back((cpuNow() - start) * 1000);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

long statusKb(const char *field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field, 0) == 0) {
            return std::strtol(line.c_str() + std::strlen(field), nullptr, 10);
        }
    }
    return -1;
}

// The simulator's traffic over `users` sessions at 1000 events/s of event time, each event in
// its user's partition, as keying by user_id places it.
std::vector<Event> traffic(std::size_t events, std::uint64_t users) {
    std::vector<Event> out(events);
    Simulator sim;
    sim.setTargetSessions(users);
    for (std::size_t i = 0; i < events; ++i) {
        sim.next(1'767'225'600'000 + std::int64_t(i), out[i]);
    }
    return out;
}

std::int32_t partitionOf(const Event &e, int partitions) {
    return std::int32_t(std::hash<std::string>{}(e.userId) % std::size_t(partitions));
}

int memory(bool split, std::size_t events, int partitions, std::uint64_t users) {
    const long before = statusKb("VmRSS:");
    std::vector<std::unique_ptr<AnalyticsAggregator>> states;
    states.reserve(std::size_t(partitions));
    for (int p = 0; p < (split ? partitions : 1); ++p) {
        states.push_back(std::make_unique<AnalyticsAggregator>());
    }
    Simulator sim;
    sim.setTargetSessions(users);
    Event e;
    for (std::size_t i = 0; i < events; ++i) {
        sim.next(1'767'225'600'000 + std::int64_t(i), e);
        const std::int32_t p = partitionOf(e, partitions);
        states[split ? std::size_t(p) : 0]->apply(e, p);
    }
    std::printf("{\"mode\": \"%s\", \"partitions\": %d, \"events\": %zu, \"rss_kb\": %ld, "
                "\"state_rss_kb\": %ld}\n",
                split ? "split" : "single", split ? partitions : 1, events, statusKb("VmRSS:"),
                statusKb("VmRSS:") - before);
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    if (argc > 2 && std::strcmp(argv[1], "memory") == 0) {
        return memory(std::strcmp(argv[2], "split") == 0,
                      argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 600'000,
                      argc > 4 ? std::atoi(argv[4]) : 6,
                      argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 20'000);
    }
    const std::size_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 600'000;
    const int partitions = argc > 2 ? std::atoi(argv[2]) : 6;
    const std::uint64_t users = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20'000;

    const std::size_t step = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 2'000;
    constexpr int kRepeats = 7;
    const std::vector<Event> events_ = traffic(events, users);
    AnalyticsAggregator single;
    std::map<std::int32_t, OwnedPartition> owned;
    const auto applyEvents = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            const Event &e = events_[i];
            const std::int32_t p = partitionOf(e, partitions);
            single.apply(e, p);
            owned.try_emplace(p, AnalyticsAggregator::Settings{}).first->second.state.apply(e, p);
        }
    };
    // The last kRepeats steps arrive between the kept view's snapshots.
    std::size_t applied = events - std::min(events, step * kRepeats);
    applyEvents(0, applied);
    std::int64_t now = events_[applied == 0 ? 0 : applied - 1].timestampMs;
    const double singleMs = medianMs(kRepeats, [&] {
        if (single.snapshot(now).events == 0) {
            std::abort(); // keeps the snapshot from being optimised away
        }
    });
    const double mergedMs = medianMs(kRepeats, [&] {
        AnalyticsGlobalView view({}, "bench", "user-activities");
        if (view.snapshot(owned, now).events != single.snapshot(now).events) {
            std::abort(); // the merge must hold every event
        }
    });
    AnalyticsGlobalView kept({}, "bench", "user-activities");
    kept.snapshot(owned, now);
    std::vector<double> keptTimes;
    for (int r = 0; r < kRepeats; ++r) {
        const std::size_t next = std::min(events, applied + step);
        applyEvents(applied, next);
        applied = next;
        now = events_[applied - 1].timestampMs;
        const double start = cpuNow();
        const AnalyticsSnapshot s = kept.snapshot(owned, now);
        keptTimes.push_back((cpuNow() - start) * 1000);
        if (s.events != single.snapshot(now).events) {
            std::abort();
        }
    }
    std::sort(keptTimes.begin(), keptTimes.end());
    const double keptMs = keptTimes[keptTimes.size() / 2];

    std::size_t bytes = 0;
    std::string encoded;
    const double encodeMs = medianMs(7, [&] {
        bytes = 0;
        for (const auto &[p, part] : owned) {
            AnalyticsStateCodec::encode({"bench", "user-activities", p, 1, now, now}, part.state,
                                        encoded);
            bytes += encoded.size();
        }
    });
    const double decodeMs =
        medianMs(7,
                 [&] {
                     for (const auto &[p, part] : owned) {
                         AnalyticsStateCodec::encode({"bench", "user-activities", p, 1, now, now},
                                                     part.state, encoded);
                         AnalyticsCheckpoint meta;
                         AnalyticsAggregator back;
                         std::string error;
                         if (!AnalyticsStateCodec::decode(encoded, meta, back, error)) {
                             std::abort();
                         }
                     }
                 }) -
        encodeMs;
    std::printf("{\"events\": %zu, \"partitions\": %d, \"users\": %llu,\n"
                " \"snapshot_ms_single\": %.3f, \"snapshot_ms_merged\": %.3f, "
                "\"merge_ratio\": %.2f,\n"
                " \"snapshot_ms_merged_kept_view\": %.3f, \"kept_view_speedup\": %.2f, "
                "\"events_between_snapshots\": %zu,\n"
                " \"checkpoint_bytes_all_partitions\": %zu, \"checkpoint_bytes_per_partition\": "
                "%zu,\n"
                " \"checkpoint_encode_ms_all\": %.3f, \"checkpoint_decode_ms_all\": %.3f}\n",
                events, partitions, static_cast<unsigned long long>(users), singleMs, mergedMs,
                mergedMs / singleMs, keptMs, mergedMs / keptMs, step, bytes,
                bytes / std::size_t(partitions), encodeMs, decodeMs);
    return 0;
}
