#include "event.h"

namespace trackboard {

namespace {
constexpr std::array<std::string_view, kEventTypeCount> kNames = {
    "page_view", "product_view", "search", "click", "add_to_cart",  "remove_from_cart",
    "checkout",  "purchase",     "signup", "login", "login_failed", "logout",
};
} // namespace

std::string_view eventTypeName(EventType type) {
    return kNames[static_cast<std::size_t>(type)];
}

std::optional<EventType> eventTypeFromName(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            return static_cast<EventType>(i);
        }
    }
    return std::nullopt;
}

std::string_view eventSourceName(EventSource source) {
    switch (source) {
    case EventSource::Web:
        return "web";
    case EventSource::Other:
        return "other";
    case EventSource::Unspecified:
        break;
    }
    return {};
}

bool isProductEvent(EventType type) {
    switch (type) {
    case EventType::ProductView:
    case EventType::AddToCart:
    case EventType::RemoveFromCart:
    case EventType::Purchase:
        return true;
    default:
        return false;
    }
}

} // namespace trackboard
