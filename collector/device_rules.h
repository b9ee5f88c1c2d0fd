#pragma once

#include "user_agent_parser.h"

#include <string>
#include <string_view>

namespace trackboard {

// uap-core names families; Trackboard's events want a device type and the dashboard's OS
// names. These rules are documented in docs/collector.md ("Device type").

// "desktop", "mobile" or "tablet". `screenWidth` is the browser's screen.width in CSS pixels,
// 0 when not sent.
std::string deviceTypeFor(const UserAgentInfo &info, std::string_view userAgent, int screenWidth);

// The OS family as the simulator spells it ("Mac OS X" is "macOS"), so that web and simulated
// events share one chart slice.
std::string dashboardOsName(const std::string &uapFamily);

// True for uap-core's spiders and for browsers that announce automation in their User-Agent
// (HeadlessChrome, PhantomJS, ...). Bots are answered 202 and dropped.
bool isBot(const UserAgentInfo &info, std::string_view userAgent);

} // namespace trackboard
