// The simulator's business data against the data contract (docs/event-schema.md, "Simulated
// business data"), measured over 400k events: channel shares, conversion by channel, device and
// A/B variant, click elements, returning visitors and regional category preferences. The
// channel rules are written here again from the contract, not taken from the simulator.
#include "reference_data.h"
#include "simulator.h"

#include <QtTest>

#include <map>
#include <set>
#include <string>
#include <unordered_map>

using namespace trackboard;

namespace {

constexpr std::int64_t kStartMs = 1'709'294'400'000; // 2024-03-01T12:00:00Z
constexpr int kEvents = 400'000;

std::string_view queryParam(std::string_view page, std::string_view name) {
    const auto query = page.find('?');
    if (query == std::string_view::npos) {
        return {};
    }
    std::string_view rest = page.substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
            return pair.substr(name.size() + 1);
        }
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    return {};
}

std::string_view referrerHost(std::string_view referrer) {
    const auto scheme = referrer.find("://");
    if (scheme == std::string_view::npos) {
        return {}; // none, or a same-site relative path
    }
    std::string_view host = referrer.substr(scheme + 3);
    host = host.substr(0, host.find('/'));
    return host.starts_with("www.") ? host.substr(4) : host;
}

// The contract's channel rules, for the hosts and media the simulator may send.
std::string channelOf(const Event &landing) {
    const std::string_view medium = queryParam(landing.page, "utm_medium");
    if (medium == "cpc" || medium == "ppc" || medium == "paid" || medium == "paidsearch" ||
        medium == "display") {
        return "paid";
    }
    if (medium == "email") {
        return "email";
    }
    if (medium == "social" || medium == "social-media") {
        return "social";
    }
    const std::string_view host = referrerHost(landing.referrer);
    if (host.empty()) {
        return queryParam(landing.page, "utm_source").empty() ? "direct" : "referral";
    }
    if (host == "mail.google.com" || host == "outlook.live.com" || host == "mail.yahoo.com") {
        return "email";
    }
    if (host.starts_with("google.") || host == "bing.com" || host == "duckduckgo.com" ||
        host.starts_with("yahoo.")) {
        return "search";
    }
    if (host == "facebook.com" || host == "instagram.com" || host == "t.co" ||
        host == "twitter.com" || host == "x.com") {
        return "social";
    }
    return "referral";
}

struct Rate {
    int of = 0;
    int converted = 0;
    double value() const { return of == 0 ? 0 : double(converted) / of; }
};

struct Visit {
    std::string userId;
    std::string channel;
    std::string device;
    bool purchased = false;
};

struct UserRecord {
    char variant = 0;
    bool purchased = false;
};

// Everything the cases read, from one run: visits opened one at a time, so each starts with its
// landing page_view.
struct Observed {
    std::unordered_map<std::string, Visit> visits;
    std::unordered_map<std::string, UserRecord> users;
    int returningVisits = 0;
    int variantChanges = 0;
    int eventsWithoutExperiment = 0;
    int clicks = 0;
    std::map<std::string, int> elements;
    int elementsOffClicks = 0;
    std::map<std::string, std::map<std::string, int>> viewsByCountryCategory;
};

