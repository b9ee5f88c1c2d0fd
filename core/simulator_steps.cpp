// The per-visit state machine: what a shopper does next, given where they are in the funnel.
#include "reference_data.h"
#include "simulator.h"
#include "simulator_pick.h"

namespace trackboard {

namespace {
// Regional preferences: this share of a visitor's product and category picks go to one of
// their country's two favourite categories (reference_data.cpp), the rest to any.
constexpr double kFavouriteShare = 0.35;
constexpr double kTrackedClickShare = 0.85; // clicks on an element with a data-track name
constexpr std::array<std::string_view, 5> kBrowsePages = {"/", "/search", "/help", "/account",
                                                          "/cart"};
} // namespace

int Simulator::favouriteCategory(std::size_t city) {
    const auto &favourites = cityFavourites_[city];
    if (favourites[0] < 0 || !rng_.chance(kFavouriteShare)) {
        return -1;
    }
    const int pick = favourites[rng_.below(2)];
    return pick >= 0 ? pick : favourites[0];
}

int Simulator::pickProduct(std::size_t city) {
    // Squaring a uniform draw skews views towards the front of the catalog (or of a category):
    // a few best-sellers and a long tail, as real shops see.
    const int category = favouriteCategory(city);
    const double u = rng_.uniform();
    if (category >= 0) {
        const auto &products = productsByCategory_[static_cast<std::size_t>(category)];
        return products[static_cast<std::size_t>(u * u * static_cast<double>(products.size()))];
    }
    return static_cast<int>(u * u * static_cast<double>(catalog_.size()));
}

std::string_view Simulator::pickCategory(std::size_t city) {
    const auto categories = productCategories();
    const int category = favouriteCategory(city);
    return categories[category >= 0 ? static_cast<std::size_t>(category)
                                    : rng_.below(categories.size())];
}

void Simulator::emitLanding(Session &session, Event &out) {
    out.type = EventType::PageView;
    // The acquisition rides on the landing page_view: referrer, and UTM tags in the query.
    const TrafficSource &source = trafficSources()[session.channel];
    out.referrer.assign(source.referrer);
    const double roll = rng_.uniform();
    if (roll < 0.5) {
        setPage(out, "/");
    } else if (roll < 0.85) {
        setPage(out, "/category/", pickCategory(session.profile.city));
    } else {
        session.product = pickProduct(session.profile.city);
        setPage(out, "/product/", catalog_[static_cast<std::size_t>(session.product)].id);
    }
    out.page.append(source.utmQuery);
    session.stage = Stage::Browsing;
}

void Simulator::emitBrowse(Session &session, Event &out) {
    const double roll = rng_.uniform();
    if (roll < 0.68) {
        out.type = EventType::PageView;
        if (rng_.chance(0.4)) {
            setPage(out, "/category/", pickCategory(session.profile.city));
        } else {
            setPage(out, kBrowsePages[rng_.below(kBrowsePages.size())]);
        }
    } else if (roll < 0.96) {
        out.type = EventType::Click;
        out.referrer.clear();
        setPage(out, session.lastPage.empty() ? std::string_view("/") : session.lastPage);
        if (rng_.chance(kTrackedClickShare)) {
            out.element.assign(clickElements()[pickWeighted(rng_, clickElements())].name);
        }
    } else {
        out.type = EventType::Search;
        setPage(out, "/search?q=", productCategories()[rng_.below(productCategories().size())]);
    }
}

void Simulator::emitStep(Session &session, Event &out) {
    if (!session.landed) {
        session.landed = true;
        const Stage joined = session.stage; // Landing, or where a visit opened in bulk joins
        emitLanding(session, out);
        if (joined != Stage::Landing) {
            session.stage = joined;
        }
        return;
    }
    if (session.ending) {
        out.type = EventType::Logout;
        setPage(out, "/account/logout");
        session.loggedIn = false;
        return;
    }
    if (session.wantsLogin && !session.loggedIn) {
        const double roll = rng_.uniform();
        if (roll < 0.04) {
            out.type = EventType::LoginFailed;
            setPage(out, "/login");
            return;
        }
        out.type = roll < 0.08 ? EventType::Signup : EventType::Login;
        setPage(out, out.type == EventType::Signup ? "/signup" : "/login");
        session.loggedIn = true;
        return;
    }
    switch (session.stage) {
    case Stage::Landing:
    case Stage::Browsing:
        if (rng_.chance(config_.productViewProbability)) {
            session.product = pickProduct(session.profile.city);
            out.type = EventType::ProductView;
            setProduct(session.product, out);
            setPage(out, "/product/", out.product.id);
            session.stage = Stage::Viewing;
            return;
        }
        break;
    case Stage::Viewing:
        if (rng_.chance(session.cartProbability)) {
            out.type = EventType::AddToCart;
            setProduct(session.product, out);
            setPage(out, "/product/", out.product.id);
            session.cartProduct = session.product;
            session.cartQuantity = 1 + static_cast<int>(rng_.below(100) < 15);
            out.quantity = session.cartQuantity;
            session.stage = Stage::Cart;
            return;
        }
        session.stage = Stage::Browsing;
        break;
    case Stage::Cart: {
        const double roll = rng_.uniform();
        if (roll < config_.checkoutProbability) {
            out.type = EventType::Checkout;
            setProduct(session.cartProduct, out);
            out.quantity = session.cartQuantity;
            setPage(out, "/checkout");
            session.stage = Stage::Checkout;
            return;
        }
        if (roll < config_.checkoutProbability + 0.05) {
            out.type = EventType::RemoveFromCart;
            setProduct(session.cartProduct, out);
            out.quantity = session.cartQuantity;
            setPage(out, "/cart");
            session.cartProduct = -1;
            session.stage = Stage::Browsing;
            return;
        }
        break;
    }
    case Stage::Checkout:
        if (session.abandonsCheckout) {
            session.cartProduct = -1; // left the checkout and the cart with it
            session.stage = Stage::Browsing;
            break;
        }
        if (rng_.chance(config_.purchaseProbability)) {
            out.type = EventType::Purchase;
            setProduct(session.cartProduct, out);
            out.quantity = session.cartQuantity;
            setPage(out, "/checkout/confirmation");
            out.hasOrder = true;
            out.order.id.assign("ord-");
            appendHexId(out.order.id, ++orderCounter_ ^ (config_.seed << 20));
            out.order.valueCents = out.product.priceCents * session.cartQuantity;
            out.order.currency.assign("USD");
            session.cartProduct = -1;
            session.stage = Stage::Browsing;
            return;
        }
        session.stage = Stage::Cart; // hesitated: back to the cart, may check out later
        break;
    }
    emitBrowse(session, out);
}

} // namespace trackboard
