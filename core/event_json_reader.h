// The decoder's field readers: simdjson on-demand values to Event members, each failure mapped to
// a RejectReason that names the field. Internal to core/event_decoder*.cpp.
#pragma once

#include "event_codec.h"

#include <simdjson.h>

#include <cmath>
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
        out.assign(text);
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

// Iterates the fields of `object`, calling `onField(key, value)` for each; stops at the first
// handler returning false or at a structural error.
template <typename Handler> bool forEachField(Reader &reader, od::object &object, Handler onField) {
    for (auto result : object) {
        od::field field;
        if (auto error = std::move(result).get(field)) {
            return reader.fail(fromSimdjson(error, {}));
        }
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) {
            return reader.fail(fromSimdjson(error, {}));
        }
        if (!onField(key, field.value())) {
            return false;
        }
    }
    return true;
}

} // namespace trackboard::event_json
