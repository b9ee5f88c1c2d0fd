#include "simulator.h"
#include "reference_data.h"
#include "text_append.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace trackboard {

namespace {

constexpr std::array<std::string_view, 10> kAdjectives = {
    "Classic", "Smart", "Eco", "Pro", "Compact", "Deluxe", "Vintage", "Ultra", "Urban", "Royal"};
constexpr std::array<std::string_view, 10> kNouns = {"Lamp",   "Backpack", "Headphones", "Notebook",
                                                     "Watch",  "Sneakers", "Mug",        "Speaker",
                                                     "Jacket", "Blender"};

template <typename Span> std::size_t pickWeighted(Rng &rng, const Span &items) {
    double total = 0;
    for (const auto &item : items) {
        total += item.weight;
    }
    double roll = rng.uniform() * total;
    for (std::size_t i = 0; i < items.size(); ++i) {
        roll -= items[i].weight;
        if (roll < 0) {
            return i;
        }
    }
    return items.size() - 1;
}

} // namespace

Simulator::Simulator(SimulatorConfig config)
    : config_(config)
    , rng_(config.seed)
    , idRng_(config.eventIdSeed != 0
                 ? config.eventIdSeed
                 : (std::uint64_t(std::random_device{}()) << 32) ^ std::random_device{}())
    , population_(std::clamp(config.users, 1, kMaxUsers))
    , userBusy_(static_cast<std::size_t>(population_)) {
    Rng catalogRng(config.seed ^ 0xC47A10600ULL);
    const auto categories = productCategories();
    catalog_.reserve(static_cast<std::size_t>(config.products));
    for (int i = 0; i < config.products; ++i) {
        ProductInfo p;
        p.id = "p-";
        appendNumber(p.id, 1000 + static_cast<std::uint64_t>(i));
        p.name = kAdjectives[catalogRng.below(kAdjectives.size())];
        p.name += ' ';
        p.name += kNouns[catalogRng.below(kNouns.size())];
        p.category = categories[catalogRng.below(categories.size())];
        // Log-normal around $40 with a long tail: a few luxury items land above $900.
        const double u1 = std::max(catalogRng.uniform(), 1e-12);
        const double u2 = catalogRng.uniform();
        const double normal = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
        double price = std::clamp(std::exp(std::log(40.0) + 1.1 * normal), 2.0, 2500.0);
        if (i % 97 == 96) {
            price = 900 + 1600 * catalogRng.uniform(); // a few luxury items in every catalog
        }
        p.priceCents = std::llround(price * 100) / 100 * 100 + 99;
        catalog_.push_back(std::move(p));
    }
    double cumulative = 0;
    for (const auto &city : cities()) {
        cumulative += city.weight;
        cityCumulative_.push_back(cumulative);
    }
    sessions_.reserve(1024);
}

void Simulator::setTargetSessions(int sessions) {
    // A shop with more traffic has more shoppers: grow the population so that at most four in
    // five users are mid-visit, or every user would click faster than a person can.
    const int needed = std::min(kMaxUsers, sessions + sessions / 4);
    if (needed > population_) {
        population_ = needed;
        userBusy_.resize(static_cast<std::size_t>(population_));
    }
    targetSessions_ = std::clamp(sessions, 1, std::max(1, population_ - population_ / 5));
}

void Simulator::startSession(bool midVisit) {
    Session s;
    s.user = static_cast<int>(rng_.below(static_cast<std::uint64_t>(population_)));
    for (int attempt = 0; attempt < 8 && userBusy_[static_cast<std::size_t>(s.user)]; ++attempt) {
        s.user = static_cast<int>(rng_.below(static_cast<std::uint64_t>(population_)));
    }
    userBusy_[static_cast<std::size_t>(s.user)] = true;
    s.profile = userProfile(s.user);
    s.id = rng_.next();
    s.wantsLogin = rng_.chance(config_.loginProbability);
    if (midVisit) {
        // Visits opened in bulk (at start, or when the rate jumps) join a shop already in full
        // swing: spread them over browsing and product pages as a steady state would, so the
        // first minute of a demo does not look like everyone arriving at the front door at once.
        // None starts in the cart: a checkout without an add_to_cart in the stream would put
        // more users at checkout than at the cart in the funnel.
        s.stage = rng_.uniform() < 0.86 ? Stage::Browsing : Stage::Viewing;
        s.product = pickProduct();
        s.loggedIn = s.wantsLogin;
        s.lastPage = "/";
    }
    sessions_.push_back(std::move(s));
}

void Simulator::endSession(std::size_t index) {
    userBusy_[static_cast<std::size_t>(sessions_[index].user)] = false;
    sessions_[index] = sessions_.back();
    sessions_.pop_back();
}

