#pragma once

#include "event.h"
#include "rng.h"
#include "scenario.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

struct SimulatorConfig {
    std::uint64_t seed = 42;
    int users = 5000; // grows with the rate; see Simulator::setTargetSessions
    // Visits open at once. Read by the producer, which otherwise derives them from the rate (8 s
    // of think time per event): a fixed number reads one shop at any pace, as the benchmarks do
    // to produce a million of its events in seconds. 0: from the rate.
    int visits = 0;
    int products = 300;
    // Mean events in one visit; the session ends after each event with 1/mean chance.
    double meanEventsPerSession = 20;
    // Funnel step probabilities, each conditional on reaching the previous step.
    double productViewProbability = 0.09; // a browsing step opens a product
    double addToCartProbability = 0.35;   // a product view leads to add-to-cart
    double checkoutProbability = 0.40;    // a step with a full cart goes to checkout
    double purchaseProbability = 0.75;    // a checkout completes
    double loginProbability = 0.25;       // a visit signs in
    // A visit that lands on a slot whose last visitor has been before comes from that visitor
    // again with this chance; otherwise a new visitor takes the slot. Without it the fixed
    // population would make almost every visit a returning one after the first minutes. Each
    // new visitor is state for the fraud detector until idle: 0.9 keeps it about 2x the fixed
    // population's (docs/event-schema.md, "Simulated business data").
    double returningShare = 0.9;
    // The checkout-redesign experiment: this share of each variant's users abandon every
    // checkout they reach (a checkout they will not get through). The rest behave alike, so
    // B's users and visits buy (1 - 0.08) / (1 - 0.20) = 1.15 times as often as A's, however
    // many visits each user makes.
    double checkoutAbandonA = 0.20;
    double checkoutAbandonB = 0.08;
    // Event ids come from a generator of their own. 0 (the default) seeds it afresh for every
    // Simulator from std::random_device: consumers drop an event whose id they have seen, so
    // two producer runs with one --seed, or two producers at once, must never repeat an id.
    // A test that compares whole streams byte for byte sets it.
    std::uint64_t eventIdSeed = 0;
};

// Generates a shop's traffic: many concurrent visits, each walking the funnel
// page_view → product_view → add_to_cart → checkout → purchase with clicks and searches between.
// Business data (docs/event-schema.md, "Simulated business data"): each visit arrives through a
// channel (referrer and UTM landing page) that sets its conversion, with device and the user's
// A/B variant; clicks name their element; countries lean towards their favourite categories.
// Everything but the event ids is derived from the seed, so one seed and one call sequence give
// one stream; with SimulatorConfig::eventIdSeed set too, a byte-identical one.
class Simulator {
public:
    static constexpr int kMaxUsers = 1'000'000;

    explicit Simulator(SimulatorConfig config = {});

    // Visits kept open at once. The producer derives it from the rate so that each visit emits
    // about one event per think time, as a person would.
    void setTargetSessions(int sessions);
    int activeSessions() const { return static_cast<int>(sessions_.size()); }
    int population() const { return population_; }

    // Overwrites `out` with the next event, stamped `nowMs`. Reuses `out`'s string capacity.
    void next(std::int64_t nowMs, Event &out);

    const SimulatorConfig &config() const { return config_; }

