#include "metric_definition.h"

#include "text_hash.h"

#include <algorithm>
#include <array>

namespace trackboard {

namespace {

// Page metrics count paths: the query string carries campaigns, not a different page.
std::string_view pagePath(std::string_view page) {
    return page.substr(0, std::min(page.find('?'), page.find('#')));
}

constexpr std::array kFields = {
    MetricField{"event_type", [](const Event &e) { return eventTypeName(e.type); }, true},
    MetricField{"page", [](const Event &e) { return pagePath(e.page); }, true},
    MetricField{"referrer", [](const Event &e) { return std::string_view(e.referrer); }, true},
    MetricField{"user_id", [](const Event &e) { return std::string_view(e.userId); }, false},
    MetricField{"geo.country", [](const Event &e) { return std::string_view(e.geo.country); },
                true},
    MetricField{"geo.city", [](const Event &e) { return std::string_view(e.geo.city); }, true},
    MetricField{"device.type", [](const Event &e) { return std::string_view(e.device.type); },
                true},
    MetricField{"device.os", [](const Event &e) { return std::string_view(e.device.os); }, true},
    MetricField{"device.browser", [](const Event &e) { return std::string_view(e.device.browser); },
                true},
    MetricField{"product.id", [](const Event &e) { return std::string_view(e.product.id); }, true},
    MetricField{"product.name", [](const Event &e) { return std::string_view(e.product.name); },
                true},
    MetricField{"product.category",
                [](const Event &e) { return std::string_view(e.product.category); }, true},
    MetricField{"order.currency", [](const Event &e) { return std::string_view(e.order.currency); },
                true},
    MetricField{"element", [](const Event &e) { return std::string_view(e.element); }, true},
    MetricField{"experiment.id", [](const Event &e) { return std::string_view(e.experiment.id); },
                true},
    MetricField{"experiment.variant",
                [](const Event &e) { return std::string_view(e.experiment.variant); }, true},
    // Checkpoints name fields by their index here: new fields go at the end.
    MetricField{"source", [](const Event &e) { return eventSourceName(e.source); }, true},
    MetricField{"lang", [](const Event &e) { return std::string_view(e.lang); }, true},
};

constexpr std::array<std::string_view, 4> kSumNames = {"events", "order.value", "product.price",
                                                       "quantity"};

void mix(std::uint64_t &h, std::uint64_t v) {
    h = mixHash(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

} // namespace

std::span<const MetricField> metricFields() {
    return kFields;
}

int metricFieldIndex(std::string_view name) {
    for (std::size_t i = 0; i < kFields.size(); ++i) {
        if (kFields[i].name == name) {
            return int(i);
        }
    }
    return -1;
}

std::string_view metricSumName(MetricSum sum) {
    return kSumNames[std::size_t(sum)];
}

std::optional<MetricSum> metricSumFromName(std::string_view name) {
    for (std::size_t i = 1; i < kSumNames.size(); ++i) { // "events" is what `count` means
        if (kSumNames[i] == name) {
            return MetricSum(i);
        }
    }
    return std::nullopt;
}

bool metricSumIsMoney(MetricSum sum) {
    return sum == MetricSum::OrderValue || sum == MetricSum::ProductPrice;
}

bool isMetricWindow(int minutes) {
    return minutes == 0 || minutes == 1 || minutes == 5 || minutes == 15 || minutes == 60;
}

bool MetricDefinition::matches(const Event &e) const {
    if (!anyEventType && e.type != eventType) {
        return false;
    }
    return std::all_of(where.begin(), where.end(),
                       [&e](const MetricFilter &f) { return kFields[f.field].read(e) == f.value; });
}

std::string_view MetricDefinition::windowName() const {
    switch (windowMinutes) {
    case 1:
        return "1m";
    case 5:
        return "5m";
    case 15:
        return "15m";
    case 60:
        return "60m";
    default:
        return "all";
    }
}

std::string validateMetricDefinition(MetricDefinition &d) {
    const bool nameOk =
        !d.name.empty() && d.name.size() <= MetricDefinition::kMaxNameLength &&
        std::all_of(d.name.begin(), d.name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
    if (!nameOk) {
        return "name must be 1 to 64 characters of a-z, 0-9, _ and -";
    }
    if (d.title.size() > MetricDefinition::kMaxTextLength) {
        return "title is longer than 200 characters";
    }
    if (d.where.size() > MetricDefinition::kMaxFilters) {
        return "too many where conditions (at most 8)";
    }
    for (const MetricFilter &f : d.where) {
        if (f.field >= kFields.size() || f.value.size() > MetricDefinition::kMaxTextLength) {
            return "bad where condition";
        }
    }
    if (d.groupBy != MetricDefinition::kNoGroup &&
        (d.groupBy < 0 || std::size_t(d.groupBy) >= kFields.size())) {
        return "unknown group_by field";
    }
    if (d.groupBy != MetricDefinition::kNoGroup && !kFields[std::size_t(d.groupBy)].groupable) {
        return "group_by " + std::string(kFields[std::size_t(d.groupBy)].name) +
               " is not allowed: its values are unbounded";
    }
    if (!isMetricWindow(d.windowMinutes)) {
        return "window must be 1m, 5m, 15m, 60m or all";
    }
    if (d.maxGroups < 1 || d.maxGroups > MetricDefinition::kMaxGroups) {
        return "too many groups: max_groups must be 1 to 500";
    }
    if (std::size_t(d.eventType) >= kEventTypeCount || std::size_t(d.sum) >= kSumNames.size()) {
        return "bad event type or sum";
    }
    std::uint64_t h = hashText(d.name);
    mix(h, d.anyEventType ? 0xff : std::uint64_t(d.eventType));
    mix(h, std::uint64_t(d.sum));
    for (const MetricFilter &f : d.where) {
        mix(h, f.field);
        mix(h, hashText(f.value));
    }
    mix(h, std::uint64_t(std::int64_t(d.groupBy)));
    mix(h, d.maxGroups);
    d.fingerprint = h;
    return {};
}

} // namespace trackboard
