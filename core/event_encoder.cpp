#include "event_codec.h"
#include "json_text.h"
#include "timestamp.h"

#include <charconv>
#include <cstring>
#include <vector>

namespace trackboard {

namespace {

// Room for any number the encoder writes: an int64 takes at most 20 characters, a double in
// its shortest form at most 24.
constexpr std::size_t kNumberRoom = 32;
// Room for everything but the strings' own bytes: about 30 keys with their quotes, colons,
// commas and braces (under 400 bytes), five numbers and the timestamp.
constexpr std::size_t kFixedRoom = 1024;

// The most an event can encode to: kFixedRoom, and every string escaped at its worst.
std::size_t encodedBound(const Event &e) {
    std::size_t bound = kFixedRoom + jsonStringBound(eventTypeName(e.type).size()) +
                        jsonStringBound(eventSourceName(e.source).size());
    for (const std::string *text : eventTexts(e)) {
        bound += jsonStringBound(text->size());
    }
    return bound;
}

// Writes into room sized beforehand by encodedBound(), so every key and punctuation mark is a
// store of known length. Appending to the std::string instead called into the library and
// memcpy about fifty times an event: a third of the producer thread's samples in a profile
// of `demo --rate 150000` (docs/performance.md).
class Writer {
public:
    explicit Writer(char *at)
        : p_(at) {}

    char *end() const { return p_; }
    void put(char c) { *p_++ = c; }
    template <std::size_t N> void raw(const char (&text)[N]) {
        std::memcpy(p_, text, N - 1);
        p_ += N - 1;
    }
    template <std::size_t N> void key(const char (&name)[N]) {
        put('"');
        raw(name);
        raw("\":");
    }
    void string(std::string_view text) { p_ = writeJsonString(p_, text); }
    template <std::size_t N> void stringField(const char (&name)[N], std::string_view value) {
        key(name);
        string(value);
        put(',');
    }
    template <typename Number> void number(Number value) {
        p_ = std::to_chars(p_, p_ + kNumberRoom, value).ptr;
    }
    void cents(std::int64_t cents) {
        if (cents < 0) {
            put('-');
            cents = -cents;
        }
        number(cents / 100);
        put('.');
        put(static_cast<char>('0' + cents % 100 / 10));
        put(static_cast<char>('0' + cents % 10));
    }
    void timestamp(std::int64_t unixMs) { p_ = writeIsoTimestamp(p_, unixMs); }
    // Ends an object whose last member left its comma.
    void closeObject() {
        if (p_[-1] == ',') {
            p_[-1] = '}';
        } else {
            put('}');
        }
    }

private:
    char *p_;
};

void writeEvent(Writer &w, const Event &e) {
    w.put('{');
    w.stringField("event_id", e.eventId);
    w.stringField("event_type", eventTypeName(e.type));
    w.key("timestamp");
    w.put('"');
    w.timestamp(e.timestampMs);
    w.raw("\",");
    w.stringField("user_id", e.userId);
    w.stringField("session_id", e.sessionId);
    w.stringField("page", e.page);
    if (!e.referrer.empty()) {
        w.stringField("referrer", e.referrer);
    }
    w.stringField("ip_address", e.ipAddress);

    w.key("geo");
    w.put('{');
    w.stringField("country", e.geo.country);
    w.stringField("city", e.geo.city);
    w.key("lat");
    w.number(e.geo.lat);
    w.put(',');
    w.key("lon");
    w.number(e.geo.lon);
    w.raw("},");

    w.key("device");
    w.put('{');
    w.stringField("type", e.device.type);
    w.stringField("os", e.device.os);
    w.stringField("browser", e.device.browser);
    w.closeObject();
    w.put(',');

    if (e.hasProduct) {
        w.key("product");
        w.put('{');
        w.stringField("id", e.product.id);
        w.stringField("name", e.product.name);
        w.stringField("category", e.product.category);
        w.key("price");
        w.cents(e.product.priceCents);
        w.raw("},");
    }
    if (e.quantity > 0) {
        w.key("quantity");
        w.number(e.quantity);
        w.put(',');
    }
    if (e.hasOrder) {
        w.key("order");
        w.put('{');
        w.stringField("id", e.order.id);
        w.key("value");
        w.cents(e.order.valueCents);
        w.put(',');
        w.stringField("currency", e.order.currency);
        w.closeObject();
        w.put(',');
    }
    if (!e.element.empty()) {
        w.stringField("element", e.element);
    }
    if (e.hasExperiment) {
        w.key("experiment");
        w.put('{');
        w.stringField("id", e.experiment.id);
        w.stringField("variant", e.experiment.variant);
        w.closeObject();
        w.put(',');
    }
    if (e.source != EventSource::Unspecified) {
        w.stringField("source", eventSourceName(e.source));
    }
    if (!e.lang.empty()) {
        w.stringField("lang", e.lang);
    }
    w.closeObject();
}

} // namespace

void encodeEvent(const Event &e, std::string &out) {
    // Written here first and appended in one copy: sizing `out` to the bound instead would
    // zero the bound's bytes (about 3 KiB) for every event, which cost more than the writes.
    // The room keeps the largest bound met: about 400 KiB for the largest event a decoder
    // accepts (64 KiB, every byte escaped), and 3 KiB for a simulated one.
    thread_local std::vector<char> room;
    const std::size_t bound = encodedBound(e);
    if (room.size() < bound) {
        room.resize(bound);
    }
    Writer w(room.data());
    writeEvent(w, e);
    out.append(room.data(), w.end());
}

} // namespace trackboard
