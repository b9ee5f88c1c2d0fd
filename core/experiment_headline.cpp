#include "experiment_headline.h"

#include <cmath>
#include <cstdio>

namespace trackboard {

namespace {

std::string signedPercent(double fraction) {
    const long rounded = std::lround(fraction * 100);
    return (rounded > 0 ? "+" : "") + std::to_string(rounded) + " %";
}

std::string pText(double p) {
    if (p < 0.001) {
        return "p < 0.001";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, p < 0.01 ? "p = %.3f" : "p = %.2f", p);
    return buf;
}

const VariantResult *firstTreatment(const ExperimentResult &e) {
    return e.variants.size() < 2 ? nullptr : &e.variants[1];
}

} // namespace

std::string groupedCount(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(std::size_t(i), 1, ',');
    }
    return digits;
}

bool experimentHasResult(const ExperimentResult &e) {
    const VariantResult *v = firstTreatment(e);
    return v != nullptr && v->vsControl.enoughData;
}

std::string experimentHeadline(const ExperimentResult &e) {
    const VariantResult *v = firstTreatment(e);
    if (v == nullptr) {
        return {};
    }
    if (!v->vsControl.enoughData) {
        return "collecting data: " + groupedCount(e.users) + " users";
    }
    const ProportionComparison &c = v->vsControl;
    return v->name + " " + signedPercent(c.relativeLift) + " (95 % CI " +
           signedPercent(c.relativeCiLow) + " to " + signedPercent(c.relativeCiHigh) + "), " +
           pText(c.pValue) + " after " + groupedCount(e.users) + " users";
}

} // namespace trackboard
