#include "beacon_decoder.h"

#include <simdjson.h>

#include <cmath>

namespace trackboard {

namespace dom = simdjson::dom;

namespace {

DecodeResult reject(RejectReason reason, std::string_view field = {}) {
    return DecodeResult{reason, field};
}

// The same mapping as the event decoder: a type mismatch is the sender's schema error,
// anything else means the document is broken.
DecodeResult fromSimdjson(simdjson::error_code error, std::string_view field = {}) {
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

class FieldReader {
public:
    DecodeResult failure;

    bool string(dom::element value, std::string &out, std::string_view field) {
        std::string_view text;
        if (auto error = value.get_string().get(text)) {
            return fail(fromSimdjson(error, field));
        }
        if (text.size() > kMaxBeaconStringBytes) {
            return fail(reject(RejectReason::InvalidValue, field));
        }
        out.assign(text);
        return true;
    }

    bool cents(dom::element value, std::int64_t &out, std::string_view field) {
        double amount = 0;
        if (auto error = value.get_double().get(amount)) {
            return fail(fromSimdjson(error, field));
        }
        if (!std::isfinite(amount) || amount < 0 || amount * 100 > double(kMaxAmountCents)) {
            return fail(reject(RejectReason::InvalidValue, field));
        }
        out = std::llround(amount * 100);
        return true;
    }

    bool integer(dom::element value, std::int64_t low, std::int64_t high, int &out,
                 std::string_view field) {
        std::int64_t number = 0;
        if (auto error = value.get_int64().get(number)) {
            return fail(fromSimdjson(error, field));
        }
        if (number < low || number > high) {
            return fail(reject(RejectReason::InvalidValue, field));
        }
        out = static_cast<int>(number);
        return true;
    }

    bool object(dom::element value, dom::object &out, std::string_view field) {
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

bool readProduct(FieldReader &r, dom::element value, Product &p) {
    dom::object object;
    if (!r.object(value, object, "product")) {
        return false;
    }
    unsigned seen = 0;
    for (const auto field : object) {
        const std::string_view k = field.key;
        bool ok = true;
        if (k == "id") {
            seen |= 1;
            ok = r.string(field.value, p.id, "product.id");
        } else if (k == "name") {
            seen |= 2;
            ok = r.string(field.value, p.name, "product.name");
        } else if (k == "category") {
            seen |= 4;
            ok = r.string(field.value, p.category, "product.category");
        } else if (k == "price") {
            seen |= 8;
            ok = r.cents(field.value, p.priceCents, "product.price");
        }
        if (!ok) {
            return false;
        }
    }
    return seen == 15 || r.fail(reject(RejectReason::MissingField, "product"));
}

bool readOrder(FieldReader &r, dom::element value, Order &o) {
    dom::object object;
    if (!r.object(value, object, "order")) {
        return false;
    }
    unsigned seen = 0;
    for (const auto field : object) {
        const std::string_view k = field.key;
        bool ok = true;
        if (k == "id") {
            seen |= 1;
            ok = r.string(field.value, o.id, "order.id");
        } else if (k == "value") {
            seen |= 2;
            ok = r.cents(field.value, o.valueCents, "order.value");
        } else if (k == "currency") {
            seen |= 4;
            ok = r.string(field.value, o.currency, "order.currency");
        }
        if (!ok) {
            return false;
        }
    }
    return seen == 7 || r.fail(reject(RejectReason::MissingField, "order"));
}

// As the event decoder: both members required and not empty, unknown members skipped.
bool readExperiment(FieldReader &r, dom::element value, Experiment &x) {
    dom::object object;
    if (!r.object(value, object, "experiment")) {
        return false;
    }
    unsigned seen = 0;
    for (const auto field : object) {
        const std::string_view k = field.key;
        bool ok = true;
        if (k == "id") {
            seen |= 1;
            ok = r.string(field.value, x.id, "experiment.id");
        } else if (k == "variant") {
            seen |= 2;
            ok = r.string(field.value, x.variant, "experiment.variant");
        }
        if (!ok) {
            return false;
        }
    }
    if (seen != 3) {
        return r.fail(reject(RejectReason::MissingField, "experiment"));
    }
    if (x.id.empty() || x.variant.empty()) {
        return r.fail(reject(RejectReason::InvalidValue,
                             x.id.empty() ? "experiment.id" : "experiment.variant"));
    }
    return true;
}

DecodeResult readBeacon(dom::element element, Beacon &b) {
    dom::object root;
    if (element.get_object().get(root)) {
        return reject(RejectReason::NotAnObject);
    }
    FieldReader r;
    bool hasType = false;
    bool hasPage = false;
    for (const auto field : root) {
        const std::string_view k = field.key;
        const dom::element v = field.value;
        bool ok = true;
        if (k == "event_type") {
            hasType = true;
            std::string_view name;
            if (auto error = v.get_string().get(name)) {
                return fromSimdjson(error, "event_type");
            }
            const auto type = eventTypeFromName(name);
            if (!type) {
                return reject(RejectReason::UnknownEventType, "event_type");
            }
            b.type = *type;
        } else if (k == "page") {
            hasPage = true;
            ok = r.string(v, b.page, "page");
        } else if (k == "referrer") {
            b.referrer.clear();
            ok = v.is_null() || r.string(v, b.referrer, "referrer");
        } else if (k == "tz") {
            ok = r.string(v, b.timeZone, "tz");
        } else if (k == "screen_width") {
            ok = r.integer(v, 0, 100'000, b.screenWidth, "screen_width");
        } else if (k == "lang") {
            ok = r.string(v, b.lang, "lang");
        } else if (k == "event_id") {
            ok = r.string(v, b.eventId, "event_id");
            if (ok && b.eventId.empty()) {
                return reject(RejectReason::InvalidValue, "event_id");
            }
        } else if (k == "user_id") {
            ok = r.string(v, b.userId, "user_id");
            if (ok && b.userId.empty()) {
                return reject(RejectReason::InvalidValue, "user_id");
            }
        } else if (k == "product") {
            ok = b.hasProduct = readProduct(r, v, b.product);
        } else if (k == "quantity") {
            ok = r.integer(v, 1, 10'000, b.quantity, "quantity");
        } else if (k == "order") {
            ok = b.hasOrder = readOrder(r, v, b.order);
        } else if (k == "element") {
            ok = r.string(v, b.element, "element");
        } else if (k == "experiment") {
            ok = b.hasExperiment = readExperiment(r, v, b.experiment);
        }
        // Fields the server sets (timestamp, ip_address, geo, device, session_id) and unknown
        // ones are ignored: a browser must not choose them, and trackers may add fields.
        if (!ok) {
            return r.failure;
        }
    }
    if (!hasType) {
        return reject(RejectReason::MissingField, "event_type");
    }
    if (!hasPage) {
        return reject(RejectReason::MissingField, "page");
    }
    if (isProductEvent(b.type) && !b.hasProduct) {
        return reject(RejectReason::MissingField, "product");
    }
    if (b.type == EventType::Purchase && !b.hasOrder) {
        return reject(RejectReason::MissingField, "order");
    }
    return {};
}

} // namespace

std::string_view BeaconVerdict::reasonName() const {
    if (tooManyEvents) {
        return "too_many_events";
    }
    if (emptyBatch) {
        return "empty_batch";
    }
    return rejectReasonName(result.reason);
}

struct BeaconDecoder::Impl {
    dom::parser parser;
};

BeaconDecoder::BeaconDecoder()
    : impl_(std::make_unique<Impl>()) {}
BeaconDecoder::~BeaconDecoder() = default;

BeaconVerdict BeaconDecoder::decode(std::string_view body, std::vector<Beacon> &out) {
    out.clear();
    BeaconVerdict verdict;
    if (body.empty()) {
        verdict.result = reject(RejectReason::Empty);
        return verdict;
    }
    if (body.size() > kMaxEventBytes) {
        verdict.result = reject(RejectReason::TooLarge);
        return verdict;
    }
    dom::element root;
    if (auto error = impl_->parser.parse(body.data(), body.size()).get(root)) {
        verdict.result = fromSimdjson(error);
        return verdict;
    }
    dom::array array;
    if (root.get_array().get(array) == simdjson::SUCCESS) {
        const std::size_t count = array.size();
        if (count == 0) {
            verdict.emptyBatch = true;
            return verdict;
        }
        if (count > kMaxBeaconsPerBatch) {
            verdict.tooManyEvents = true;
            return verdict;
        }
        out.resize(count);
        std::size_t i = 0;
        for (const auto element : array) {
            verdict.index = i;
            verdict.result = readBeacon(element, out[i]);
            if (!verdict.result.ok()) {
                return verdict;
            }
            ++i;
        }
        verdict.index = 0;
        return verdict;
    }
    out.resize(1);
    verdict.result = readBeacon(root, out[0]);
    return verdict;
}

} // namespace trackboard
