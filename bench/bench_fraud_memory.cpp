// Memory of the fraud detector with many active users: RSS before and after N users each do a
// short visit, and how many users remain tracked once they have all gone idle.
#include "fraud_detector.h"
#include "simulator.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

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

} // namespace

int main(int argc, char **argv) {
    const int users = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int eventsPerUser = argc > 2 ? std::atoi(argv[2]) : 4;
    constexpr std::int64_t kStart = 1'767'225'600'000;

    // The simulator's own shoppers: a population of `users`, most of them mid-visit at once.
    Simulator sim;
    sim.setTargetSessions(users * 4 / 5);
    FraudDetector detector;
    std::vector<Alert> alerts;
    std::size_t alertCount = 0;
    Event e;
    sim.next(kStart, e); // opens every visit, so the simulator's memory is in `before`
    const double before = rssMb();
    const std::int64_t total = std::int64_t(users) * eventsPerUser;
    for (std::int64_t i = 0; i < total; ++i) {
        // Ten minutes of event time: nobody is idle long enough to be forgotten.
        const std::int64_t now = kStart + i * 600'000 / total;
        sim.next(now, e);
        detector.apply(e, now, alerts);
        alertCount += alerts.size();
        alerts.clear();
    }
    const double active = rssMb();
    const auto tracked = detector.trackedUsers();
    // Everyone goes quiet; one event 40 minutes later lets the detector expire them.
    sim.next(kStart + 40 * 60'000, e);
    detector.apply(e, kStart + 40 * 60'000, alerts);
    std::printf("{\"users\":%d,\"events\":%lld,\"rss_mb_before\":%.1f,\"rss_mb_active\":%.1f,"
                "\"bytes_per_tracked_user\":%.0f,\"tracked_users\":%zu,"
                "\"tracked_after_idle_expiry\":%zu,\"alerts\":%zu}\n",
                users, static_cast<long long>(total), before, active,
                (active - before) * 1024 * 1024 / double(tracked), tracked, detector.trackedUsers(),
                alerts.size());
    return 0;
}
