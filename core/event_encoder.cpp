#include "event_codec.h"
#include "json_text.h"
#include "timestamp.h"

#include <charconv>

namespace trackboard {

namespace {

// One append per key: the encoder writes about twenty keys per event.
void appendKey(std::string &out, std::string_view key) {
    char quoted[32];
    if (key.size() + 3 > sizeof quoted) {
        out.push_back('"');
        out.append(key);
        out.append("\":");
        return;
    }
    quoted[0] = '"';
    key.copy(quoted + 1, key.size());
    quoted[key.size() + 1] = '"';
    quoted[key.size() + 2] = ':';
    out.append(quoted, key.size() + 3);
}

void appendStringField(std::string &out, std::string_view key, std::string_view value) {
    appendKey(out, key);
    appendJsonString(out, value);
    out.push_back(',');
}

template <typename Number> void appendNumber(std::string &out, Number value) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, result.ptr);
}

void appendCents(std::string &out, std::int64_t cents) {
    if (cents < 0) {
        out.push_back('-');
        cents = -cents;
    }
    appendNumber(out, cents / 100);
    out.push_back('.');
    out.push_back(static_cast<char>('0' + cents % 100 / 10));
    out.push_back(static_cast<char>('0' + cents % 10));
}

void closeObject(std::string &out) {
    if (out.back() == ',') {
        out.back() = '}';
    } else {
        out.push_back('}');
    }
}

} // namespace

void encodeEvent(const Event &e, std::string &out) {
    out.push_back('{');
    appendStringField(out, "event_id", e.eventId);
    appendStringField(out, "event_type", eventTypeName(e.type));
    appendKey(out, "timestamp");
    out.push_back('"');
    appendIsoTimestamp(out, e.timestampMs);
    out.append("\",");
    appendStringField(out, "user_id", e.userId);
    appendStringField(out, "session_id", e.sessionId);
    appendStringField(out, "page", e.page);
    if (!e.referrer.empty()) {
        appendStringField(out, "referrer", e.referrer);
    }
    appendStringField(out, "ip_address", e.ipAddress);

    appendKey(out, "geo");
    out.push_back('{');
    appendStringField(out, "country", e.geo.country);
    appendStringField(out, "city", e.geo.city);
    appendKey(out, "lat");
    appendNumber(out, e.geo.lat);
    out.push_back(',');
    appendKey(out, "lon");
    appendNumber(out, e.geo.lon);
    out.append("},");

    appendKey(out, "device");
    out.push_back('{');
    appendStringField(out, "type", e.device.type);
    appendStringField(out, "os", e.device.os);
    appendStringField(out, "browser", e.device.browser);
    closeObject(out);
    out.push_back(',');

    if (e.hasProduct) {
        appendKey(out, "product");
        out.push_back('{');
        appendStringField(out, "id", e.product.id);
        appendStringField(out, "name", e.product.name);
        appendStringField(out, "category", e.product.category);
        appendKey(out, "price");
        appendCents(out, e.product.priceCents);
        out.append("},");
    }
    if (e.quantity > 0) {
        appendKey(out, "quantity");
        appendNumber(out, e.quantity);
        out.push_back(',');
    }
    if (e.hasOrder) {
        appendKey(out, "order");
        out.push_back('{');
        appendStringField(out, "id", e.order.id);
        appendKey(out, "value");
        appendCents(out, e.order.valueCents);
        out.push_back(',');
        appendStringField(out, "currency", e.order.currency);
        closeObject(out);
        out.push_back(',');
    }
    if (!e.element.empty()) {
        appendStringField(out, "element", e.element);
    }
    if (e.hasExperiment) {
        appendKey(out, "experiment");
        out.push_back('{');
        appendStringField(out, "id", e.experiment.id);
        appendStringField(out, "variant", e.experiment.variant);
        closeObject(out);
        out.push_back(',');
    }
    if (e.source != EventSource::Unspecified) {
        appendStringField(out, "source", eventSourceName(e.source));
    }
    if (!e.lang.empty()) {
        appendStringField(out, "lang", e.lang);
    }
    closeObject(out);
}

} // namespace trackboard
