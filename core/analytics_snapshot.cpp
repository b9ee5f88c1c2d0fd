#include "analytics_snapshot.h"

namespace trackboard {

std::int64_t AnalyticsSnapshot::revenueCents(std::string_view currency) const {
    for (const auto &amount : revenue) {
        if (amount.currency == currency) {
            return amount.cents;
        }
    }
    return 0;
}

std::int64_t AnalyticsSnapshot::totalRevenueCents() const {
    std::int64_t total = 0;
    for (const auto &amount : revenue) {
        total += amount.cents;
    }
    return total;
}

double AnalyticsSnapshot::conversionRate() const {
    const auto viewers = funnelUsers.front();
    return viewers == 0 ? 0.0 : static_cast<double>(funnelUsers.back()) / double(viewers);
}

std::int64_t AnalyticsSnapshot::averageOrderValueCents() const {
    return orders == 0 ? 0 : totalRevenueCents() / static_cast<std::int64_t>(orders);
}

} // namespace trackboard
