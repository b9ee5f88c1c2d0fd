#pragma once

#include "experiment_metrics.h"

#include <string>

namespace trackboard {

// One line per experiment for people, shared by the dashboard and the text report: for its first
// non-control variant, "B +14 % (95 % CI +3 % to +25 %), p = 0.02 after 4,210 users" (the lift and
// its interval relative to the control's conversion); below the minimum per variant,
// "collecting data: 180 users". Empty when the experiment has no variant besides the control.
std::string experimentHeadline(const ExperimentResult &experiment);
// Whether the headline is a result (false while collecting data).
bool experimentHasResult(const ExperimentResult &experiment);
// "4,210": thousands grouped with commas.
std::string groupedCount(std::uint64_t n);

} // namespace trackboard