const Observed &observed() {
    static const Observed result = [] {
        Observed o;
        // A demo's proportions: at 2,000 events/s a user has a visit or two in a few minutes.
        SimulatorConfig config;
        config.users = 10'000;
        Simulator simulator(config);
        Event e;
        for (int i = 0; i < kEvents; ++i) {
            simulator.setTargetSessions(std::min(1'000, simulator.activeSessions() + 1));
            simulator.next(kStartMs + i, e);
            const auto [visit, newVisit] = o.visits.try_emplace(e.sessionId);
            const auto [user, newUser] = o.users.try_emplace(e.userId);
            if (newVisit) {
                visit->second.userId = e.userId;
                visit->second.channel = channelOf(e);
                visit->second.device = e.device.type;
                o.returningVisits += newUser ? 0 : 1;
            }
            if (!e.hasExperiment || e.experiment.id != "checkout-redesign" ||
                (e.experiment.variant != "A" && e.experiment.variant != "B")) {
                ++o.eventsWithoutExperiment;
            } else {
                const char variant = e.experiment.variant[0];
                o.variantChanges += user->second.variant != 0 && user->second.variant != variant;
                user->second.variant = variant;
            }
            if (e.type == EventType::Purchase) {
                visit->second.purchased = true;
                user->second.purchased = true;
            }
            if (e.type == EventType::Click) {
                ++o.clicks;
                if (!e.element.empty()) {
                    ++o.elements[e.element];
                }
            } else if (!e.element.empty()) {
                ++o.elementsOffClicks;
            }
            if (e.type == EventType::ProductView) {
                ++o.viewsByCountryCategory[e.geo.country][e.product.category];
            }
        }
        return o;
    }();
    return result;
}

std::string describe(double value) {
    return QByteArray::number(value, 'f', 4).toStdString();
}

} // namespace

class TestSimulatorBusiness : public QObject {
    Q_OBJECT

private slots:
    void channelSharesFollowTheContract() {
        std::map<std::string, int> counts;
        for (const auto &[id, visit] : observed().visits) {
            ++counts[visit.channel];
        }
        const double visits = double(observed().visits.size());
        QVERIFY(visits > 10'000);
        const std::map<std::string, double> expected = {
            {"direct", 0.30}, {"search", 0.30}, {"social", 0.15}, {"email", 0.10}, {"paid", 0.15}};
        for (const auto &[channel, share] : expected) {
            const double seen = counts[channel] / visits;
            QVERIFY2(std::abs(seen - share) < 0.02, (channel + " " + describe(seen)).c_str());
        }
        QCOMPARE(counts["referral"], 0);
    }

    // A demo opens thousands of visits at once, mid-visit: they too must arrive through the
    // channel mix, or the campaign view would start with a wall of "direct".
    void visitsOpenedInBulkLandToo() {
        Simulator simulator;
        simulator.setTargetSessions(2'000);
        std::unordered_map<std::string, std::string> channels;
        Event e;
        for (int i = 0; i < 40'000; ++i) {
            simulator.next(kStartMs + i, e);
            if (channels.try_emplace(e.sessionId, channelOf(e)).second) {
                QCOMPARE(e.type, EventType::PageView);
            }
        }
        QVERIFY(channels.size() > 2'000);
        std::map<std::string, int> counts;
        for (const auto &[session, channel] : channels) {
            ++counts[channel];
        }
        const double direct = double(counts["direct"]) / channels.size();
        const double email = double(counts["email"]) / channels.size();
        QVERIFY2(std::abs(direct - 0.30) < 0.03, describe(direct).c_str());
        QVERIFY2(std::abs(email - 0.10) < 0.03, describe(email).c_str());
    }

    void conversionDependsOnChannelAndDevice() {
        std::map<std::string, Rate> byChannel;
        std::map<std::string, Rate> byDevice;
        Rate all;
        for (const auto &[id, visit] : observed().visits) {
            for (Rate *rate : {&byChannel[visit.channel], &byDevice[visit.device], &all}) {
                ++rate->of;
                rate->converted += visit.purchased;
            }
        }
        const auto relative = [&](const std::string &channel) {
            return byChannel[channel].value() / all.value();
        };
        const std::string rates =
            "email " + describe(relative("email")) + " paid " + describe(relative("paid")) +
            " direct " + describe(relative("direct")) + " search " + describe(relative("search")) +
            " social " + describe(relative("social"));
        qInfo("visit conversion %s, relative to the average: %s", describe(all.value()).c_str(),
              rates.c_str());
        // The contract's order: email 1.6x, paid 1.2x, direct 1.1x, search 1.0x, social 0.6x.
        QVERIFY2(relative("email") > 1.3, rates.c_str());
        QVERIFY2(relative("social") < 0.8, rates.c_str());
        QVERIFY2(relative("email") > relative("paid") && relative("paid") > relative("search") &&
                     relative("search") > relative("social"),
                 rates.c_str());
        const double mobile = byDevice["mobile"].value();
        const double desktop = byDevice["desktop"].value();
        qInfo("visit conversion mobile %.4f, desktop %.4f", mobile, desktop);
        QVERIFY2(mobile < 0.9 * desktop, (describe(mobile) + " vs " + describe(desktop)).c_str());
    }

    void variantBConvertsAboutFifteenPercentMore() {
        Rate a;
        Rate b;
        Rate visitsA;
        Rate visitsB;
        for (const auto &[id, visit] : observed().visits) {
            Rate &rate = observed().users.at(visit.userId).variant == 'B' ? visitsB : visitsA;
            ++rate.of;
            rate.converted += visit.purchased;
        }
        for (const auto &[id, user] : observed().users) {
            Rate &rate = user.variant == 'B' ? b : a;
            ++rate.of;
            rate.converted += user.purchased;
        }
        QCOMPARE(observed().eventsWithoutExperiment, 0);
        QCOMPARE(observed().variantChanges, 0); // a user keeps the variant in every visit
        const double bShare = double(b.of) / (a.of + b.of);
        QVERIFY2(bShare > 0.47 && bShare < 0.53, describe(bShare).c_str());
        const double lift = b.value() / a.value();
        const double visitLift = visitsB.value() / visitsA.value();
        qInfo("users A %d (%.4f bought), B %d (%.4f bought): B/A %.3f; visits B/A %.3f", a.of,
              a.value(), b.of, b.value(), lift, visitLift);
        QVERIFY2(lift >= 1.05 && lift <= 1.25, describe(lift).c_str());
        QVERIFY2(visitLift >= 1.05 && visitLift <= 1.25, describe(visitLift).c_str());
    }

    void clicksNameTheirElement() {
        const Observed &o = observed();
        int tracked = 0;
        int top = 0;
        int least = o.clicks;
        std::set<std::string_view> known;
        for (const auto &element : clickElements()) {
            known.insert(element.name);
        }
        for (const auto &[name, count] : o.elements) {
            QVERIFY2(known.contains(name), name.c_str());
            tracked += count;
            top = std::max(top, count);
            least = std::min(least, count);
        }
        const double share = double(tracked) / o.clicks;
        QVERIFY2(share > 0.8 && share < 0.9, describe(share).c_str()); // the rest is untracked
        QCOMPARE(o.elements.size(), known.size());
        QVERIFY2(top > 10 * least, (std::to_string(top) + " vs " + std::to_string(least)).c_str());
        QCOMPARE(o.elementsOffClicks, 0);
    }

    void someVisitorsReturn() {
        const double share = double(observed().returningVisits) / observed().visits.size();
        qInfo("returning visits %.4f", share);
        QVERIFY2(share > 0.15 && share < 0.8, describe(share).c_str());
    }

    void countriesFavourTheirCategories() {
        const auto favouriteShare = [](const std::string &country) {
            const auto &views = observed().viewsByCountryCategory.at(country);
            const auto favourites = favouriteCategories(country);
            int favoured = 0;
            int all = 0;
            for (const auto &[category, count] : views) {
                all += count;
                favoured += category == favourites[0] || category == favourites[1] ? count : 0;
            }
            return double(favoured) / all;
        };
        // Without preferences two of twelve categories would get about a sixth of the views.
        for (const char *country : {"US", "FR", "JP", "BR"}) {
            const double share = favouriteShare(country);
            QVERIFY2(share > 0.35, (country + (" " + describe(share))).c_str());
        }
        QVERIFY(favouriteCategories("US")[0] != favouriteCategories("FR")[0]);
    }
};

QTEST_APPLESS_MAIN(TestSimulatorBusiness)
#include "tst_simulator_business.moc"
