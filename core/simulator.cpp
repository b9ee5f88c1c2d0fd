#include "simulator.h"
#include "reference_data.h"
#include "simulator_pick.h"
#include "text_append.h"
#include "text_hash.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>

namespace trackboard {

namespace {

constexpr std::array<std::string_view, 10> kAdjectives = {
    "Classic", "Smart", "Eco", "Pro", "Compact", "Deluxe", "Vintage", "Ultra", "Urban", "Royal"};
constexpr std::array<std::string_view, 10> kNouns = {"Lamp",   "Backpack", "Headphones", "Notebook",
                                                     "Watch",  "Sneakers", "Mug",        "Speaker",
                                                     "Jacket", "Blender"};

// A visit's add-to-cart chance is the configured one times its channel's and device's factors,
// whose traffic-weighted means multiply to about 1.1 (channels 1.13, devices 0.97), divided by
// that; 1.2 more makes up for the 14 % of users who abandon every checkout (the experiment). The
// shop's purchase rate stays where it was (mix measured in the commit message).
constexpr double kCheckoutAbandonCompensation = 1.2;
constexpr double kConversionNormaliser = kCheckoutAbandonCompensation / 1.1;

double deviceConversion(std::string_view type) {
    return type == "desktop" ? 1.15 : type == "tablet" ? 1.0 : 0.85;
}

} // namespace

Simulator::Simulator(SimulatorConfig config)
    : config_(config)
    , rng_(config.seed)
    , idRng_(config.eventIdSeed != 0
                 ? config.eventIdSeed
                 : (std::uint64_t(std::random_device{}()) << 32) ^ std::random_device{}())
    , population_(std::clamp(config.users, 1, kMaxUsers))
    , userBusy_(static_cast<std::size_t>(population_))
    , slotGeneration_(static_cast<std::size_t>(population_)) {
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
    productsByCategory_.resize(categories.size());
    for (std::size_t i = 0; i < catalog_.size(); ++i) {
        const auto category = std::find(categories.begin(), categories.end(), catalog_[i].category);
        productsByCategory_[std::size_t(category - categories.begin())].push_back(int(i));
    }
    for (const auto &city : cities()) {
        std::array<int, 2> favourites{-1, -1};
        const auto names = favouriteCategories(city.country);
        for (std::size_t k = 0; k < names.size(); ++k) {
            const auto found = std::find(categories.begin(), categories.end(), names[k]);
            if (found != categories.end() &&
                !productsByCategory_[std::size_t(found - categories.begin())].empty()) {
                favourites[k] = static_cast<int>(found - categories.begin());
            }
        }
        cityFavourites_.push_back(favourites);
    }
    double cumulative = 0;
    for (const auto &city : cities()) {
        cumulative += city.weight;
        cityCumulative_.push_back(cumulative);
    }
    sessions_.reserve(1024);
}

void Simulator::setTargetSessions(int sessions) {
    targetSessions_ = std::clamp(sessions, 1, kMaxUsers - kMaxUsers / 5);
    // Surplus visits end at their next event. For a visit that has not sent one yet, that
    // would be a new visitor's first and only event: drop those without a word instead.
    for (std::size_t i = sessions_.size();
         i-- > 0 && static_cast<int>(sessions_.size()) > targetSessions_;) {
        if (!sessions_[i].landed) {
            endSession(i);
        }
    }
    population_ = populationFor(std::max(targetSessions_, activeSessions()));
    if (static_cast<std::size_t>(population_) > userBusy_.size()) {
        userBusy_.resize(static_cast<std::size_t>(population_));
        slotGeneration_.resize(static_cast<std::size_t>(population_));
    }
}

int Simulator::populationFor(int openVisits) const {
    // A shop with more traffic has more shoppers: the population is such that at most four in
    // five users are mid-visit, or every user would click faster than a person can. When the
    // rate falls back, after a burst, so does the population: the burst's visitors finish their
    // visits and the shop's usual users make the new ones. Kept at the burst's size, it would
    // spread the normal rate over five times the users, each of them new state for the
    // consumers' windows, for as long as the demo runs. The slots above stay, idle, with their
    // visitors: a later burst brings those back. But visits still open above the target keep
    // their share until they end: squeezed into a smaller population, new visits found every
    // slot they drew busy and shared it, a new visitor each time. Under a throttle whose held
    // rate swings, that made new users at every swing (the soak of 2026-12-06 11:46).
    return std::clamp(std::max(config_.users, openVisits + openVisits / 4), 1, kMaxUsers);
}

void Simulator::startSession(bool midVisit) {
    Session s;
    s.slot = static_cast<int>(rng_.below(static_cast<std::uint64_t>(population_)));
    for (int attempt = 0; attempt < 8 && userBusy_[static_cast<std::size_t>(s.slot)]; ++attempt) {
        s.slot = static_cast<int>(rng_.below(static_cast<std::uint64_t>(population_)));
    }
    // After 8 busy draws the slot is shared: its visitor is mid-visit, so a new visitor takes
    // the slot rather than the same person having two visits at once (their events would add
    // up to a rate no person clicks at).
    const bool shared = userBusy_[static_cast<std::size_t>(s.slot)];
    userBusy_[static_cast<std::size_t>(s.slot)] = true;
    std::uint32_t &generation = slotGeneration_[static_cast<std::size_t>(s.slot)];
    if (generation == 0 || shared || !rng_.chance(config_.returningShare)) {
        ++generation; // a new visitor
    }
    s.user = visitorOf(s.slot);
    s.profile = userProfile(s.user);
    s.id = rng_.next();
    const auto sources = trafficSources();
    s.channel = static_cast<std::uint8_t>(pickWeighted(rng_, sources));
    s.variantB = variantIsB(s.user);
    // Per user, not per visit, so that the user's every visit agrees.
    Rng userRng(s.user * 0x9E3779B97F4A7C15ULL ^ config_.seed ^ 0xAB7E57ULL);
    s.abandonsCheckout =
        userRng.chance(s.variantB ? config_.checkoutAbandonB : config_.checkoutAbandonA);
    const DeviceProfile &device =
        (s.profile.mobile ? mobileProfiles() : desktopProfiles())[s.profile.device];
    s.cartProbability =
        std::min(0.9, config_.addToCartProbability * kConversionNormaliser *
                          sources[s.channel].conversion * deviceConversion(device.type));
    s.wantsLogin = rng_.chance(config_.loginProbability);
    if (midVisit) {
        // Visits opened in bulk (at start, or when the rate jumps) join a shop already in full
        // swing: spread them over browsing and product pages as a steady state would, so the
        // first minute of a demo does not look like everyone arriving at the front door at once.
        // None starts in the cart: a checkout without an add_to_cart in the stream would put
        // more users at checkout than at the cart in the funnel. Each still sends its landing
        // page_view first: the business analytics read a visit's channel and campaign from it.
        s.stage = rng_.uniform() < 0.86 ? Stage::Browsing : Stage::Viewing;
        s.product = pickProduct(s.profile.city);
        s.loggedIn = s.wantsLogin;
        s.lastPage = "/";
    }
    sessions_.push_back(std::move(s));
}

void Simulator::endSession(std::size_t index) {
    userBusy_[static_cast<std::size_t>(sessions_[index].slot)] = false;
    sessions_[index] = sessions_.back();
    sessions_.pop_back();
    if (static_cast<int>(sessions_.size()) >= targetSessions_) { // a surplus visit ended
        population_ = std::min(population_, populationFor(activeSessions()));
    }
    // After a burst the visits fall back to a fraction of what the vector was grown for: give
    // that memory back rather than hold a burst's worth for good.
    if (sessions_.capacity() > 4096 && sessions_.size() < sessions_.capacity() / 4) {
        sessions_.shrink_to_fit();
    }
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
    out.element.clear();
    setExperiment(session.variantB, out);

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

std::uint64_t Simulator::visitorOf(int slot) const {
    const std::uint32_t generation = slotGeneration_[static_cast<std::size_t>(slot)];
    return static_cast<std::uint64_t>(slot) +
           std::uint64_t(kMaxUsers) * (generation == 0 ? 0 : generation - 1);
}

bool Simulator::variantIsB(std::uint64_t user) {
    // The contract's "stable hash of user_id": the same user is in the same variant in every
    // visit, and anyone can recompute it from the id alone.
    char id[32] = "user-";
    const auto end = std::to_chars(id + 5, id + sizeof id, user).ptr;
    return (hashText(std::string_view(id, std::size_t(end - id))) & 1) != 0;
}

void Simulator::setExperiment(bool variantB, Event &out) {
    out.hasExperiment = true;
    out.experiment.id.assign("checkout-redesign");
    out.experiment.variant.assign(variantB ? "B" : "A");
}

Simulator::UserProfile Simulator::userProfile(std::uint64_t user) const {
    // Users are derived from (seed, index) on demand, so a million users cost no memory.
    Rng userRng(config_.seed * 0x100000001B3ULL + user);
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

void Simulator::fillUser(std::uint64_t user, const UserProfile &p, Event &out) {
    out.userId.assign("user-");
    appendNumber(out.userId, user);
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
    appendNumber(out.ipAddress, (user >> 8) % 256);
    out.ipAddress.push_back('.');
    appendNumber(out.ipAddress, user % 256);
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
