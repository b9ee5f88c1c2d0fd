#include "keyed_hash.h"

#include <random>

namespace trackboard {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

struct SipState {
    std::uint64_t v0, v1, v2, v3;

    void round() {
        v0 += v1;
        v1 = rotl(v1, 13);
        v1 ^= v0;
        v0 = rotl(v0, 32);
        v2 += v3;
        v3 = rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl(v1, 17);
        v1 ^= v2;
        v2 = rotl(v2, 32);
    }

    void absorb(std::uint64_t m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
};

std::uint64_t readLittleEndian(const unsigned char *p, std::size_t n) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        value |= std::uint64_t(p[i]) << (8 * i);
    }
    return value;
}

} // namespace

KeyedHash::Key KeyedHash::randomKey() {
    std::random_device device;
    Key key{};
    for (auto &word : key) {
        word = (std::uint64_t(device()) << 32) | device();
    }
    return key;
}

std::uint64_t KeyedHash::operator()(std::string_view data) const {
    SipState s{key_[0] ^ 0x736f6d6570736575ULL, key_[1] ^ 0x646f72616e646f6dULL,
               key_[0] ^ 0x6c7967656e657261ULL, key_[1] ^ 0x7465646279746573ULL};
    const auto *bytes = reinterpret_cast<const unsigned char *>(data.data());
    const std::size_t whole = data.size() / 8 * 8;
    for (std::size_t i = 0; i < whole; i += 8) {
        s.absorb(readLittleEndian(bytes + i, 8));
    }
    std::uint64_t last = std::uint64_t(data.size() & 0xff) << 56;
    last |= readLittleEndian(bytes + whole, data.size() - whole);
    s.absorb(last);
    s.v2 ^= 0xff;
    for (int i = 0; i < 4; ++i) {
        s.round();
    }
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::string KeyedHash::hex(std::uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[std::size_t(i)] = kDigits[value & 0xf];
        value >>= 4;
    }
    return out;
}

} // namespace trackboard
