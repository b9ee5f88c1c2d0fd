#include "traffic_channel.h"

#include <algorithm>

namespace trackboard {

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// A malformed escape ("%zz", a trailing "%") is kept as written rather than rejected: the value
// still names something, and the campaign is not worth losing over one typo.
void percentDecode(std::string_view text, std::string &out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out.push_back(char(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
}

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> options) {
    return std::find(options.begin(), options.end(), text) != options.end();
}

// "google.com", "google.co.uk": the first label is `name` and at least one label follows.
bool hasFirstLabel(std::string_view host, std::string_view name) {
    return host.size() > name.size() + 1 && host.starts_with(name) && host[name.size()] == '.';
}

} // namespace

std::string_view trafficChannelName(TrafficChannel channel) {
    switch (channel) {
    case TrafficChannel::Direct:
        return "direct";
    case TrafficChannel::Search:
        return "search";
    case TrafficChannel::Social:
        return "social";
    case TrafficChannel::Email:
        return "email";
    case TrafficChannel::Paid:
        return "paid";
    case TrafficChannel::Referral:
        return "referral";
    }
    return "direct";
}

bool queryParameter(std::string_view url, std::string_view name, std::string &out) {
    const std::size_t fragment = url.find('#');
    if (fragment != std::string_view::npos) {
        url = url.substr(0, fragment);
    }
    const std::size_t question = url.find('?');
    if (question == std::string_view::npos) {
        return false;
    }
    std::string_view query = url.substr(question + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            percentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1),
                          out);
            return true;
        }
    }
    return false;
}

std::string_view referrerHost(std::string_view referrer, std::string &buffer) {
    const std::size_t scheme = referrer.find("://");
    if (scheme == std::string_view::npos) {
        // "//host/path" is absolute too; anything else without a scheme is a same-site path.
        if (!referrer.starts_with("//")) {
            return {};
        }
        referrer.remove_prefix(2);
    } else {
        referrer.remove_prefix(scheme + 3);
    }
    std::string_view host = referrer.substr(0, referrer.find_first_of("/?#"));
    if (const std::size_t at = host.rfind('@'); at != std::string_view::npos) {
        host.remove_prefix(at + 1);
    }
    host = host.substr(0, host.find(':'));
    while (host.ends_with('.')) { // "google.com." is google.com
        host.remove_suffix(1);
    }
    buffer.assign(host);
    std::transform(buffer.begin(), buffer.end(), buffer.begin(), lower);
    std::string_view result = buffer;
    if (result.starts_with("www.")) {
        result.remove_prefix(4);
    }
    return result;
}

TrafficChannel classifyChannel(std::string_view medium, bool hasUtm, std::string_view host) {
    if (isOneOf(medium, {"cpc", "ppc", "paid", "paidsearch", "display"})) {
        return TrafficChannel::Paid;
    }
    if (medium == "email") {
        return TrafficChannel::Email;
    }
    if (isOneOf(medium, {"social", "social-media"})) {
        return TrafficChannel::Social;
    }
    if (host.empty()) {
        return hasUtm ? TrafficChannel::Referral : TrafficChannel::Direct;
    }
    // Webmail before search: mail.google.com is not a search engine.
    if (isOneOf(host, {"mail.google.com", "outlook.live.com", "mail.yahoo.com"})) {
        return TrafficChannel::Email;
    }
    if (hasFirstLabel(host, "google") || hasFirstLabel(host, "yahoo") ||
        hasFirstLabel(host, "yandex") ||
        isOneOf(host, {"bing.com", "duckduckgo.com", "baidu.com"})) {
        return TrafficChannel::Search;
    }
    if (hasFirstLabel(host, "pinterest") ||
        isOneOf(host, {"facebook.com", "instagram.com", "t.co", "twitter.com", "x.com",
                       "linkedin.com", "reddit.com", "youtube.com", "tiktok.com"})) {
        return TrafficChannel::Social;
    }
    return TrafficChannel::Referral;
}

Acquisition AcquisitionParser::parse(std::string_view page, std::string_view referrer) {
    const bool hasSource = queryParameter(page, "utm_source", source_);
    const bool hasMedium = queryParameter(page, "utm_medium", medium_);
    const bool hasCampaign = queryParameter(page, "utm_campaign", campaign_);
    if (!hasMedium) {
        medium_.clear();
    }
    std::transform(medium_.begin(), medium_.end(), medium_.begin(), lower);
    const std::string_view host = referrerHost(referrer, host_);
    Acquisition a;
    a.channel = classifyChannel(medium_, hasSource || hasMedium || hasCampaign, host);
    if (hasSource && !source_.empty()) {
        a.source = source_;
    } else if (!host.empty()) {
        a.source = host;
    } else {
        a.source = "(direct)";
    }
    a.campaign = hasCampaign && !campaign_.empty() ? std::string_view(campaign_) : "(none)";
    return a;
}

} // namespace trackboard
