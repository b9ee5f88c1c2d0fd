#include "event_codec.h"
#include "timestamp.h"

#include "event_json_reader.h"

#include <cmath>

namespace trackboard {

using namespace event_json;

namespace {

constexpr std::array<std::string_view, kRejectReasonCount> kReasonNames = {
    "none",          "empty",         "too_large",          "invalid_utf8",       "malformed_json",
    "not_an_object", "missing_field", "wrong_type",         "unknown_event_type", "bad_timestamp",
    "invalid_value", "empty_key",     "duplicate_event_id",
};

} // namespace

std::string_view rejectReasonName(RejectReason reason) {
    return kReasonNames[static_cast<std::size_t>(reason)];
}

struct EventDecoder::Impl {
    od::parser parser;
    std::string padded;
};

EventDecoder::EventDecoder()
    : impl_(std::make_unique<Impl>()) {}
EventDecoder::~EventDecoder() = default;

DecodeResult EventDecoder::decode(std::string_view json, Event &e) {
    if (json.empty()) {
        return reject(RejectReason::Empty);
    }
    if (json.size() > kMaxEventBytes) {
        return reject(RejectReason::TooLarge);
    }
    auto &buf = impl_->padded;
    buf.assign(json);
    buf.append(simdjson::SIMDJSON_PADDING, '\0');

    od::document doc;
    if (auto error = impl_->parser.iterate(buf.data(), json.size(), buf.size()).get(doc)) {
        return fromSimdjson(error, {});
    }
    od::object root;
    if (auto error = doc.get_object().get(root)) {
        return error == simdjson::INCORRECT_TYPE ? reject(RejectReason::NotAnObject)
                                                 : fromSimdjson(error, {});
    }

    enum : std::uint32_t {
        kId = 1,
        kType = 2,
        kTime = 4,
        kUser = 8,
        kSession = 16,
        kPage = 32,
        kIp = 64,
        kGeo = 128,
        kDevice = 256,
    };
    std::uint32_t seen = 0;
    e.referrer.clear();
    e.hasProduct = false;
    e.hasOrder = false;
    e.quantity = 0;
    e.element.clear();
    e.hasExperiment = false;
    e.source = EventSource::Unspecified;
    e.lang.clear();
    Reader r;

    const bool fieldsOk = forEachField(r, root, [&](FieldKey &key, od::value v) {
        if (key.is("event_id")) {
            seen |= kId;
            return r.string(v, e.eventId, "event_id");
        }
        if (key.is("event_type")) {
            seen |= kType;
            std::string_view name;
            if (auto error = v.get_string().get(name)) {
                return r.fail(fromSimdjson(error, "event_type"));
            }
            const auto type = eventTypeFromName(name);
            if (!type) {
                return r.fail(reject(RejectReason::UnknownEventType, "event_type"));
            }
            e.type = *type;
            return true;
        }
        if (key.is("timestamp")) {
            seen |= kTime;
            std::string_view text;
            if (auto error = v.get_string().get(text)) {
                return r.fail(fromSimdjson(error, "timestamp"));
            }
            const auto ms = parseIsoTimestampMs(text);
            if (!ms) {
                return r.fail(reject(RejectReason::BadTimestamp, "timestamp"));
            }
            e.timestampMs = *ms;
            return true;
        }
        if (key.is("user_id")) {
            seen |= kUser;
            return r.string(v, e.userId, "user_id");
        }
        if (key.is("session_id")) {
            seen |= kSession;
            return r.string(v, e.sessionId, "session_id");
        }
        if (key.is("page")) {
            seen |= kPage;
            return r.string(v, e.page, "page");
        }
        if (key.is("referrer")) {
            // is_null() fails on an atom like `nul`; converting that result to bool would throw.
            bool isNull = false;
            if (auto error = v.is_null().get(isNull)) {
                return r.fail(fromSimdjson(error, "referrer"));
            }
            return isNull || r.string(v, e.referrer, "referrer");
        }
        if (key.is("ip_address")) {
            seen |= kIp;
            return r.string(v, e.ipAddress, "ip_address");
        }
        if (key.is("geo")) {
            od::object geo;
            std::uint32_t geoSeen = 0;
            const bool ok =
                r.object(v, geo, "geo") && forEachField(r, geo, [&](FieldKey &k, od::value g) {
                    if (k.is("country")) {
                        geoSeen |= 1;
                        return r.string(g, e.geo.country, "geo.country");
                    }
                    if (k.is("city")) {
                        geoSeen |= 2;
                        return r.string(g, e.geo.city, "geo.city");
                    }
                    if (k.is("lat")) {
                        geoSeen |= 4;
                        return r.number(g, e.geo.lat, "geo.lat");
                    }
                    if (k.is("lon")) {
                        geoSeen |= 8;
                        return r.number(g, e.geo.lon, "geo.lon");
                    }
                    return k.unmatched();
                });
            if (ok && geoSeen != 15) {
                return r.fail(reject(RejectReason::MissingField, "geo"));
            }
            if (ok && std::abs(e.geo.lat) > 90) {
                return r.fail(reject(RejectReason::InvalidValue, "geo.lat"));
            }
            if (ok && std::abs(e.geo.lon) > 180) {
                return r.fail(reject(RejectReason::InvalidValue, "geo.lon"));
            }
            seen |= kGeo;
            return ok;
        }
        if (key.is("device")) {
            od::object device;
            std::uint32_t deviceSeen = 0;
            const bool ok = r.object(v, device, "device") &&
                            forEachField(r, device, [&](FieldKey &k, od::value d) {
                                if (k.is("type")) {
                                    deviceSeen |= 1;
                                    return r.string(d, e.device.type, "device.type");
                                }
                                if (k.is("os")) {
                                    deviceSeen |= 2;
                                    return r.string(d, e.device.os, "device.os");
                                }
                                if (k.is("browser")) {
                                    deviceSeen |= 4;
                                    return r.string(d, e.device.browser, "device.browser");
                                }
                                return k.unmatched();
                            });
            if (ok && deviceSeen != 7) {
                return r.fail(reject(RejectReason::MissingField, "device"));
            }
            seen |= kDevice;
            return ok;
        }
        if (key.is("product")) {
            od::object product;
            std::uint32_t productSeen = 0;
            const bool ok = r.object(v, product, "product") &&
                            forEachField(r, product, [&](FieldKey &k, od::value p) {
                                if (k.is("id")) {
                                    productSeen |= 1;
                                    return r.string(p, e.product.id, "product.id");
                                }
                                if (k.is("name")) {
                                    productSeen |= 2;
                                    return r.string(p, e.product.name, "product.name");
                                }
                                if (k.is("category")) {
                                    productSeen |= 4;
                                    return r.string(p, e.product.category, "product.category");
                                }
                                if (k.is("price")) {
                                    productSeen |= 8;
                                    return r.cents(p, e.product.priceCents, "product.price");
                                }
                                return k.unmatched();
                            });
            if (ok && productSeen != 15) {
                return r.fail(reject(RejectReason::MissingField, "product"));
            }
            e.hasProduct = ok;
            return ok;
        }
        if (key.is("quantity")) {
            std::int64_t quantity = 0;
            if (auto error = v.get_int64().get(quantity)) {
                return r.fail(fromSimdjson(error, "quantity"));
            }
            if (quantity < 1 || quantity > 10'000) {
                return r.fail(reject(RejectReason::InvalidValue, "quantity"));
            }
            e.quantity = static_cast<int>(quantity);
            return true;
        }
        if (key.is("order")) {
            od::object order;
            std::uint32_t orderSeen = 0;
            const bool ok = r.object(v, order, "order") &&
                            forEachField(r, order, [&](FieldKey &k, od::value o) {
                                if (k.is("id")) {
                                    orderSeen |= 1;
                                    return r.string(o, e.order.id, "order.id");
                                }
                                if (k.is("value")) {
                                    orderSeen |= 2;
                                    return r.cents(o, e.order.valueCents, "order.value");
                                }
                                if (k.is("currency")) {
                                    orderSeen |= 4;
                                    return r.string(o, e.order.currency, "order.currency");
                                }
                                return k.unmatched();
                            });
            if (ok && orderSeen != 7) {
                return r.fail(reject(RejectReason::MissingField, "order"));
            }
            e.hasOrder = ok;
            return ok;
        }
        if (key.is("element")) {
            return r.string(v, e.element, "element");
        }
        if (key.is("experiment")) {
            od::object experiment;
            std::uint32_t experimentSeen = 0;
            const bool ok = r.object(v, experiment, "experiment") &&
                            forEachField(r, experiment, [&](FieldKey &k, od::value x) {
                                if (k.is("id")) {
                                    experimentSeen |= 1;
                                    return r.string(x, e.experiment.id, "experiment.id");
                                }
                                if (k.is("variant")) {
                                    experimentSeen |= 2;
                                    return r.string(x, e.experiment.variant, "experiment.variant");
                                }
                                return k.unmatched();
                            });
            if (ok && experimentSeen != 3) {
                return r.fail(reject(RejectReason::MissingField, "experiment"));
            }
            // Results are grouped by id and variant: a nameless group would be counted under
            // nothing a reader could recognise.
            if (ok && (e.experiment.id.empty() || e.experiment.variant.empty())) {
                return r.fail(reject(RejectReason::InvalidValue, e.experiment.id.empty()
                                                                     ? "experiment.id"
                                                                     : "experiment.variant"));
            }
            e.hasExperiment = ok;
            return ok;
        }
        if (key.is("source")) {
            std::string_view name;
            if (auto error = v.get_string().get(name)) {
                return r.fail(fromSimdjson(error, "source"));
            }
            e.source = name.empty()    ? EventSource::Unspecified
                       : name == "web" ? EventSource::Web
                                       : EventSource::Other;
            return true;
        }
        if (key.is("lang")) {
            return r.string(v, e.lang, "lang");
        }
        return key
            .unmatched(); // unknown fields are allowed so that producers can extend the schema
    });
    if (!fieldsOk) {
        return r.failure;
    }
    // Anything after the root object ("{...} trailing") makes the message malformed.
    const char *trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
        return reject(RejectReason::MalformedJson);
    }

    static constexpr std::array<std::pair<std::uint32_t, std::string_view>, 9> kRequired = {{
        {kId, "event_id"},
        {kType, "event_type"},
        {kTime, "timestamp"},
        {kUser, "user_id"},
        {kSession, "session_id"},
        {kPage, "page"},
        {kIp, "ip_address"},
        {kGeo, "geo"},
        {kDevice, "device"},
    }};
    for (const auto &[bit, name] : kRequired) {
        if (!(seen & bit)) {
            return reject(RejectReason::MissingField, name);
        }
    }
    if (e.eventId.empty() || e.userId.empty()) {
        return reject(RejectReason::InvalidValue, e.eventId.empty() ? "event_id" : "user_id");
    }
    if (isProductEvent(e.type) && !e.hasProduct) {
        return reject(RejectReason::MissingField, "product");
    }
    if (e.type == EventType::Purchase && !e.hasOrder) {
        return reject(RejectReason::MissingField, "order");
    }
    return {};
}

} // namespace trackboard
