// Injected scenarios: scripted attacks (and one legitimate spike) woven into the traffic, with
// a ground-truth record of each targeted user.
#include "reference_data.h"
#include "simulator.h"
#include "text_append.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace trackboard {

namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;

bool laterStep(const auto &a, const auto &b) {
    return a.dueMs != b.dueMs ? a.dueMs > b.dueMs : a.sequence > b.sequence;
}

} // namespace

void Simulator::schedule(InjectedStep step) {
    step.sequence = stepSequence_++;
    pendingAttackSteps_ += step.attack ? 1 : 0;
    pending_.push_back(step);
    std::push_heap(pending_.begin(), pending_.end(),
                   [](const InjectedStep &a, const InjectedStep &b) { return laterStep(a, b); });
}

std::uint64_t Simulator::pickIdleUser() {
    int slot = static_cast<int>(rng_.below(static_cast<std::uint64_t>(population_)));
    for (int attempt = 0; attempt < 16 && userBusy_[static_cast<std::size_t>(slot)]; ++attempt) {
        slot = static_cast<int>(rng_.below(static_cast<std::uint64_t>(population_)));
    }
    return visitorOf(slot);
}

int Simulator::farCityFrom(std::size_t home) {
    // Another continent: at least 100° of longitude or 70° of latitude away, which is several
    // thousand kilometres from anywhere in the list.
    const auto all = cities();
    const auto start = static_cast<std::size_t>(rng_.below(all.size()));
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::size_t candidate = (start + i) % all.size();
        double dLon = std::abs(all[candidate].lon - all[home].lon);
        dLon = std::min(dLon, 360 - dLon);
        if (dLon >= 100 || std::abs(all[candidate].lat - all[home].lat) >= 70) {
            return static_cast<int>(candidate);
        }
    }
    return static_cast<int>((home + all.size() / 2) % all.size());
}

void Simulator::inject(Scenario scenario, std::int64_t nowMs) {
    injectSteps(scenario, nowMs);
}

void Simulator::setSprinkleRate(double perMinute) {
    sprinklePerMinute_ = std::max(0.0, perMinute);
    nextSprinkleMs_ = -1;
}

