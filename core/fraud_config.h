#pragma once

#include "fraud_thresholds.h"

#include <string>
#include <string_view>

namespace trackboard {

// Reads fraud thresholds from text, one `key = value` per line; `#` starts a comment and blank
// lines are skipped. Keys are named `rule.setting` (`velocity.max_events`, `velocity.window_s`,
// `high_value.amount`, ...: formatFraudConfig lists them all). Values are whole numbers for
// counts, seconds with up to three decimals for `_s` keys, dollars with up to two decimals
// (an optional leading `$`) for amounts, decimal numbers for factors, speeds and points, and
// LOW, MEDIUM, HIGH or CRITICAL for severities.
//
// Keys the text does not mention keep the value `out` has. An unknown key, a key given twice,
// a line without `=` or a value of the wrong form or out of range is an error: the function
// returns false, leaves `out` as it was and sets `error` to a message naming the line, such as
// "line 3: unknown key 'velocity.max'".
bool parseFraudConfig(std::string_view text, FraudThresholds &out, std::string &error);

// Every key with its value, grouped by rule with a comment above each; parseFraudConfig reads
// it back to the same thresholds (for values within the ranges the parser accepts).
std::string formatFraudConfig(const FraudThresholds &thresholds);

} // namespace trackboard
