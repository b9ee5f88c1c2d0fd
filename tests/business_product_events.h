#pragma once
// Hand-built events for tst_business_product: sessions that move between pages, named clicks,
// product events with names, and a deterministic mix of them over 70 minutes.

#include "analytics_test_events.h"
#include "page_path.h"
#include "text_hash.h"

#include <random>
#include <string>
#include <vector>

namespace trackboard::test {

constexpr std::int64_t kMinute = 60'000;

inline Event visit(EventType type, const std::string &user, const std::string &session,
                   std::int64_t t, const std::string &page) {
    Event e = activity(type, user, t, page);
    e.sessionId = session;
    return e;
}

inline Event click(const std::string &user, std::int64_t t, const std::string &element) {
    Event e = activity(EventType::Click, user, t, "/product/p-1");
    e.element = element;
    return e;
}

inline Event productStep(EventType type, const std::string &user, std::int64_t t,
                         const std::string &productId) {
    Event e = productEvent(type, user, t, productId);
    e.product.name = "Item " + productId;
    e.page = "/product/" + productId;
    return e;
}

// As AnalyticsAggregator::apply() fills it in.
inline BusinessEventContext contextOf(const Event &e) {
    const std::string_view path = pagePath(e.page);
    return {e.timestampMs / AnalyticsAggregator::kBucketMs,
            false,
            hashText(e.userId),
            hashText(e.sessionId),
            true,
            true,
            path,
            hashText(path),
            e.hasProduct ? hashText(e.product.id) : 0};
}

inline JourneyFlow flow(std::vector<std::string> pages, std::uint64_t count) {
    return {std::move(pages), count};
}

// Hand-built traffic for the merge and checkpoint tests: 24 users over 70 minutes, each with
// two sessions of page views, product views and named clicks, and a rush on one product in
// the last four minutes so that something trends.
inline std::vector<Event> mixedTraffic(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::vector<std::string> pages = {
        "/", "/search?q=shoes", "/category/shoes", "/product/p-1", "/cart", "/help#faq"};
    const std::vector<std::string> elements = {"size-guide", "reviews-tab", "live-chat",
                                               "share-product"};
    std::vector<Event> out;
    for (std::int64_t minute = 0; minute < 70; ++minute) {
        for (int user = 0; user < 24; ++user) {
            const std::string id = "u" + std::to_string(user);
            const std::int64_t t = kEdgeMs + minute * kMinute + user * 1000;
            const std::string session = id + (minute < 35 ? "-a" : "-b");
            if (rng() % 3 == 0) {
                out.push_back(visit(EventType::PageView, id, session, t, pages[rng() % 6]));
            } else if (rng() % 2 == 0) {
                Event e = productStep(EventType::ProductView, id, t + 1,
                                      "p-" + std::to_string(rng() % 4));
                e.sessionId = session;
                out.push_back(e);
            } else {
                Event e = click(id, t + 2, elements[rng() % 4]);
                e.sessionId = session;
                out.push_back(e);
            }
            if (minute >= 66) {
                Event e = productStep(EventType::AddToCart, id, t + 3, "p-rush");
                e.sessionId = session;
                out.push_back(e);
            }
        }
    }
    return out;
}

inline std::int32_t partitionOf(const Event &e, int partitions) {
    return static_cast<std::int32_t>(hashText(e.userId) % std::uint64_t(partitions));
}

} // namespace trackboard::test
