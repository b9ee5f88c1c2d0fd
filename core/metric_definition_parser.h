#pragma once

#include "metric_definition.h"

#include <string>
#include <string_view>

namespace trackboard {

// Reads a metrics file (YAML, docs/analytics.md "Custom metrics"). Runs once per load, never
// per event. On success `out` holds the new set; on failure `out` is untouched and `error`
// reads "SOURCE:LINE: problem", so that a bad file never replaces a good one.
bool parseMetricDefinitions(std::string_view text, const std::string &source,
                            MetricDefinitions &out, std::string &error);

} // namespace trackboard