    // Schedules `scenario`'s events from `nowMs` on and records who it targets. Its events come
    // from nextInjected(), on top of the regular traffic: an attack adds load, as a real one does.
    void inject(Scenario scenario, std::int64_t nowMs);
    // Sprinkles random attacks (flash_sale excluded) at this mean rate; 0 turns it off.
    void setSprinkleRate(double perMinute);
    // If an injected event is due by `nowMs`, writes it to `out` and returns true.
    bool nextInjected(std::int64_t nowMs, Event &out);
    std::size_t pendingInjected() const { return pending_.size(); }
    // Those of attacks only: a flash sale is ordinary shopping, which may stop at any point.
    std::size_t pendingAttackSteps() const { return pendingAttackSteps_; }
    // Every user targeted so far: the answer key for the fraud detector's quality.
    const std::vector<GroundTruth> &groundTruth() const { return groundTruth_; }

private:
    enum class Stage : std::uint8_t { Landing, Browsing, Viewing, Cart, Checkout };
    struct UserProfile {
        std::size_t city = 0;
        std::size_t device = 0;
        bool mobile = false;
        double lat = 0;
        double lon = 0;
    };
    struct Session {
        int slot = 0;           // index into userBusy_
        std::uint64_t user = 0; // the visitor: slot + kMaxUsers × the slot's generation
        std::uint8_t channel = 0;
        bool variantB = false;
        bool abandonsCheckout = false; // this user never gets through the checkout
        double cartProbability = 0;    // add-to-cart chance: channel, device and variant applied
        std::uint64_t id = 0;
        Stage stage = Stage::Landing;
        bool landed = false; // the landing page_view, which carries the acquisition, is sent
        bool wantsLogin = false;
        bool loggedIn = false;
        bool ending = false;
        int product = 0;
        int cartProduct = -1;
        int cartQuantity = 0;
        std::string lastPage;
        UserProfile profile; // derived once per visit, not per event
    };
    struct InjectedStep {
        std::int64_t dueMs = 0;
        std::uint64_t sequence = 0; // keeps injection order among equal due times
        std::uint64_t user = 0;
        std::uint64_t sessionId = 0;
        EventType type = EventType::PageView;
        int city = -1;          // -1: the user's home city
        std::uint32_t host = 0; // 0: the user's home address, else 10.<city>.<host>
        int product = -1;
        int quantity = 0;
        std::int64_t amountCents = -1; // a purchase's value; -1: price × quantity
        bool attack = true;            // false for a flash sale's legitimate shoppers
    };
    struct ProductInfo {
        std::string id;
        std::string name;
        std::string_view category;
        std::int64_t priceCents = 0;
    };

    void startSession(bool midVisit);
    void endSession(std::size_t index);
    int populationFor(int openVisits) const;
    UserProfile userProfile(std::uint64_t user) const;
    std::uint64_t visitorOf(int slot) const;
    void fillUser(std::uint64_t user, const UserProfile &profile, Event &out);
    static bool variantIsB(std::uint64_t user);
    static void setExperiment(bool variantB, Event &out);
    void emitInjected(const InjectedStep &step, Event &out);
    void schedule(InjectedStep step);
    std::uint64_t pickIdleUser();
    int farCityFrom(std::size_t home);
    void injectSteps(Scenario scenario, std::int64_t nowMs);
    void emitStep(Session &session, Event &out);
    void emitLanding(Session &session, Event &out);
    void emitBrowse(Session &session, Event &out);
    int pickProduct(std::size_t city);
    std::string_view pickCategory(std::size_t city);
    int favouriteCategory(std::size_t city);
    void setProduct(int product, Event &out);
    void setPage(Event &out, std::string_view prefix, std::string_view suffix = {});
    void appendUuid(std::string &out);
    static void appendHexId(std::string &out, std::uint64_t value);

    SimulatorConfig config_;
    Rng rng_;
    Rng idRng_; // event ids only: see SimulatorConfig::eventIdSeed
    int population_;
    int targetSessions_ = 100;
    std::vector<Session> sessions_;
    std::vector<bool> userBusy_;
    // Per slot: 0 until its first visit, then 1 + the generation of its current visitor.
    std::vector<std::uint32_t> slotGeneration_;
    std::vector<ProductInfo> catalog_;
    std::vector<double> cityCumulative_;
    std::vector<std::array<int, 2>> cityFavourites_;   // category indexes, -1: none
    std::vector<std::vector<int>> productsByCategory_; // catalog indexes, best-sellers first
    std::uint64_t orderCounter_ = 0;
    std::vector<InjectedStep> pending_; // a min-heap by (dueMs, sequence)
    std::uint64_t stepSequence_ = 0;
    std::size_t pendingAttackSteps_ = 0;
    std::vector<GroundTruth> groundTruth_;
    double sprinklePerMinute_ = 0;
    std::int64_t nextSprinkleMs_ = -1;
};

} // namespace trackboard
