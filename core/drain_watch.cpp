#include "drain_watch.h"

namespace trackboard {

DrainWatch::DrainWatch(Limits limits, std::int64_t startMs)
    : limits_(limits)
    , startMs_(startMs)
    , lastProgressMs_(startMs) {}

DrainWatch::Verdict DrainWatch::observe(std::int64_t nowMs, std::uint64_t progress, bool done) {
    if (verdict_ != Verdict::Waiting) {
        return verdict_; // a drain that ended stays ended, whatever arrives late
    }
    // The first observation sets the baseline: the counters already stand where the traffic
    // left them, which says nothing about whether the drain moves.
    if (!seenProgress_ || progress != lastProgress_) {
        seenProgress_ = true;
        lastProgress_ = progress;
        lastProgressMs_ = nowMs;
    }
    if (done) {
        verdict_ = Verdict::Drained;
    } else if (nowMs - startMs_ >= limits_.hardLimitMs) {
        verdict_ = Verdict::TimedOut;
    } else if (nowMs - lastProgressMs_ >= limits_.stallMs) {
        verdict_ = Verdict::Stalled;
    }
    return verdict_;
}

std::string_view drainVerdictName(DrainWatch::Verdict verdict) {
    switch (verdict) {
    case DrainWatch::Verdict::Waiting:
        return "waiting";
    case DrainWatch::Verdict::Drained:
        return "drained";
    case DrainWatch::Verdict::Stalled:
        return "stalled";
    case DrainWatch::Verdict::TimedOut:
        return "timeout";
    }
    return "waiting";
}

} // namespace trackboard
