// The decoder's field readers: simdjson on-demand values to Event members, each failure mapped to
// a RejectReason that names the field. Internal to core/event_decoder*.cpp.
#pragma once

#include "event_codec.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <optional>

namespace trackboard::event_json {

namespace od = simdjson::ondemand;

inline DecodeResult reject(RejectReason reason, std::string_view field = {}) {
    return DecodeResult{reason, field};
}

// Maps a simdjson failure met while reading `field` to our reasons: a type mismatch is the
// sender's schema error, anything else means the document itself is broken.
inline DecodeResult fromSimdjson(simdjson::error_code error, std::string_view field) {
    switch (error) {
    case simdjson::INCORRECT_TYPE:
    case simdjson::NUMBER_OUT_OF_RANGE:
        return reject(RejectReason::WrongType, field);
    case simdjson::UTF8_ERROR:
        return reject(RejectReason::InvalidUtf8, field);
    default:
        return reject(RejectReason::MalformedJson, field);
    }
}

inline std::optional<std::int64_t> toCents(double amount) {
    if (!std::isfinite(amount) || amount < 0 || amount * 100 > double(kMaxAmountCents)) {
        return std::nullopt;
    }
    return std::llround(amount * 100);
}

class Reader {
public:
    DecodeResult failure;

    bool string(od::value value, std::string &out, std::string_view field) {
        std::string_view text;
        if (auto error = value.get_string().get(text)) {
            return fail(fromSimdjson(error, field));
        }
        // clear() and append() rather than assign(): assign() goes through replace(), which
        // checks whether the text overlaps the string; together 5% of the decoder's instructions.
        out.clear();
        out.append(text);
        return true;
    }

    bool number(od::value value, double &out, std::string_view field) {
        if (auto error = value.get_double().get(out)) {
            return fail(fromSimdjson(error, field));
        }
        if (!std::isfinite(out)) {
            return fail(reject(RejectReason::InvalidValue, field));
        }
        return true;
    }

    bool cents(od::value value, std::int64_t &out, std::string_view field) {
        double amount = 0;
        if (!number(value, amount, field)) {
            return false;
        }
        const auto cents = toCents(amount);
        if (!cents) {
            return fail(reject(RejectReason::InvalidValue, field));
        }
        out = *cents;
        return true;
    }

    bool object(od::value value, od::object &out, std::string_view field) {
        if (auto error = value.get_object().get(out)) {
            return fail(fromSimdjson(error, field));
        }
        return true;
    }

    bool fail(DecodeResult result) {
        failure = result;
        return false;
    }
};

// A field's key, matched against the names the decoder knows without unescaping it first:
// a key is nearly always plain, and unescaping each one (a call into simdjson and a copy) was a
// tenth of the decoder's instructions. A handler asks is("name") for each name it knows, and
// ends with unmatched(); a key that matched no name raw and holds escapes is then unescaped and
// offered once more, so `"event\u005fid"` still reads as event_id.
class FieldKey {
public:
    explicit FieldKey(const char *raw)
        : raw_(raw) {}

    // Names hold no quote or backslash, so a raw key equals `name` exactly when its bytes are
    // the name's followed by the closing quote. Reading past a shorter key stays within the
    // document and its padding: the key is followed by at least `":` and a value.
    template <std::size_t N> bool is(const char (&name)[N]) const {
        if (unescaped_) {
            return key_ == std::string_view(name, N - 1);
        }
        return std::memcmp(raw_, name, N - 1) == 0 && raw_[N - 1] == '"';
    }
    // What a handler returns for a key it does not know: true (unknown fields are allowed),
    // noting that the key may deserve a second look.
    bool unmatched() {
        unmatched_ = true;
        return true;
    }

    bool needsSecondLook() const { return unmatched_ && !unescaped_; }
    void useUnescaped(std::string_view key) {
        key_ = key;
        unescaped_ = true;
        unmatched_ = false;
    }

private:
    const char *raw_;
    std::string_view key_;
    bool unescaped_ = false;
    bool unmatched_ = false;
};

// Iterates the fields of `object`, calling `onField(key, value)` (key: a FieldKey) for each;
// stops at the first handler returning false or at a structural error.
template <typename Handler> bool forEachField(Reader &reader, od::object &object, Handler onField) {
    for (auto result : object) {
        od::field field;
        if (auto error = std::move(result).get(field)) {
            return reader.fail(fromSimdjson(error, {}));
        }
        const char *raw = field.key().raw();
        FieldKey key(raw);
        if (!onField(key, field.value())) {
            return false;
        }
        if (!key.needsSecondLook()) {
            continue;
        }
        // No known name, read raw. Only a key with escapes can still be one; unescaping also
        // refuses a malformed key, as reading every key unescaped did.
        std::string_view unescaped;
        if (auto error = field.unescaped_key().get(unescaped)) {
            return reader.fail(fromSimdjson(error, {}));
        }
        if (std::memchr(raw, '\\', unescaped.size() + 1) == nullptr &&
            raw[unescaped.size()] == '"') {
            continue; // a plain key: the raw look was the right one
        }
        key.useUnescaped(unescaped);
        if (!onField(key, field.value())) {
            return false;
        }
    }
    return true;
}

} // namespace trackboard::event_json
