#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace trackboard {

// SipHash-2-4 keyed by 128 random bits. A keyed hash, not a plain one, because the inputs
// (IPv4 addresses, IP + User-Agent pairs) are few enough to brute-force: without the key nobody
// can tell which address a hash came from, yet equal inputs still hash equal while the key lives.
class KeyedHash {
public:
    using Key = std::array<std::uint64_t, 2>;

    explicit KeyedHash(Key key)
        : key_(key) {}
    // A key from std::random_device.
    static Key randomKey();

    std::uint64_t operator()(std::string_view data) const;
    const Key &key() const { return key_; }
    // 16 lower-case hex digits.
    static std::string hex(std::uint64_t value);

private:
    Key key_;
};

} // namespace trackboard
