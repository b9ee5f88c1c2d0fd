#pragma once

#include "event.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

// An event field a metric file may name (docs/analytics.md, "Custom metrics"). Reading one is
// a function pointer from a table, so adding a field is one line in metric_definition.cpp.
struct MetricField {
    std::string_view name; // as written in the file: "geo.country"
    std::string_view (*read)(const Event &);
    bool groupable; // false for unbounded values (user_id): a group per user has no cap worth it
};
std::span<const MetricField> metricFields();
// Index into metricFields(), or -1.
int metricFieldIndex(std::string_view name);

// What a metric adds up: events, or a numeric field of each matching event.
enum class MetricSum : std::uint8_t { Events, OrderValue, ProductPrice, Quantity };
std::string_view metricSumName(MetricSum sum); // "events", "order.value", ...
std::optional<MetricSum> metricSumFromName(std::string_view name);
bool metricSumIsMoney(MetricSum sum); // in cents: reported as currency units

struct MetricFilter {
    std::uint8_t field = 0; // index into metricFields()
    std::string value;
    bool operator==(const MetricFilter &) const = default;
};

// One metric of the file, validated. Immutable once built: shared by every partition.
struct MetricDefinition {
    static constexpr std::size_t kMaxFilters = 8;
    static constexpr std::size_t kDefaultGroups = 50;
    static constexpr std::size_t kMaxGroups = 500;
    static constexpr std::size_t kMaxNameLength = 64;
    static constexpr std::size_t kMaxTextLength = 200;
    static constexpr int kNoGroup = -1;

    std::string name;
    std::string title;
    bool anyEventType = true;
    EventType eventType = EventType::PageView; // when !anyEventType
    MetricSum sum = MetricSum::Events;
    std::vector<MetricFilter> where;
    int groupBy = kNoGroup; // index into metricFields()
    int windowMinutes = 0;  // 1, 5, 15, 60, or 0 for all time
    std::size_t maxGroups = kDefaultGroups;
    int line = 0; // in its file, for messages
    // Of everything that decides what is counted (name included, title and window not): a
    // reload keeps the counts of a metric whose fingerprint is unchanged.
    std::uint64_t fingerprint = 0;

    bool matches(const Event &e) const;
    std::string_view windowName() const; // "5m", "all"
    bool operator==(const MetricDefinition &) const = default;
};

// Fills in the fingerprint; empty when the definition is valid, else the problem.
std::string validateMetricDefinition(MetricDefinition &d);
bool isMetricWindow(int minutes);

// A whole file's metrics.
struct MetricDefinitionSet {
    static constexpr std::size_t kMaxMetrics = 32;
    std::string source; // the file it came from
    std::vector<MetricDefinition> metrics;
};
using MetricDefinitions = std::shared_ptr<const MetricDefinitionSet>;

} // namespace trackboard
