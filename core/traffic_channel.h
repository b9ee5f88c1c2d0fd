#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace trackboard {

// Where a session came from (docs/analytics.md, "Campaigns and channels").
enum class TrafficChannel : std::uint8_t { Direct, Search, Social, Email, Paid, Referral };
inline constexpr std::size_t kTrafficChannelCount = 6;

std::string_view trafficChannelName(TrafficChannel channel);

// The host of an absolute referrer URL, lower-case, without "www.", port or credentials; empty
// for no referrer or a same-site relative one ("/cart"). `buffer` holds the lower-cased text.
std::string_view referrerHost(std::string_view referrer, std::string &buffer);

// The channel from a lower-case utm_medium (empty when absent), whether any utm parameter was
// present, and the referrer's host as referrerHost() gives it.
TrafficChannel classifyChannel(std::string_view medium, bool hasUtm, std::string_view host);

// The acquisition of a session entry: its channel, source (utm_source, else the referrer host,
// else "(direct)") and campaign (utm_campaign, else "(none)").
struct Acquisition {
    TrafficChannel channel = TrafficChannel::Direct;
    std::string_view source;
    std::string_view campaign;
};

// Reads a session entry's page and referrer. The views it returns point into its own buffers,
// valid until the next parse(); once the buffers have grown it allocates nothing.
class AcquisitionParser {
public:
    Acquisition parse(std::string_view page, std::string_view referrer);

private:
    std::string source_;
    std::string medium_;
    std::string campaign_;
    std::string host_;
};

// The percent-decoded value of `name` in the query string of `url` ("+" is a space) into `out`;
// false when the parameter is absent. Parameter names compare exactly.
bool queryParameter(std::string_view url, std::string_view name, std::string &out);

} // namespace trackboard
