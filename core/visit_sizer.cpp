#include "visit_sizer.h"

#include <algorithm>
#include <cmath>

namespace trackboard {

void VisitSizer::start(std::int64_t nowMs, std::uint64_t sentTotal, double askedRate) {
    askedRate_ = askedRate;
    heldRate_ = askedRate;
    spanStartMs_ = nowMs;
    spanStartSent_ = sentTotal;
}

void VisitSizer::setAskedRate(double askedRate) {
    askedRate_ = askedRate;
    heldRate_ = std::min(heldRate_, askedRate);
}

void VisitSizer::observe(std::int64_t nowMs, std::uint64_t sentTotal) {
    const double spanSeconds = double(nowMs - spanStartMs_) / 1000.0;
    const double minimumSpan =
        std::max(1.0, settings_.expectedEventsPerMeasure / std::max(askedRate_, 1e-9));
    if (spanSeconds < minimumSpan) {
        return;
    }
    const double sent =
        double(sentTotal >= spanStartSent_ ? sentTotal - spanStartSent_ : 0) / spanSeconds;
    spanStartMs_ = nowMs;
    spanStartSent_ = sentTotal;
    // Injected attack events come on top of the rate: more than asked is keeping up.
    const double measured = sent >= settings_.keepingUpShare * askedRate_ ? askedRate_ : sent;
    const double weight = 1.0 - std::exp(-spanSeconds / settings_.smoothingSeconds);
    heldRate_ += weight * (measured - heldRate_);
}

int VisitSizer::visits() const {
    const double visits = std::ceil(heldRate_ * settings_.thinkTimeSeconds);
    return static_cast<int>(std::clamp(visits, 1.0, 1e9));
}

} // namespace trackboard
