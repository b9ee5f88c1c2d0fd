#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace trackboard {

// Zig-zag: small negative and positive numbers both become small unsigned ones. Unsigned
// throughout, so that any input, a damaged one included, maps without overflow.
inline std::uint64_t zigzag(std::int64_t v) {
    return (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63);
}
inline std::uint64_t unzigzag(std::uint64_t z) {
    return (z >> 1) ^ (std::uint64_t(0) - (z & 1));
}

// LEB128 varints (zig-zag for signed values) and length-prefixed strings: the compact,
// byte-order-free encoding of checkpoints. The reader checks every length against what is
// left, so a truncated or hostile payload ends in ok() == false, never in a read past the end.
class VarintWriter {
public:
    explicit VarintWriter(std::string &out)
        : out_(out) {}
    void u(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(char(std::uint8_t(v) | 0x80));
            v >>= 7;
        }
        out_.push_back(char(v));
    }
    void s(std::int64_t v) { u(zigzag(v)); }
    void fixed64(std::uint64_t v) {
        char b[8];
        std::memcpy(b, &v, 8); // little-endian hosts only (x86-64, arm64), as the tests check
        out_.append(b, 8);
    }
    void str(std::string_view v) {
        u(v.size());
        out_.append(v);
    }

private:
    std::string &out_;
};

class VarintReader {
public:
    explicit VarintReader(std::string_view in)
        : in_(in) {}
    std::uint64_t u() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= in_.size()) {
                return fail();
            }
            const auto b = std::uint8_t(in_[pos_++]);
            v |= std::uint64_t(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        return fail();
    }
    std::int64_t s() { return std::int64_t(unzigzag(u())); }
    std::uint64_t fixed64() {
        if (in_.size() - pos_ < 8) {
            return fail();
        }
        std::uint64_t v;
        std::memcpy(&v, in_.data() + pos_, 8);
        pos_ += 8;
        return v;
    }
    std::string_view str() {
        const std::uint64_t n = u();
        if (!ok_ || n > in_.size() - pos_) {
            fail();
            return {};
        }
        const std::string_view v = in_.substr(pos_, n);
        pos_ += n;
        return v;
    }
    // A count of items that each take at least one byte: more than the bytes left is a lie.
    std::uint64_t count() {
        const std::uint64_t n = u();
        return n > in_.size() - pos_ ? fail() : n;
    }
    bool ok() const { return ok_; }
    bool atEnd() const { return pos_ == in_.size(); }
    std::uint64_t fail() {
        ok_ = false;
        pos_ = in_.size();
        return 0;
    }

private:
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

} // namespace trackboard
