// The per-visit state machine: what a shopper does next, given where they are in the funnel.
#include "reference_data.h"
#include "simulator.h"

namespace trackboard {

namespace {
constexpr std::array<std::string_view, 4> kExternalReferrers = {
    "https://www.google.com/", "https://www.bing.com/", "https://news.example.org/", ""};
constexpr std::array<std::string_view, 5> kBrowsePages = {"/", "/search", "/help", "/account",
                                                          "/cart"};
} // namespace

int Simulator::pickProduct() {
    // Squaring a uniform draw skews views towards the front of the catalog: a few best-sellers
    // and a long tail, as real shops see.
    const double u = rng_.uniform();
    return static_cast<int>(u * u * static_cast<double>(catalog_.size()));
}

void Simulator::emitLanding(Session &session, Event &out) {
    out.type = EventType::PageView;
    out.referrer.assign(kExternalReferrers[rng_.below(kExternalReferrers.size())]);
    const double roll = rng_.uniform();
    if (roll < 0.5) {
        setPage(out, "/");
    } else if (roll < 0.85) {
        setPage(out, "/category/", productCategories()[rng_.below(productCategories().size())]);
    } else {
        session.product = pickProduct();
        setPage(out, "/product/", catalog_[static_cast<std::size_t>(session.product)].id);
    }
    session.stage = Stage::Browsing;
}

void Simulator::emitBrowse(Session &session, Event &out) {
    const double roll = rng_.uniform();
    if (roll < 0.68) {
        out.type = EventType::PageView;
        if (rng_.chance(0.4)) {
            setPage(out, "/category/", productCategories()[rng_.below(productCategories().size())]);
        } else {
            setPage(out, kBrowsePages[rng_.below(kBrowsePages.size())]);
        }
    } else if (roll < 0.96) {
        out.type = EventType::Click;
        out.referrer.clear();
        setPage(out, session.lastPage.empty() ? std::string_view("/") : session.lastPage);
    } else {
        out.type = EventType::Search;
        setPage(out, "/search?q=", productCategories()[rng_.below(productCategories().size())]);
    }
}

void Simulator::emitStep(Session &session, Event &out) {
    if (session.stage == Stage::Landing) {
        emitLanding(session, out);
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
            session.product = pickProduct();
            out.type = EventType::ProductView;
            setProduct(session.product, out);
            setPage(out, "/product/", out.product.id);
            session.stage = Stage::Viewing;
            return;
        }
        break;
    case Stage::Viewing:
        if (rng_.chance(config_.addToCartProbability)) {
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