void Simulator::next(std::int64_t nowMs, Event &out) {
    const bool bulk = targetSessions_ - static_cast<int>(sessions_.size()) > 1;
    while (static_cast<int>(sessions_.size()) < targetSessions_) {
        startSession(bulk);
    }
    const std::size_t index = rng_.below(sessions_.size());
    Session &session = sessions_[index];

    out.eventId.clear();
    appendUuid(out.eventId);
    out.timestampMs = nowMs;
    out.sessionId.assign("sess-");
    appendHex(out.sessionId, session.id, 16);
    fillUser(session.user, session.profile, out);
    out.referrer.assign(session.lastPage);
    out.hasProduct = false;
    out.hasOrder = false;
    out.quantity = 0;

    emitStep(session, out);
    session.lastPage.assign(out.page);

    const bool surplus = static_cast<int>(sessions_.size()) > targetSessions_;
    if (session.ending || (!session.loggedIn && surplus)) {
        endSession(index);
    } else if (rng_.chance(1.0 / config_.meanEventsPerSession) || surplus) {
        session.ending = true;
        if (!session.loggedIn) {
            endSession(index);
        }
    }
}

Simulator::UserProfile Simulator::userProfile(int user) const {
    // Users are derived from (seed, index) on demand, so a million users cost no memory.
    Rng userRng(config_.seed * 0x100000001B3ULL + static_cast<std::uint64_t>(user));
    UserProfile p;
    const double roll = userRng.uniform() * cityCumulative_.back();
    p.city = std::min(static_cast<std::size_t>(
                          std::upper_bound(cityCumulative_.begin(), cityCumulative_.end(), roll) -
                          cityCumulative_.begin()),
                      cities().size() - 1);
    const CityInfo &city = cities()[p.city];
    // Jitter within a few km so that one city is not one point.
    p.lat = std::round((city.lat + (userRng.uniform() - 0.5) * 0.05) * 1e4) / 1e4;
    p.lon = std::round((city.lon + (userRng.uniform() - 0.5) * 0.05) * 1e4) / 1e4;
    p.mobile = userRng.chance(city.mobileShare);
    p.device = p.mobile ? pickWeighted(userRng, mobileProfiles())
                        : pickWeighted(userRng, desktopProfiles());
    return p;
}

void Simulator::fillUser(int user, const UserProfile &p, Event &out) {
    out.userId.assign("user-");
    appendNumber(out.userId, static_cast<std::uint64_t>(user));
    const CityInfo &city = cities()[p.city];
    out.geo.country.assign(city.country);
    out.geo.city.assign(city.city);
    out.geo.lat = p.lat;
    out.geo.lon = p.lon;
    const DeviceProfile &device = (p.mobile ? mobileProfiles() : desktopProfiles())[p.device];
    out.device.type.assign(device.type);
    out.device.os.assign(device.os);
    out.device.browser.assign(device.browser);

    // 10.x addresses: private, stable per user, and one /16 per city.
    out.ipAddress.assign("10.");
    appendNumber(out.ipAddress, p.city % 256);
    out.ipAddress.push_back('.');
    appendNumber(out.ipAddress, (static_cast<std::uint64_t>(user) >> 8) % 256);
    out.ipAddress.push_back('.');
    appendNumber(out.ipAddress, static_cast<std::uint64_t>(user) % 256);
}

void Simulator::setPage(Event &out, std::string_view prefix, std::string_view suffix) {
    out.page.assign(prefix);
    out.page.append(suffix);
}

void Simulator::setProduct(int product, Event &out) {
    const ProductInfo &p = catalog_[static_cast<std::size_t>(product)];
    out.hasProduct = true;
    out.product.id.assign(p.id);
    out.product.name.assign(p.name);
    out.product.category.assign(p.category);
    out.product.priceCents = p.priceCents;
}

void Simulator::appendHexId(std::string &out, std::uint64_t value) {
    appendHex(out, value, 16);
}

void Simulator::appendUuid(std::string &out) {
    const std::uint64_t hi = (idRng_.next() & ~0xF000ULL) | 0x4000ULL;       // version 4
    const std::uint64_t lo = (idRng_.next() & ~(3ULL << 62)) | (2ULL << 62); // RFC 4122 variant
    appendHex(out, hi >> 32, 8);
    out.push_back('-');
    appendHex(out, (hi >> 16) & 0xFFFF, 4);
    out.push_back('-');
    appendHex(out, hi & 0xFFFF, 4);
    out.push_back('-');
    appendHex(out, lo >> 48, 4);
    out.push_back('-');
    appendHex(out, lo & 0xFFFFFFFFFFFFULL, 12);
}

} // namespace trackboard
