#include "visit_sizer.h"

#include <algorithm>
#include <cmath>

namespace trackboard {

void VisitSizer::start(std::int64_t nowMs, std::uint64_t sentTotal, double askedRate) {
    askedRate_ = askedRate;
    heldRate_ = askedRate;
    spanStartMs_ = nowMs;
    spanStartSent_ = sentTotal;
    visits_ = visitsFor(heldRate_);
}

void VisitSizer::setAskedRate(double askedRate) {
    askedRate_ = askedRate;
    heldRate_ = std::min(heldRate_, askedRate);
    visits_ = std::min(visits_, visitsFor(heldRate_));
}

void VisitSizer::observe(std::int64_t nowMs, std::uint64_t sentTotal) {
    const double spanSeconds = double(nowMs - spanStartMs_) / 1000.0;
    const double minimumSpan = std::max(
        settings_.measureSeconds, settings_.expectedEventsPerMeasure / std::max(askedRate_, 1e-9));
    if (spanSeconds < minimumSpan) {
        return;
    }
    const double sent =
        double(sentTotal >= spanStartSent_ ? sentTotal - spanStartSent_ : 0) / spanSeconds;
    spanStartMs_ = nowMs;
    spanStartSent_ = sentTotal;
    const double weight = 1.0 - std::exp(-spanSeconds / settings_.smoothingSeconds);
    heldRate_ += weight * (sent - heldRate_);
    heldRate_ = std::min(heldRate_, askedRate_); // injected attack events come on top
    // A producer sending nearly the asked rate is keeping up: the asked rate's visits, not a
    // measurement's noise.
    const int wanted = heldRate_ >= settings_.keepingUpShare * askedRate_ ? visitsFor(askedRate_)
                                                                          : visitsFor(heldRate_);
    if (std::abs(wanted - visits_) >= settings_.deadBand * visits_ ||
        wanted == visitsFor(askedRate_)) {
        visits_ = wanted;
    }
}

int VisitSizer::visitsFor(double rate) const {
    const double visits = std::ceil(rate * settings_.thinkTimeSeconds);
    return static_cast<int>(std::clamp(visits, 1.0, 1e9));
}

} // namespace trackboard
