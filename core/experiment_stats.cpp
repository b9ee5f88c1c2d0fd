#include "experiment_stats.h"

#include <cmath>

namespace trackboard {

namespace {
constexpr double kZ95 = 1.959963984540054; // the 97.5th percentile of the standard normal
}

double twoSidedNormalP(double z) {
    return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

ProportionComparison compareProportions(std::uint64_t controlConversions,
                                        std::uint64_t controlUsers,
                                        std::uint64_t variantConversions,
                                        std::uint64_t variantUsers) {
    ProportionComparison c;
    if (controlUsers == 0 || variantUsers == 0) {
        return c;
    }
    const double n1 = double(controlUsers);
    const double n2 = double(variantUsers);
    c.controlRate = double(controlConversions) / n1;
    c.variantRate = double(variantConversions) / n2;
    c.difference = c.variantRate - c.controlRate;
    c.relativeLift = c.controlRate > 0 ? c.difference / c.controlRate : 0;
    c.enoughData = controlUsers >= kMinUsersPerArm && variantUsers >= kMinUsersPerArm &&
                   controlConversions >= kMinConversionsPerArm &&
                   variantConversions >= kMinConversionsPerArm;
    const double pooled = double(controlConversions + variantConversions) / (n1 + n2);
    const double pooledSe = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (pooledSe > 0) {
        c.z = c.difference / pooledSe;
        c.pValue = twoSidedNormalP(c.z);
    }
    const double se = std::sqrt(c.controlRate * (1 - c.controlRate) / n1 +
                                c.variantRate * (1 - c.variantRate) / n2);
    c.ciLow = c.difference - kZ95 * se;
    c.ciHigh = c.difference + kZ95 * se;
    if (c.controlRate > 0) {
        c.relativeCiLow = c.ciLow / c.controlRate;
        c.relativeCiHigh = c.ciHigh / c.controlRate;
    }
    return c;
}

} // namespace trackboard
