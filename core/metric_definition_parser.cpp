#include "metric_definition_parser.h"

#include <yaml-cpp/yaml.h>

#include <set>

namespace trackboard {

namespace {

// A problem at a place in the file: thrown inside the parser only, caught below.
struct MetricFileError {
    int line;
    std::string what;
};

[[noreturn]] void fail(const YAML::Node &at, std::string what) {
    throw MetricFileError{at.Mark().line + 1, std::move(what)};
}

std::string scalar(const YAML::Node &node, const char *key) {
    if (!node.IsScalar()) {
        fail(node, std::string(key) + " must be a single value");
    }
    return node.Scalar();
}

int parseWindow(const YAML::Node &node) {
    const std::string text = scalar(node, "window");
    for (const auto &[name, minutes] :
         {std::pair{"1m", 1}, std::pair{"5m", 5}, std::pair{"15m", 15}, std::pair{"60m", 60},
          std::pair{"all", 0}}) {
        if (text == name) {
            return minutes;
        }
    }
    fail(node, "bad window '" + text + "': use 1m, 5m, 15m, 60m or all");
}

int parseField(const YAML::Node &node, const std::string &name, const char *what) {
    const int index = metricFieldIndex(name);
    if (index < 0) {
        std::string known;
        for (const MetricField &f : metricFields()) {
            known += (known.empty() ? "" : ", ") + std::string(f.name);
        }
        fail(node, "unknown field '" + name + "' in " + what + " (known: " + known + ")");
    }
    return index;
}

MetricDefinition parseMetric(const YAML::Node &node) {
    if (!node.IsMap()) {
        fail(node, "each metric must be a map of name, count, where, group_by, window...");
    }
    MetricDefinition d;
    d.line = node.Mark().line + 1;
    bool hasCount = false;
    for (const auto &entry : node) {
        const std::string key = entry.first.Scalar();
        const YAML::Node &value = entry.second;
        if (key == "name") {
            d.name = scalar(value, "name");
        } else if (key == "title") {
            d.title = scalar(value, "title");
        } else if (key == "count") {
            const std::string type = scalar(value, "count");
            hasCount = true;
            if (type != "any") {
                const auto parsed = eventTypeFromName(type);
                if (!parsed) {
                    fail(value, "unknown event type '" + type + "' in count");
                }
                d.anyEventType = false;
                d.eventType = *parsed;
            }
        } else if (key == "sum") {
            const std::string field = scalar(value, "sum");
            const auto sum = metricSumFromName(field);
            if (!sum) {
                fail(value,
                     "cannot sum '" + field + "': use order.value, product.price or quantity");
            }
            d.sum = *sum;
        } else if (key == "where") {
            if (!value.IsMap()) {
                fail(value, "where must be a map of field: value");
            }
            for (const auto &condition : value) {
                const std::string field = condition.first.Scalar();
                d.where.push_back({std::uint8_t(parseField(condition.first, field, "where")),
                                   scalar(condition.second, "a where value")});
            }
        } else if (key == "group_by") {
            d.groupBy = parseField(value, scalar(value, "group_by"), "group_by");
        } else if (key == "window") {
            d.windowMinutes = parseWindow(value);
        } else if (key == "max_groups") {
            const std::string text = scalar(value, "max_groups");
            std::size_t used = 0;
            long n = 0;
            try {
                n = std::stol(text, &used);
            } catch (const std::exception &) {
                used = 0;
            }
            if (used != text.size() || n < 1 || n > long(MetricDefinition::kMaxGroups)) {
                fail(value, "too many groups: max_groups must be 1 to 500, got '" + text + "'");
            }
            d.maxGroups = std::size_t(n);
        } else {
            fail(entry.first, "unknown key '" + key +
                                  "' (known: name, title, count, sum, where, "
                                  "group_by, window, max_groups)");
        }
    }
    if (d.name.empty()) {
        fail(node, "a metric needs a name");
    }
    if (!hasCount) {
        fail(node, "metric " + d.name + " needs count: an event type, or any");
    }
    if (d.title.empty()) {
        d.title = d.name;
    }
    if (std::string why = validateMetricDefinition(d); !why.empty()) {
        fail(node, "metric " + d.name + ": " + why);
    }
    return d;
}

} // namespace

bool parseMetricDefinitions(std::string_view text, const std::string &source,
                            MetricDefinitions &out, std::string &error) {
    auto set = std::make_shared<MetricDefinitionSet>();
    set->source = source;
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        if (!root.IsMap() || !root["metrics"]) {
            fail(root, "expected a map with a 'metrics' list");
        }
        for (const auto &entry : root) {
            if (entry.first.Scalar() != "metrics") {
                fail(entry.first, "unknown key '" + entry.first.Scalar() + "' (expected metrics)");
            }
        }
        const YAML::Node metrics = root["metrics"];
        if (!metrics.IsSequence() && !metrics.IsNull()) {
            fail(metrics, "metrics must be a list");
        }
        std::set<std::string> names;
        for (const auto &node : metrics) {
            if (set->metrics.size() == MetricDefinitionSet::kMaxMetrics) {
                fail(node, "too many metrics (at most 32)");
            }
            MetricDefinition d = parseMetric(node);
            if (!names.insert(d.name).second) {
                fail(node, "duplicate metric name '" + d.name + "'");
            }
            set->metrics.push_back(std::move(d));
        }
    } catch (const MetricFileError &e) {
        error = source + ":" + std::to_string(e.line) + ": " + e.what;
        return false;
    } catch (const YAML::Exception &e) {
        error = source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
        return false;
    }
    out = std::move(set);
    return true;
}

} // namespace trackboard
