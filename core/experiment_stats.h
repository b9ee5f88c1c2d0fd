#pragma once

#include <cstdint>

namespace trackboard {

// Below these, per arm, a result says "not enough data" rather than a p-value: the normal
// approximation behind the z-test is poor with few conversions.
inline constexpr std::uint64_t kMinUsersPerArm = 100;
inline constexpr std::uint64_t kMinConversionsPerArm = 10;

// A variant's conversion against the control's (docs/analytics.md, "A/B experiments"):
// a two-sided two-proportion z-test with the pooled standard error, and a 95 % Wald interval for
// the difference with the unpooled one. Rates and differences are fractions (0.2 = 20 %).
struct ProportionComparison {
    bool enoughData = false;
    double controlRate = 0;
    double variantRate = 0;
    double difference = 0;   // variantRate - controlRate
    double relativeLift = 0; // difference / controlRate; 0 when the control never converted
    double z = 0;
    double pValue = 1;
    double ciLow = 0; // 95 % interval for the difference
    double ciHigh = 0;
    double relativeCiLow = 0; // the same interval divided by controlRate
    double relativeCiHigh = 0;

    bool operator==(const ProportionComparison &) const = default;
};

ProportionComparison compareProportions(std::uint64_t controlConversions,
                                        std::uint64_t controlUsers,
                                        std::uint64_t variantConversions,
                                        std::uint64_t variantUsers);

// P(|Z| >= |z|) for a standard normal Z.
double twoSidedNormalP(double z);

} // namespace trackboard