void Simulator::injectSteps(Scenario scenario, std::int64_t t0) {
    const auto record = [&](std::uint64_t user, std::int64_t start, std::int64_t end) {
        GroundTruth truth;
        truth.userId = "user-";
        appendNumber(truth.userId, user);
        truth.scenario = scenario;
        truth.startMs = start;
        truth.endMs = end;
        groundTruth_.push_back(std::move(truth));
    };
    const auto step = [&](std::uint64_t user, std::uint64_t session, std::int64_t due,
                          EventType type) {
        InjectedStep s;
        s.user = user;
        s.sessionId = session;
        s.dueMs = due;
        s.type = type;
        s.attack = scenario != Scenario::FlashSale;
        return s;
    };
    const int cheapest = static_cast<int>(
        std::min_element(catalog_.begin(), catalog_.end(),
                         [](const auto &a, const auto &b) { return a.priceCents < b.priceCents; }) -
        catalog_.begin());
    const int dearest = static_cast<int>(
        std::max_element(catalog_.begin(), catalog_.end(),
                         [](const auto &a, const auto &b) { return a.priceCents < b.priceCents; }) -
        catalog_.begin());

    switch (scenario) {
    case Scenario::Bot: {
        // A scraper: a few connections fetching pages back to back, 10 to 20 requests a second
        // for 20 s. People click every few seconds at most.
        const std::uint64_t user = pickIdleUser();
        const std::uint64_t session = rng_.next();
        static constexpr EventType kCycle[] = {EventType::PageView, EventType::Click,
                                               EventType::ProductView, EventType::Search};
        std::int64_t due = t0;
        std::int64_t last = t0;
        for (int i = 0; due <= t0 + 20 * kSecond; ++i) {
            InjectedStep s = step(user, session, due, kCycle[i % 4]);
            s.product = static_cast<int>(rng_.below(catalog_.size()));
            schedule(s);
            last = due;
            due += 50 + static_cast<std::int64_t>(rng_.below(51));
        }
        record(user, t0, last);
        break;
    }
    case Scenario::AccountTakeover: {
        // Credential stuffing: a script guesses passwords from rotating proxies far away, a few
        // tries a second, gets in, and spends within seconds, before the owner notices.
        const std::uint64_t user = pickIdleUser();
        const int far = farCityFrom(userProfile(user).city);
        const std::uint64_t session = rng_.next();
        std::int64_t due = t0;
        for (int i = 0; i < 7; ++i) {
            InjectedStep s = step(user, session, due, EventType::LoginFailed);
            s.city = far;
            s.host = 0xC800 + static_cast<std::uint32_t>(rng_.below(0x3000));
            schedule(s);
            due += 250 + static_cast<std::int64_t>(rng_.below(250));
        }
        InjectedStep login = step(user, session, due + 500, EventType::Login);
        login.city = far;
        login.host = 0xF800 + static_cast<std::uint32_t>(rng_.below(0x700));
        schedule(login);
        InjectedStep buy = login;
        buy.dueMs += 8 * kSecond + static_cast<std::int64_t>(rng_.below(4 * kSecond));
        buy.type = EventType::Purchase;
        buy.product = dearest;
        buy.quantity = static_cast<int>(std::max<std::int64_t>(
            1, 150'000 / std::max<std::int64_t>(1, catalog_[std::size_t(dearest)].priceCents) + 1));
        schedule(buy);
        record(user, t0, buy.dueMs);
        break;
    }
    case Scenario::CardTesting: {
        // Stolen card numbers checked by a script: one tiny charge after another, each sent as
        // soon as the previous one is answered, with all-different amounts.
        const std::uint64_t user = pickIdleUser();
        const std::uint64_t session = rng_.next();
        std::int64_t due = t0;
        std::int64_t last = t0;
        for (int i = 0; i < 12; ++i) {
            InjectedStep s = step(user, session, due, EventType::Purchase);
            s.product = cheapest;
            s.quantity = 1;
            s.amountCents = 100 + static_cast<std::int64_t>(rng_.below(30)) * 13 + i;
            schedule(s);
            last = due;
            due += 600 + static_cast<std::int64_t>(rng_.below(600));
        }
        record(user, t0, last);
        break;
    }
    case Scenario::ImpossibleTravel: {
        // One account in use on two continents at once, as with a stolen session or shared
        // credentials: the owner browses at home while someone else signs in far away.
        const std::uint64_t user = pickIdleUser();
        const int far = farCityFrom(userProfile(user).city);
        const std::uint64_t session = rng_.next();
        schedule(step(user, session, t0, EventType::PageView));
        InjectedStep away =
            step(user, rng_.next(), t0 + 1500 + std::int64_t(rng_.below(1000)), EventType::Login);
        away.city = far;
        away.host = 0xE000 + static_cast<std::uint32_t>(rng_.below(0x1000));
        schedule(away);
        schedule(step(user, session, away.dueMs + 3 * kSecond, EventType::Click));
        away.dueMs += 6 * kSecond;
        away.type = EventType::PageView;
        schedule(away);
        record(user, t0, away.dueMs);
        break;
    }
    case Scenario::HighValue: {
        // A fraudster with a stolen card goes straight to the dearest item and checks out with
        // autofilled details, a second or so per step. Goods bought to resell are bought by
        // the armful: as many of the item as the card's $8,000-10,000 limit allows, an order no
        // ordinary shopper places (they take one, sometimes two).
        const std::uint64_t user = pickIdleUser();
        const std::uint64_t session = rng_.next();
        const std::int64_t price =
            std::max<std::int64_t>(1, catalog_[static_cast<std::size_t>(dearest)].priceCents);
        const std::int64_t limit = 800'000 + static_cast<std::int64_t>(rng_.below(200'001));
        InjectedStep s = step(user, session, t0, EventType::ProductView);
        s.product = dearest;
        schedule(s);
        s.quantity = static_cast<int>(std::max<std::int64_t>(3, limit / price));
        for (const EventType type :
             {EventType::AddToCart, EventType::Checkout, EventType::Purchase}) {
            s.type = type;
            s.dueMs += 600 + static_cast<std::int64_t>(rng_.below(600));
            schedule(s);
        }
        record(user, t0, s.dueMs);
        break;
    }
    case Scenario::FlashSale: {
        // A legitimate rush: 200 ordinary shoppers buy one discounted item within two minutes.
        // Every step is human-paced and from home, so no rule should fire.
        int sale = cheapest;
        for (std::size_t i = 0; i < catalog_.size(); ++i) {
            const auto price = catalog_[i].priceCents;
            if (price >= 20'00 && price <= 80'00) {
                sale = static_cast<int>(i);
                break;
            }
        }
        std::unordered_set<std::uint64_t> shoppers;
        for (int shopper = 0; shopper < 200; ++shopper) {
            std::uint64_t user = pickIdleUser();
            while (!shoppers.insert(user).second) {
                user = pickIdleUser(); // 200 different people, not one person 200 times
            }
            const std::uint64_t session = rng_.next();
            std::int64_t due = t0 + static_cast<std::int64_t>(rng_.below(60 * kSecond));
            const std::int64_t start = due;
            for (const EventType type : {EventType::ProductView, EventType::AddToCart,
                                         EventType::Checkout, EventType::Purchase}) {
                if (type == EventType::Purchase && rng_.chance(0.2)) {
                    break; // some abandon at the last step
                }
                InjectedStep s = step(user, session, due, type);
                s.product = sale;
                s.quantity = type == EventType::ProductView ? 0 : 1;
                schedule(s);
                due += 10 * kSecond + static_cast<std::int64_t>(rng_.below(20 * kSecond));
            }
            record(user, start, due);
        }
        break;
    }
    }
}

