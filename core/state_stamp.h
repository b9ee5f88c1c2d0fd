#pragma once

#include <atomic>
#include <cstdint>

namespace trackboard {

// A number no other state in the process has had: a cache of something derived from a state
// stays valid only while its stamp is the same. A new object gets a new stamp, and so does
// one whose state is replaced wholesale (renew()). Moving hands the stamp on with the state
// and gives the emptied source a new one, so an address reused for another state never
// matches an old stamp.
class StateStamp {
public:
    StateStamp()
        : value_(next()) {}
    StateStamp(const StateStamp &) = delete;
    StateStamp &operator=(const StateStamp &) = delete;
    StateStamp(StateStamp &&other) noexcept
        : value_(other.value_) {
        other.value_ = next();
    }
    StateStamp &operator=(StateStamp &&other) noexcept {
        value_ = other.value_;
        other.value_ = next();
        return *this;
    }

    void renew() { value_ = next(); }
    std::uint64_t value() const { return value_; }

private:
    static std::uint64_t next() {
        static std::atomic<std::uint64_t> counter{0};
        return counter.fetch_add(1, std::memory_order_relaxed) + 1;
    }

    std::uint64_t value_;
};

} // namespace trackboard
