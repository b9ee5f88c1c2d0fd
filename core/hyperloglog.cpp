#include "hyperloglog.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace trackboard {

void HyperLogLog::merge(const HyperLogLog &other) {
    if (other.registers_.empty()) {
        return;
    }
    if (registers_.empty()) {
        registers_ = other.registers_;
        return;
    }
    for (std::size_t i = 0; i < kRegisters; ++i) {
        registers_[i] = std::max(registers_[i], other.registers_[i]);
    }
}

namespace {

// Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017): his improved
// estimator is unbiased over the whole range without empirical correction tables, so small
// and mid-sized counts are as accurate as large ones.
double sigma(double x) {
    if (x == 1.0) {
        return std::numeric_limits<double>::infinity();
    }
    double y = 1;
    double z = x;
    double previous;
    do {
        x *= x;
        previous = z;
        z += x * y;
        y += y;
    } while (z != previous);
    return z;
}

double tau(double x) {
    if (x == 0.0 || x == 1.0) {
        return 0;
    }
    double y = 1;
    double z = 1 - x;
    double previous;
    do {
        x = std::sqrt(x);
        previous = z;
        y *= 0.5;
        z -= (1 - x) * (1 - x) * y;
    } while (z != previous);
    return z / 3;
}

} // namespace

double HyperLogLog::estimate() const {
    if (registers_.empty()) {
        return 0;
    }
    constexpr int q = 64 - kPrecision;
    std::array<std::size_t, q + 2> histogram{};
    for (const auto r : registers_) {
        ++histogram[r];
    }
    const double m = double(kRegisters);
    if (histogram[0] == kRegisters) {
        return 0;
    }
    double z = m * tau(1 - double(histogram[q + 1]) / m);
    for (int k = q; k >= 1; --k) {
        z = 0.5 * (z + double(histogram[std::size_t(k)]));
    }
    z += m * sigma(double(histogram[0]) / m);
    return m * m / (2 * std::log(2.0)) / z;
}

void HyperLogLog::clear() {
    std::fill(registers_.begin(), registers_.end(), 0);
}

} // namespace trackboard