bool Simulator::nextInjected(std::int64_t nowMs, Event &out) {
    if (sprinklePerMinute_ > 0) {
        if (nextSprinkleMs_ < 0) {
            nextSprinkleMs_ = nowMs;
        }
        while (nowMs >= nextSprinkleMs_) {
            // Exponential gaps: sprinkled attacks arrive as a Poisson process.
            const double gapMinutes = -std::log(1 - rng_.uniform()) / sprinklePerMinute_;
            nextSprinkleMs_ += std::max<std::int64_t>(1, std::llround(gapMinutes * kMinute));
            injectSteps(kAllScenarios[rng_.below(kScenarioCount - 1)], nowMs); // no flash sale
        }
    }
    if (pending_.empty() || pending_.front().dueMs > nowMs) {
        return false;
    }
    std::pop_heap(pending_.begin(), pending_.end(),
                  [](const InjectedStep &a, const InjectedStep &b) { return laterStep(a, b); });
    const InjectedStep step = pending_.back();
    pending_.pop_back();
    pendingAttackSteps_ -= step.attack ? 1 : 0;
    emitInjected(step, out);
    out.timestampMs = nowMs;
    return true;
}

void Simulator::emitInjected(const InjectedStep &step, Event &out) {
    out.eventId.clear();
    appendUuid(out.eventId);
    out.sessionId.assign("sess-");
    appendHex(out.sessionId, step.sessionId, 16);
    fillUser(step.user, userProfile(step.user), out);
    if (step.city >= 0) {
        const CityInfo &city = cities()[static_cast<std::size_t>(step.city)];
        out.geo.country.assign(city.country);
        out.geo.city.assign(city.city);
        out.geo.lat = city.lat;
        out.geo.lon = city.lon;
    }
    if (step.host != 0) {
        out.ipAddress.assign("10.");
        appendNumber(out.ipAddress, static_cast<std::uint64_t>(step.city >= 0 ? step.city : 0));
        out.ipAddress.push_back('.');
        appendNumber(out.ipAddress, (step.host >> 8) & 0xFF);
        out.ipAddress.push_back('.');
        appendNumber(out.ipAddress, step.host & 0xFF);
    }
    out.type = step.type;
    out.referrer.clear();
    out.hasProduct = false;
    out.hasOrder = false;
    out.quantity = 0;
    out.element.clear();
    // The user's variant goes on every event, a scripted attacker's included: it is the
    // account that is enrolled, whoever drives it.
    setExperiment(variantIsB(step.user), out);
    if (step.product >= 0 && (isProductEvent(step.type) || step.type == EventType::Checkout)) {
        setProduct(step.product, out);
        out.quantity = step.quantity;
    }
    switch (step.type) {
    case EventType::Login:
    case EventType::LoginFailed:
        setPage(out, "/login");
        break;
    case EventType::Search:
        setPage(out, "/search?q=", out.geo.city);
        break;
    case EventType::Checkout:
        setPage(out, "/checkout");
        break;
    case EventType::Purchase:
        setPage(out, "/checkout/confirmation");
        out.quantity = std::max(1, step.quantity);
        if (step.amountCents >= 0) {
            out.product.priceCents = step.amountCents; // a card test buys "whatever costs $x"
        }
        out.hasOrder = true;
        out.order.id.assign("ord-");
        appendHexId(out.order.id, ++orderCounter_ ^ (config_.seed << 20));
        out.order.valueCents =
            step.amountCents >= 0 ? step.amountCents : out.product.priceCents * out.quantity;
        out.order.currency.assign("USD");
        break;
    default:
        if (out.hasProduct) {
            setPage(out, "/product/", out.product.id);
        } else {
            setPage(out, "/");
        }
    }
}

} // namespace trackboard
