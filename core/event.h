#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trackboard {

// The order is the funnel order where it matters; kEventTypeCount sizes per-type arrays.
enum class EventType : std::uint8_t {
    PageView,
    ProductView,
    Search,
    Click,
    AddToCart,
    RemoveFromCart,
    Checkout,
    Purchase,
    Signup,
    Login,
    LoginFailed,
    Logout,
};
inline constexpr std::size_t kEventTypeCount = 12;

std::string_view eventTypeName(EventType type);
std::optional<EventType> eventTypeFromName(std::string_view name);
// Product events must carry a `product` object; everything else may omit it.
bool isProductEvent(EventType type);

// Who produced an event: the optional `source` field (docs/event-schema.md). A byte rather than
// the text, so that telling web events apart costs a consumer no string work per event.
enum class EventSource : std::uint8_t {
    Unspecified, // absent: Trackboard's simulator and most producers
    Web,         // "web": the web collector (trackboard collect)
    Other,       // any other name; only the fact that it is not "web" is kept
};
// "", "web", "other".
std::string_view eventSourceName(EventSource source);

struct Geo {
    std::string country; // ISO 3166 alpha-2
    std::string city;
    double lat = 0;
    double lon = 0;

    bool operator==(const Geo &) const = default;
};

struct Device {
    std::string type; // desktop | mobile | tablet
    std::string os;
    std::string browser;

    bool operator==(const Device &) const = default;
};

struct Product {
    std::string id;
    std::string name;
    std::string category;
    std::int64_t priceCents = 0;

    bool operator==(const Product &) const = default;
};

struct Order {
    std::string id;
    std::int64_t valueCents = 0;
    std::string currency;

    bool operator==(const Order &) const = default;
};

// An A/B experiment the user is enrolled in (docs/event-schema.md).
struct Experiment {
    std::string id;
    std::string variant;

    bool operator==(const Experiment &) const = default;
};

// One user action. Strings are reused across decodes of the same Event object, so a decoder
// that keeps one Event alive allocates only when a field grows past what it held before.
struct Event {
    std::string eventId;
    EventType type = EventType::PageView;
    std::int64_t timestampMs = 0; // Unix epoch, UTC
    std::string userId;
    std::string sessionId;
    std::string page;
    std::string referrer; // empty when absent
    std::string ipAddress;
    Geo geo;
    Device device;
    bool hasProduct = false;
    Product product;
    int quantity = 0; // 0 when absent
    bool hasOrder = false;
    Order order;
    // What a click was on: the tracker's data-track name. Empty when absent.
    std::string element;
    bool hasExperiment = false;
    Experiment experiment;
    EventSource source = EventSource::Unspecified;
    // The browser's language as a BCP 47 tag (`de-DE`), sent by the web tracker. Empty when
    // absent.
    std::string lang;

    bool operator==(const Event &) const = default;
};

// Every text member of an event, for code that must visit each one: the encoder sizes its
// room from them (core/event_encoder.cpp), and the decode helper's caller prefetches them.
// A new std::string member of Event belongs here too; the static_assert is the reminder.
inline std::array<const std::string *, 20> eventTexts(const Event &e) {
    static_assert(sizeof(Event) == 720, "Event changed: is a new text member in eventTexts()?");
    return {&e.eventId,      &e.userId,           &e.sessionId,          &e.page,
            &e.referrer,     &e.ipAddress,        &e.geo.country,        &e.geo.city,
            &e.device.type,  &e.device.os,        &e.device.browser,     &e.product.id,
            &e.product.name, &e.product.category, &e.order.id,           &e.order.currency,
            &e.element,      &e.experiment.id,    &e.experiment.variant, &e.lang};
}

} // namespace trackboard
