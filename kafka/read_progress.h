#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace trackboard {

// A consumer group's count of events read or skipped, written by its worker after every batch
// and read by the producer's throttle on another thread (ConsumerWorker::readProgress).
using ReadProgress = std::shared_ptr<const std::atomic<std::uint64_t>>;

} // namespace trackboard
