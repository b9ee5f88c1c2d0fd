// Memory and CPU of the fraud detector with many active users: RSS before and after N users each
// do a short visit, the detector's own CPU per event with that many users held (far beyond the
// caches, unlike bench_core's few thousand), and how many users remain tracked once they have all
// gone idle. `look_ahead` 1 (the default, as the fraud worker does) prefetches each event's user
// while the previous event is applied; 0 does not, for a side-by-side run.
// usage: bench_fraud_memory [users=1000000] [events_per_user=4] [look_ahead=1]
#include "fraud_detector.h"
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

double rssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
        }
    }
    return 0;
}

double threadSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char **argv) {
    const int users = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int eventsPerUser = argc > 2 ? std::atoi(argv[2]) : 4;
    const bool lookAhead = argc > 3 ? std::atoi(argv[3]) != 0 : true;
    constexpr std::int64_t kStart = 1'767'225'600'000;

    // The simulator's own shoppers: a population of `users`, most of them mid-visit at once.
    Simulator sim;
    sim.setTargetSessions(users * 4 / 5);
    FraudDetector detector;
    std::vector<Alert> alerts;
    std::size_t alertCount = 0;
    Event e;
    sim.next(kStart, e); // opens every visit, so the simulator's memory is in `before`
    // Events are generated a chunk at a time and only the detector's calls are timed. The chunk's
    // strings are allocated before `before` and reused after.
    constexpr std::size_t kChunk = 4096;
    std::vector<Event> chunk(kChunk, e);
    const double before = rssMb();
    const std::int64_t total = std::int64_t(users) * eventsPerUser;
    double detectorSeconds = 0;
    for (std::int64_t first = 0; first < total; first += std::int64_t(kChunk)) {
        const auto count = static_cast<std::size_t>(std::min<std::int64_t>(kChunk, total - first));
        for (std::size_t k = 0; k < count; ++k) {
            // Ten minutes of event time: nobody is idle long enough to be forgotten.
            sim.next(kStart + (first + std::int64_t(k)) * 600'000 / total, chunk[k]);
        }
        const double start = threadSeconds();
        for (std::size_t k = 0; k < count; ++k) {
            if (lookAhead && k + 1 < count) {
                detector.prefetchUser(chunk[k + 1].userId);
            }
            detector.apply(chunk[k], kStart + (first + std::int64_t(k)) * 600'000 / total, alerts);
            alertCount += alerts.size();
            alerts.clear();
        }
        detectorSeconds += threadSeconds() - start;
    }
    const double active = rssMb();
    const auto tracked = detector.trackedUsers();
    // Everyone goes quiet; one event 40 minutes later lets the detector expire them.
    sim.next(kStart + 40 * 60'000, e);
    detector.apply(e, kStart + 40 * 60'000, alerts);
    std::printf(
        "{\"users\":%d,\"events\":%lld,\"rss_mb_before\":%.1f,\"rss_mb_active\":%.1f,"
        "\"bytes_per_tracked_user\":%.0f,\"detector_cpu_us_per_event\":%.3f,\"tracked_users\":%zu,"
        "\"tracked_after_idle_expiry\":%zu,\"alerts\":%zu,\"look_ahead\":%s}\n",
        users, static_cast<long long>(total), before, active,
        (active - before) * 1024 * 1024 / double(tracked), detectorSeconds * 1e6 / double(total),
        tracked, detector.trackedUsers(), alertCount + alerts.size(), lookAhead ? "true" : "false");
    return 0;
}
