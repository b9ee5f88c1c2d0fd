#include "device_rules.h"

#include <algorithm>
#include <array>

namespace trackboard {

namespace {

// ASCII case folding: every word looked for is ASCII. std::tolower, called through the PLT and
// the locale for each byte, was 15 % of the collector's CPU under wrk (perf), since every request
// scans its User-Agent for eight automation words and every event for "tablet" or "mobile".
constexpr char foldAscii(char c) {
    return c >= 'A' && c <= 'Z' ? char(c | 0x20) : c;
}

bool containsNoCase(std::string_view text, std::string_view word) {
    if (word.empty()) {
        return true;
    }
    const char first = foldAscii(word.front());
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
        if (foldAscii(text[i]) != first) {
            continue;
        }
        std::size_t k = 1;
        while (k < word.size() && foldAscii(text[i + k]) == foldAscii(word[k])) {
            ++k;
        }
        if (k == word.size()) {
            return true;
        }
    }
    return false;
}

bool isOneOf(std::string_view value, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), value) != names.end();
}

// Below this screen width (CSS pixels) a phone-class OS is a phone; at or above it a tablet.
// Phones report 320-480 in portrait and up to ~932 in landscape; tablets start near 600 in
// portrait, so the portrait-safe 600 is used together with the User-Agent's own hints.
constexpr int kTabletMinWidth = 600;
constexpr int kDesktopMinWidth = 1024;

} // namespace

std::string deviceTypeFor(const UserAgentInfo &info, std::string_view userAgent, int screenWidth) {
    const bool tabletHint =
        containsNoCase(info.device, "ipad") || containsNoCase(info.device, "tablet") ||
        containsNoCase(info.device, "kindle") || containsNoCase(info.model, "tab") ||
        containsNoCase(userAgent, "tablet");
    if (tabletHint) {
        return "tablet";
    }
    const bool mobileOs =
        isOneOf(info.os, {"iOS", "Android", "Windows Phone", "BlackBerry OS", "KaiOS", "Firefox OS",
                          "Symbian OS", "Tizen", "HarmonyOS", "Windows Mobile", "webOS"});
    if (mobileOs) {
        // Android phones say "Mobile" in their User-Agent and tablets do not (Google's own
        // guidance to browser makers); the screen width settles the rest.
        if (info.os == "Android" && !containsNoCase(userAgent, "mobile")) {
            return "tablet";
        }
        return screenWidth >= kTabletMinWidth && screenWidth < kDesktopMinWidth &&
                       info.device.find("iPhone") == std::string::npos
                   ? "tablet"
                   : "mobile";
    }
    const bool desktopOs =
        isOneOf(info.os, {"Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "Fedora", "Debian",
                          "FreeBSD", "OpenBSD", "NetBSD", "Solaris", "Mac OS"});
    if (desktopOs || screenWidth == 0) {
        return "desktop";
    }
    if (screenWidth < kTabletMinWidth) {
        return "mobile";
    }
    return screenWidth < kDesktopMinWidth ? "tablet" : "desktop";
}

std::string dashboardOsName(const std::string &uapFamily) {
    if (uapFamily == "Mac OS X" || uapFamily == "Mac OS") {
        return "macOS";
    }
    if (uapFamily == "Chrome OS") {
        return "ChromeOS";
    }
    return uapFamily;
}

bool isBot(const UserAgentInfo &info, std::string_view userAgent) {
    if (info.device == "Spider") {
        return true;
    }
    static constexpr std::array<std::string_view, 8> kAutomation = {
        "HeadlessChrome", "PhantomJS", "Headless", "Puppeteer",
        "Playwright",     "Selenium",  "bot/",     "crawler",
    };
    return userAgent.empty() ||
           std::any_of(kAutomation.begin(), kAutomation.end(),
                       [&](std::string_view word) { return containsNoCase(userAgent, word); });
}

} // namespace trackboard
