// The analytics engine's budget, as one JSON document:
//  - aggregator throughput on decoded events (median of repeats, one core);
//  - snapshot build time with 1M tracked users, and after 10M users and 1M pages went through;
//  - peak RSS once 10M distinct users and 1M distinct pages have flowed through.
// usage: bench_analytics [events=2000000] [repeats=5] [flood_users=10000000]
#include "analytics_aggregator.h"
#include "simulator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

using namespace trackboard;

namespace {

// This thread's CPU time: on a shared machine, wall time also counts other processes' turns.
struct Clock {
    using time_point = double;
    static double now() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
    }
};

double seconds(double since) {
    return Clock::now() - since;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

long statusKb(const char *field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field, 0) == 0) {
            return std::strtol(line.c_str() + std::char_traits<char>::length(field), nullptr, 10);
        }
    }
    return -1;
}

// Median time of `repeats` snapshots, in milliseconds.
double snapshotMs(const AnalyticsAggregator &aggregator, int repeats) {
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        const AnalyticsSnapshot s = aggregator.snapshot(0);
        times.push_back(seconds(start) * 1000);
        if (s.events == 0) {
            std::abort(); // keeps the snapshot from being optimised away
        }
    }
    return median(times);
}

// One synthetic event per call, rewriting the strings of `e` in place (no allocation once
// warm): user i of `users`, page i of `pages`, 2 events per millisecond.
void floodEvent(std::uint64_t i, std::uint64_t users, std::uint64_t pages, Event &e) {
    static constexpr EventType kTypes[] = {EventType::PageView,  EventType::ProductView,
                                           EventType::AddToCart, EventType::PageView,
                                           EventType::Click,     EventType::Purchase};
    e.type = kTypes[i % 6];
    e.timestampMs = 1'767'225'600'000 + std::int64_t(i / 2);
    char text[48];
    std::snprintf(text, sizeof text, "user-%llu", static_cast<unsigned long long>(i % users));
    e.userId.assign(text);
    std::snprintf(text, sizeof text, "sess-%llu", static_cast<unsigned long long>(i % users));
    e.sessionId.assign(text);
    std::snprintf(text, sizeof text, "/page/%llu", static_cast<unsigned long long>(i % pages));
    e.page.assign(text);
    e.geo.country = i % 3 == 0 ? "US" : "DE";
    e.geo.city = i % 3 == 0 ? "New York" : "Berlin";
    e.device = {i % 2 == 0 ? "mobile" : "desktop", "Android", "Chrome"};
    e.hasProduct = e.type != EventType::PageView && e.type != EventType::Click;
    std::snprintf(text, sizeof text, "p-%llu", static_cast<unsigned long long>(i % 5000));
    e.product = {text, "Widget", "tools", 1999};
    e.quantity = 1;
    e.hasOrder = e.type == EventType::Purchase;
    e.order = {"o", 1999, "USD"};
}

} // namespace

int main(int argc, char **argv) {
    const std::size_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::uint64_t floodUsers = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 10'000'000;

    // Realistic traffic from the simulator, decoded once: the aggregator alone is timed.
    // At most 200k distinct events are kept (an Event is ~0.5 KB); longer runs replay them,
    // shifted in time, so the windows keep sliding.
    std::vector<Event> traffic(std::min<std::size_t>(events, 200'000));
    const std::int64_t span = std::int64_t(traffic.size());
    {
        Simulator sim;
        sim.setTargetSessions(8000);
        for (std::size_t i = 0; i < traffic.size(); ++i) {
            sim.next(1'767'225'600'000 + std::int64_t(i), traffic[i]);
        }
    }
    std::vector<double> rates;
    double simulatorSnapshotMs = 0;
    for (int r = 0; r < repeats; ++r) {
        AnalyticsAggregator aggregator;
        std::int64_t shift = 0;
        const auto start = Clock::now();
        for (std::size_t done = 0; done < events; shift += span) {
            for (std::size_t k = 0; k < traffic.size() && done < events; ++k, ++done) {
                Event &e = traffic[k];
                e.timestampMs += shift;
                aggregator.apply(e);
                e.timestampMs -= shift;
            }
        }
        rates.push_back(double(events) / seconds(start));
        simulatorSnapshotMs = snapshotMs(aggregator, 5);
    }

    if (floodUsers == 0) { // throughput only, for profiling
        std::printf("{\"aggregator_events_per_s_median\": %.0f, \"snapshot_ms_simulator_traffic\": "
                    "%.3f}\n",
                    median(rates), simulatorSnapshotMs);
        return 0;
    }
    // 1M distinct users: still exact, the largest snapshot the exact mode builds.
    AnalyticsAggregator aggregator;
    Event e;
    std::uint64_t i = 0;
    for (; i < 1'000'000; ++i) {
        floodEvent(i, 1'000'000, 1'000'000, e);
        aggregator.apply(e);
    }
    const double exactSnapshotMs = snapshotMs(aggregator, 5);
    const bool exactAtMillion =
        aggregator.snapshot(0).window(AnalyticsWindow::AllTime).distinctExact;
    const auto floodStart = Clock::now();
    for (; i < floodUsers; ++i) {
        floodEvent(i, floodUsers, 1'000'000, e);
        aggregator.apply(e);
    }
    const double floodRate = double(floodUsers - 1'000'000) / seconds(floodStart);
    const double floodSnapshotMs = snapshotMs(aggregator, 5);
    const AnalyticsSnapshot last = aggregator.snapshot(0);
    const auto &all = last.window(AnalyticsWindow::AllTime);

    std::printf(
        "{\"aggregator_events_per_s_median\": %.0f, \"repeats\": %d, \"events\": %zu,\n"
        " \"snapshot_ms_simulator_traffic\": %.3f,\n"
        " \"snapshot_ms_1m_users\": %.3f, \"exact_at_1m_users\": %s,\n"
        " \"flood_users\": %llu, \"flood_pages\": 1000000, \"flood_events_per_s\": %.0f,\n"
        " \"snapshot_ms_after_flood\": %.3f, \"active_users_estimate\": %llu,\n"
        " \"active_users_60m_estimate\": %llu, \"distinct_exact_after_flood\": %s,\n"
        " \"rss_kb\": %ld, \"peak_rss_kb\": %ld}\n",
        median(rates), repeats, events, simulatorSnapshotMs, exactSnapshotMs,
        exactAtMillion ? "true" : "false", static_cast<unsigned long long>(floodUsers), floodRate,
        floodSnapshotMs, static_cast<unsigned long long>(all.activeUsers),
        static_cast<unsigned long long>(last.window(AnalyticsWindow::Last60Min).activeUsers),
        all.distinctExact ? "true" : "false", statusKb("VmRSS:"), statusKb("VmHWM:"));
    return 0;
}
