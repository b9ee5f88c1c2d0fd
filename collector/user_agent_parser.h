#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace trackboard {

// What uap-core says about a User-Agent: families only, "Other" when no rule matched.
struct UserAgentInfo {
    std::string browser = "Other";
    std::string os = "Other";
    std::string device = "Other";
    std::string brand;
    std::string model;

    bool operator==(const UserAgentInfo &) const = default;
};

// The uap-core rules (Debian's /usr/share/uap-core/regexes.yaml) compiled with RE2, which
// guarantees linear-time matching on hostile input, unlike backtracking engines. Matching tries
// up to about 1,160 regexes, so callers keep results in a UserAgentCache. Immutable after
// load(): safe to share between threads.
class UserAgentParser {
public:
    static constexpr const char *kDefaultRegexes = "/usr/share/uap-core/regexes.yaml";

    UserAgentParser();
    ~UserAgentParser();
    UserAgentParser(const UserAgentParser &) = delete;
    UserAgentParser &operator=(const UserAgentParser &) = delete;

    // Reads and compiles the rules. Returns false with `error` set when the file cannot be read
    // or parsed; a single regex RE2 refuses is skipped and counted in skipped().
    bool load(const std::string &path, std::string &error);

    UserAgentInfo parse(std::string_view userAgent) const;

    std::size_t ruleCount() const;
    std::size_t skipped() const { return skipped_; }

    struct Rule;

private:
    std::vector<Rule> browserRules_;
    std::vector<Rule> osRules_;
    std::vector<Rule> deviceRules_;
    std::size_t skipped_ = 0;
};

} // namespace trackboard
