#pragma once

#include <cstdint>
#include <string_view>

namespace trackboard {

// Decides when a drain is over: `trackboard demo` stops its traffic and then waits for both
// consumer groups to read what was delivered. A fixed deadline reported slow consumers on a
// loaded machine as loss, so the drain waits as long as the pipeline keeps moving and ends
// only when it stops moving for `stallMs` or when `hardLimitMs` has passed since it began.
// Plain C++ with the caller's clock, so that it is tested without Qt, Kafka or sleeping.
class DrainWatch {
public:
    enum class Verdict {
        Waiting, // not done, still within the limits: keep draining
        Drained, // everything delivered was consumed (or counted as skipped)
        Stalled, // nothing moved for stallMs
        TimedOut // hardLimitMs passed while it was still moving
    };
    struct Limits {
        std::int64_t stallMs = 3'000;
        std::int64_t hardLimitMs = 120'000;
    };

    DrainWatch(Limits limits, std::int64_t startMs);

    // `progress` is any counter that rises while the pipeline moves (events delivered, read or
    // counted as skipped, summed over the groups); `done` says that nothing is left to wait for.
    // Once it has returned something other than Waiting, it returns that again.
    Verdict observe(std::int64_t nowMs, std::uint64_t progress, bool done);

    std::int64_t elapsedMs(std::int64_t nowMs) const { return nowMs - startMs_; }
    const Limits &limits() const { return limits_; }

private:
    Limits limits_;
    std::int64_t startMs_;
    std::int64_t lastProgressMs_;
    std::uint64_t lastProgress_ = 0;
    bool seenProgress_ = false;
    Verdict verdict_ = Verdict::Waiting;
};

// "drained", "stalled", "timeout" or "waiting", as the JSON output spells them.
std::string_view drainVerdictName(DrainWatch::Verdict verdict);

} // namespace trackboard
