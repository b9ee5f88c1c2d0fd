// Single-core throughput of the engine's hot paths, as one JSON document: medians of repeated
// runs, in events per second of the thread's own CPU time. Compare figures within one run.
#include "analytics_aggregator.h"
#include "event_codec.h"
#include "fraud_detector.h"
#include "simulator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

using namespace trackboard;

namespace {

// CPU time of this thread, not wall time: on a shared machine the benchmark is descheduled
// for long stretches, and wall time would count them as work.
double threadSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double medianRate(std::size_t events, int repeats, const std::function<void()> &body) {
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
        const double start = threadSeconds();
        body();
        rates.push_back(double(events) / (threadSeconds() - start));
    }
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
    const std::size_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200'000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;

    std::vector<std::string> payloads;
    payloads.reserve(events);
    {
        Simulator sim;
        sim.setTargetSessions(8000);
        Event e;
        for (std::size_t i = 0; i < events; ++i) {
            sim.next(1'767'225'600'000 + std::int64_t(i), e);
            std::string json;
            encodeEvent(e, json);
            payloads.push_back(std::move(json));
        }
    }
    std::size_t bytes = 0;
    for (const auto &p : payloads) {
        bytes += p.size();
    }

    const double generate = medianRate(events, repeats, [&] {
        Simulator sim;
        sim.setTargetSessions(8000);
        Event e;
        std::string json;
        for (std::size_t i = 0; i < events; ++i) {
            sim.next(1'767'225'600'000 + std::int64_t(i), e);
            json.clear();
            encodeEvent(e, json);
        }
    });
    std::vector<Event> decoded(1);
    const double decode = medianRate(events, repeats, [&] {
        EventDecoder decoder;
        for (const auto &p : payloads) {
            if (!decoder.decode(p, decoded[0]).ok()) {
                std::abort();
            }
        }
    });
    std::vector<Event> all(events);
    {
        EventDecoder decoder;
        for (std::size_t i = 0; i < events; ++i) {
            decoder.decode(payloads[i], all[i]);
        }
    }
    const double analytics = medianRate(events, repeats, [&] {
        AnalyticsAggregator aggregator;
        for (const auto &e : all) {
            aggregator.apply(e);
        }
    });
    const double fraud = medianRate(events, repeats, [&] {
        FraudDetector detector;
        std::vector<Alert> alerts;
        for (const auto &e : all) {
            detector.apply(e, e.timestampMs, alerts);
        }
    });
    std::printf(
        "{\"events\":%zu,\"repeats\":%d,\"mean_event_bytes\":%.1f,"
        "\"clock\":\"thread_cpu_time\",\"generate_encode_per_s\":%.0f,\"decode_per_s\":%.0f,"
        "\"analytics_ingest_per_s\":%.0f,\"fraud_ingest_per_s\":%.0f}\n",
        events, repeats, double(bytes) / double(events), generate, decode, analytics, fraud);
    return 0;
}
