#include "user_agent_parser.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <array>

namespace trackboard {

// One uap-core entry: the regex and its optional replacements, each of which may refer to
// capture groups as $1..$9.
struct UserAgentParser::Rule {
    std::unique_ptr<re2::RE2> regex;
    std::string first; // family_replacement / os_replacement / device_replacement
    std::string brand; // brand_replacement (device rules)
    std::string model; // model_replacement (device rules)
    bool hasFirst = false;
    bool hasBrand = false;
    bool hasModel = false;
};

namespace {

constexpr int kMaxGroups = 9;
using Groups = std::array<std::string, kMaxGroups + 1>; // [0] unused, $1..$9

// Substitutes $1..$9 in `pattern` with the captured groups, then trims, as the uap-core
// specification asks.
std::string expand(const std::string &pattern, const Groups &groups) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] >= '1' &&
            pattern[i + 1] <= '9') {
            out += groups[std::size_t(pattern[i + 1] - '0')];
            ++i;
        } else {
            out += pattern[i];
        }
    }
    const auto begin = out.find_first_not_of(' ');
    if (begin == std::string::npos) {
        return {};
    }
    return out.substr(begin, out.find_last_not_of(' ') - begin + 1);
}

// Matches `rule` anywhere in `text`; fills the capture groups (empty when a group took no part).
bool match(const UserAgentParser::Rule &rule, std::string_view text, Groups &groups) {
    const int count = std::min(rule.regex->NumberOfCapturingGroups(), kMaxGroups);
    std::array<re2::StringPiece, kMaxGroups + 1> pieces;
    if (!rule.regex->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                           re2::RE2::UNANCHORED, pieces.data(), count + 1)) {
        return false;
    }
    for (int i = 1; i <= kMaxGroups; ++i) {
        groups[std::size_t(i)] =
            i <= count ? std::string(pieces[std::size_t(i)].data(), pieces[std::size_t(i)].size())
                       : std::string();
    }
    return true;
}

std::string firstOr(const UserAgentParser::Rule &rule, const Groups &groups) {
    return rule.hasFirst ? expand(rule.first, groups) : expand("$1", groups);
}

} // namespace

UserAgentParser::UserAgentParser() = default;
UserAgentParser::~UserAgentParser() = default;

bool UserAgentParser::load(const std::string &path, std::string &error) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::Exception &e) {
        error = "cannot read " + path + ": " + e.what();
        return false;
    }
    const auto readList = [&](const char *name, const char *firstKey,
                              std::vector<Rule> &out) -> bool {
        const YAML::Node list = root[name];
        if (!list || !list.IsSequence()) {
            error = path + " has no " + name + " list";
            return false;
        }
        for (const auto &entry : list) {
            re2::RE2::Options options;
            options.set_log_errors(false);
            // A few device rules are large alternations; RE2's default 8 MiB is too small.
            options.set_max_mem(64 << 20);
            if (entry["regex_flag"] && entry["regex_flag"].as<std::string>() == "i") {
                options.set_case_sensitive(false);
            }
            Rule rule;
            rule.regex = std::make_unique<re2::RE2>(entry["regex"].as<std::string>(), options);
            if (!rule.regex->ok()) {
                ++skipped_;
                continue;
            }
            if (const auto node = entry[firstKey]) {
                rule.first = node.as<std::string>();
                rule.hasFirst = true;
            }
            if (const auto node = entry["brand_replacement"]) {
                rule.brand = node.as<std::string>();
                rule.hasBrand = true;
            }
            if (const auto node = entry["model_replacement"]) {
                rule.model = node.as<std::string>();
                rule.hasModel = true;
            }
            out.push_back(std::move(rule));
        }
        return true;
    };
    try {
        return readList("user_agent_parsers", "family_replacement", browserRules_) &&
               readList("os_parsers", "os_replacement", osRules_) &&
               readList("device_parsers", "device_replacement", deviceRules_);
    } catch (const YAML::Exception &e) {
        error = "cannot read " + path + ": " + e.what();
        return false;
    }
}

std::size_t UserAgentParser::ruleCount() const {
    return browserRules_.size() + osRules_.size() + deviceRules_.size();
}

UserAgentInfo UserAgentParser::parse(std::string_view userAgent) const {
    UserAgentInfo info;
    Groups groups;
    for (const auto &rule : browserRules_) {
        if (match(rule, userAgent, groups)) {
            if (auto family = firstOr(rule, groups); !family.empty()) {
                info.browser = std::move(family);
            }
            break;
        }
    }
    for (const auto &rule : osRules_) {
        if (match(rule, userAgent, groups)) {
            if (auto family = firstOr(rule, groups); !family.empty()) {
                info.os = std::move(family);
            }
            break;
        }
    }
    for (const auto &rule : deviceRules_) {
        if (match(rule, userAgent, groups)) {
            if (auto family = firstOr(rule, groups); !family.empty()) {
                info.device = std::move(family);
            }
            info.brand = rule.hasBrand ? expand(rule.brand, groups) : std::string();
            info.model = rule.hasModel ? expand(rule.model, groups) : expand("$1", groups);
            break;
        }
    }
    return info;
}

} // namespace trackboard
