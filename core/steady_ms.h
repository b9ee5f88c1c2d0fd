#pragma once

#include <chrono>
#include <cstdint>

namespace trackboard {

// Milliseconds on the monotonic clock: for deadlines and intervals, which must not jump when
// the wall clock is set.
inline std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace trackboard
