#include "produce_throttle.h"

#include <algorithm>

namespace trackboard {

std::uint64_t ProduceThrottle::retainedEvents(double meanMessageBytes) const {
    const double perMessage =
        std::max(1.0, meanMessageBytes + double(settings_.overheadBytesPerMessage));
    return static_cast<std::uint64_t>(double(settings_.retentionBytesPerPartition) / perMessage *
                                      double(std::max(1, settings_.partitions)));
}

std::uint64_t ProduceThrottle::roomBeforeHold(std::uint64_t ahead, double meanMessageBytes) const {
    const auto hold = static_cast<std::uint64_t>(double(retainedEvents(meanMessageBytes)) *
                                                 settings_.holdFraction);
    return hold > ahead ? hold - ahead : 0;
}

double ProduceThrottle::heldRate(double askedRate, std::uint64_t ahead,
                                 double meanMessageBytes) const {
    const double retained = double(retainedEvents(meanMessageBytes));
    const double start = retained * settings_.startFraction;
    const double hold = retained * settings_.holdFraction;
    const double behind = double(ahead);
    if (behind <= start) {
        return askedRate;
    }
    if (behind >= hold || hold <= start) {
        return 0;
    }
    return askedRate * (hold - behind) / (hold - start);
}

} // namespace trackboard
