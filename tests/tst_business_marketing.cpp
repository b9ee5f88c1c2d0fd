// Campaigns, experiments and segments (#20 sections 1, 2, 5) from a handful of hand-built events,
// every figure computed by hand; merged over partitions and restored from a checkpoint.
#include "analytics_state_codec.h"
#include "analytics_test_events.h"

#include <QtTest>

#include <random>

using namespace trackboard;
using namespace trackboard::test;

namespace {

struct Story {
    std::vector<Event> events;
    std::int64_t at = kEdgeMs;

    Event &add(Event e, const std::string &session, const std::string &referrer = {}) {
        e.timestampMs = at;
        at += 1000;
        e.eventId = "e" + std::to_string(events.size());
        e.sessionId = session;
        e.referrer = referrer;
        if (e.userId == "u1" || e.userId == "u2") {
            e.hasExperiment = true;
            e.experiment = {"checkout-redesign", "A"};
        } else if (e.userId == "u3" || e.userId == "u4") {
            e.hasExperiment = true;
            e.experiment = {"checkout-redesign", "B"};
        }
        if (e.userId == "u4") {
            e.device.type = "mobile";
            e.geo.country = "DE";
        } else if (e.userId == "u5") {
            e.device.type = "tablet";
        }
        events.push_back(e);
        return events.back();
    }
    void view(const std::string &user, const std::string &session, const std::string &page,
              const std::string &referrer = {}) {
        add(activity(EventType::PageView, user, 0, page), session, referrer);
    }
};

// u1: email (black-friday), buys 50.00 and 25.00. u2: search (google), returns by search
// (duckduckgo), buys nothing. u3: direct, buys 10.00; returns by paid (winter sale), buys 30.00.
// u4 (mobile, DE): social (t.co), views product p-2 (kitchen). u5 (tablet): referral.
// Experiment checkout-redesign: u1, u2 in A; u3, u4 in B; u5 not enrolled.
Story story() {
    Story s;
    s.view("u1", "s1", "/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday");
    s.view("u2", "s2", "/", "https://www.google.com/search?q=shoes");
    s.view("u3", "s3a", "/");
    s.add(purchase("u1", 0, 5000), "s1");
    s.view("u4", "s4", "/p/2", "https://t.co/abc");
    Event kitchen = productEvent(EventType::ProductView, "u4", 0, "p-2");
    kitchen.product.category = "kitchen";
    s.add(kitchen, "s4");
    s.add(purchase("u3", 0, 1000), "s3a");
    s.view("u5", "s5", "/", "https://blog.example.org/post");
    s.add(purchase("u1", 0, 2500), "s1");
    s.view("u3", "s3b", "/?utm_source=google&utm_medium=CPC&utm_campaign=winter%20sale",
           "https://www.google.com/");
    s.view("u2", "s2b", "/", "https://duckduckgo.com/");
    s.add(purchase("u3", 0, 3000), "s3b");
    return s;
}

BusinessSnapshot businessOf(const AnalyticsAggregator &a) {
    return a.snapshot(a.eventNowMs()).business;
}

CampaignRow row(const char *name, std::uint64_t visitors, std::uint64_t sessions,
                std::uint64_t converting, std::uint64_t orders, std::int64_t cents) {
    return {name, visitors, sessions, converting, orders, cents};
}

// Many users over every channel and both arms, so that the top 10 and the caps are exercised.
std::vector<Event> generated(int users, unsigned seed) {
    static const char *const kEntries[][2] = {
        {"/", ""},
        {"/", "https://www.google.com/"},
        {"/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday", ""},
        {"/?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale", "https://www.google.com/"},
        {"/?utm_source=instagram&utm_medium=social&utm_campaign=influencer-spring",
         "https://instagram.com/"}};
    static const char *const kCountries[] = {"US", "DE", "FR", "JP"};
    static const char *const kDevices[] = {"desktop", "mobile", "tablet"};
    std::mt19937 rng(seed);
    std::vector<Event> out;
    std::int64_t at = kEdgeMs;
    for (int u = 0; u < users; ++u) {
        const std::string user = "g" + std::to_string(u);
        const int sessions = 1 + int(rng() % 3);
        for (int s = 0; s < sessions; ++s) {
            const auto &entry = kEntries[rng() % 5];
            Event e = activity(EventType::PageView, user, at++, entry[0]);
            e.referrer = entry[1];
            e.sessionId = user + "-s" + std::to_string(s);
            e.geo.country = kCountries[u % 4];
            e.device.type = kDevices[rng() % 3];
            e.hasExperiment = u % 5 != 0;
            e.experiment = {"checkout-redesign", u % 2 == 0 ? "A" : "B"};
            out.push_back(e);
            Event p = rng() % 3 == 0 ? purchase(user, at++, 100 + std::int64_t(rng() % 9000))
                                     : productEvent(EventType::ProductView, user, at++,
                                                    "p-" + std::to_string(rng() % 20));
            p.product.category = rng() % 2 == 0 ? "kitchen" : "garden";
            p.sessionId = e.sessionId;
            p.geo = e.geo;
            p.device = e.device;
            p.hasExperiment = e.hasExperiment;
            p.experiment = e.experiment;
            out.push_back(p);
        }
    }
    return out;
}

} // namespace

class TestBusinessMarketing : public QObject {
    Q_OBJECT

private slots:
    void campaigns() {
        AnalyticsAggregator a;
        for (const Event &e : story().events) {
            a.apply(e);
        }
        const CampaignReport r = businessOf(a).campaigns;
        // Equal visitors (1 each): by revenue, then by name.
        const std::vector<CampaignRow> channels = {
            row("email", 1, 1, 1, 2, 7500),  row("paid", 1, 1, 1, 1, 3000),
            row("direct", 1, 1, 1, 1, 1000), row("referral", 1, 1, 0, 0, 0),
            row("search", 1, 2, 0, 0, 0),    row("social", 1, 1, 0, 0, 0)};
        QCOMPARE(r.channels, channels);
        const std::vector<CampaignRow> sources = {row("newsletter", 1, 1, 1, 2, 7500),
                                                  row("google", 1, 1, 1, 1, 3000),
                                                  row("(direct)", 1, 1, 1, 1, 1000),
                                                  row("blog.example.org", 1, 1, 0, 0, 0),
                                                  row("duckduckgo.com", 1, 1, 0, 0, 0),
                                                  row("google.com", 1, 1, 0, 0, 0),
                                                  row("t.co", 1, 1, 0, 0, 0)};
        QCOMPARE(r.sources, sources);
        // (none): u2, u3, u4, u5 over s2, s3a, s4, s5, s2b; u3 bought 10.00 in s3a.
        const std::vector<CampaignRow> campaigns = {row("(none)", 4, 5, 1, 1, 1000),
                                                    row("black-friday", 1, 1, 1, 2, 7500),
                                                    row("winter sale", 1, 1, 1, 1, 3000)};
        QCOMPARE(r.campaigns, campaigns);
        QCOMPARE(r.campaigns[0].conversion(), 0.25);
        QCOMPARE(r.untrackedSessions, 0u);
        QCOMPARE(r.unattributedOrders, 0u);
        QCOMPARE(r.otherNames, 0u);
    }

    // More sources than the cap: the rest share "(other)", counted.
    void campaignNamesAreCapped() {
        AnalyticsAggregator a;
        const int n = int(CampaignMetrics::kMaxNames) + 6;
        for (int i = 0; i < n; ++i) {
            Event e = activity(EventType::PageView, "c" + std::to_string(i), kEdgeMs + i,
                               "/?utm_source=src" + std::to_string(i));
            a.apply(e);
        }
        const CampaignReport r = businessOf(a).campaigns;
        QCOMPARE(r.sources.size(), CampaignMetrics::kMaxNames + 1);
        QCOMPARE(r.sources.front().name, std::string("(other)"));
        QCOMPARE(r.sources.front().sessions, 6u);
        QCOMPARE(r.otherNames, 6u);
        QCOMPARE(r.channels.size(), 1u); // utm without medium nor referrer: referral
        QCOMPARE(r.channels[0].sessions, std::uint64_t(n));
    }

    void experiments() {
        AnalyticsAggregator a;
        for (const Event &e : story().events) {
            a.apply(e);
        }
        const ExperimentReport r = businessOf(a).experiments;
        QCOMPARE(r.experiments.size(), 1u);
        const ExperimentResult &e = r.experiments[0];
        QCOMPARE(e.id, std::string("checkout-redesign"));
        QCOMPARE(e.users, 4u);
        QCOMPARE(e.variants.size(), 2u);
        const VariantResult &control = e.variants[0];
        const VariantResult &b = e.variants[1];
        QCOMPARE(control.name, std::string("A"));
        QVERIFY(control.control && !b.control);
        // A: u1 (bought 50.00 + 25.00), u2. B: u3 (10.00 + 30.00), u4.
        QCOMPARE(control.users, 2u);
        QCOMPARE(control.convertingUsers, 1u);
        QCOMPARE(control.orders, 2u);
        QCOMPARE(control.revenueCents, 7500);
        QCOMPARE(control.revenuePerUserCents(), 3750.0);
        QCOMPARE(b.users, 2u);
        QCOMPARE(b.convertingUsers, 1u);
        QCOMPARE(b.orders, 2u);
        QCOMPARE(b.revenueCents, 4000);
        QCOMPARE(b.revenuePerUserCents(), 2000.0);
        QVERIFY(!b.vsControl.enoughData); // 2 users per arm
        QCOMPARE(b.vsControl.difference, 0.0);
    }

    // The control is "A", else "control", else the first by name; it comes first.
    void controlVariant() {
        AnalyticsAggregator a;
        int i = 0;
        for (const char *variant : {"treatment", "control", "beta"}) {
            Event e = activity(EventType::PageView, "x" + std::to_string(i), kEdgeMs + i);
            ++i;
            e.hasExperiment = true;
            e.experiment = {"banner", variant};
            a.apply(e);
        }
        const ExperimentReport r = businessOf(a).experiments;
        QCOMPARE(r.experiments.size(), 1u);
        QCOMPARE(r.experiments[0].variants[0].name, std::string("control"));
        QCOMPARE(r.experiments[0].variants[1].name, std::string("beta"));
        QCOMPARE(r.experiments[0].variants[2].name, std::string("treatment"));
    }

    void segments() {
        AnalyticsAggregator a;
        for (const Event &e : story().events) {
            a.apply(e);
        }
        const SegmentReport r = businessOf(a).segments;
        const std::vector<TopUser> top = {{"u1", 7500, 2}, {"u3", 4000, 2}};
        QCOMPARE(r.topUsers, top);
        // Returning: u2 (s2, s2b) and u3 (s3a, s3b); converting: u1 (new), u3 (returning).
        const std::vector<AudienceGroup> visitors = {{"new", 3, 1}, {"returning", 2, 1}};
        QCOMPARE(r.visitorTypes, visitors);
        const std::vector<AudienceGroup> devices = {
            {"desktop", 3, 2}, {"mobile", 1, 0}, {"tablet", 1, 0}};
        QCOMPARE(r.devices, devices);
        // Product events: four purchases of p-1 (tools) in US, one view of p-2 (kitchen) in DE.
        QCOMPARE(r.regions.size(), 2u);
        QCOMPARE(r.regions[0].country, std::string("US"));
        QCOMPARE(r.regions[0].productEvents, 4u);
        QCOMPARE(r.regions[0].categories, (std::vector<NamedCount>{{"tools", 4}}));
        QCOMPARE(r.regions[0].products, (std::vector<NamedCount>{{"Name of p-1", 4}}));
        QCOMPARE(r.regions[1].country, std::string("DE"));
        QCOMPARE(r.regions[1].categories, (std::vector<NamedCount>{{"kitchen", 1}}));
        QCOMPARE(r.regions[1].products, (std::vector<NamedCount>{{"Name of p-2", 1}}));
    }

    // More products than the interner holds: the rest share the country's "(other)" row, which
    // adds up their events, and are counted; the country's total stays exact.
    void productNamesAreCapped() {
        AnalyticsAggregator a;
        const int n = int(SegmentMetrics::kMaxProducts) + 6;
        for (int i = 0; i < n; ++i) {
            a.apply(productEvent(EventType::ProductView, "v" + std::to_string(i % 7), kEdgeMs + i,
                                 "p-" + std::to_string(i)));
        }
        const SegmentReport r = businessOf(a).segments;
        QCOMPARE(r.regions.size(), 1u);
        QCOMPARE(r.regions[0].productEvents, std::uint64_t(n));
        QCOMPARE(r.regions[0].categories, (std::vector<NamedCount>{{"tools", std::uint64_t(n)}}));
        QCOMPARE(r.regions[0].products.front(), (NamedCount{"(other)", 6}));
        QCOMPARE(r.otherNames, 6u);
    }

    // Events split by user over three partitions, merged: the same answers as one aggregator
    // over everything (each user lives in one partition, as the topic is keyed by user_id).
    void mergeIsExact() {
        std::vector<Event> events = generated(400, 7);
        for (const Event &e : story().events) {
            events.push_back(e);
        }
        AnalyticsAggregator whole;
        std::array<AnalyticsAggregator, 3> parts;
        for (const Event &e : events) {
            whole.apply(e);
            const auto p = std::int32_t(std::hash<std::string>{}(e.userId) % 3);
            parts[std::size_t(p)].apply(e, p);
        }
        AnalyticsAggregator merged;
        for (const AnalyticsAggregator &p : parts) {
            merged.mergeFrom(p);
        }
        const BusinessSnapshot expected = businessOf(whole);
        const BusinessSnapshot actual = merged.snapshot(whole.eventNowMs()).business;
        QCOMPARE(expected.segments.topUsers.size(), SegmentMetrics::kTopUsers);
        QVERIFY(expected.experiments.experiments[0].variants[0].vsControl ==
                ProportionComparison{});
        QVERIFY(expected.experiments.experiments[0].variants[1].users > 100);
        QVERIFY(actual.campaigns == expected.campaigns);
        QVERIFY(actual.experiments == expected.experiments);
        QVERIFY(actual.segments == expected.segments);
    }

    // A restored worker shows the same figures and continues as if never stopped; a truncated
    // checkpoint is rejected.
    void checkpointRoundTrip() {
        const std::vector<Event> events = generated(150, 11);
        const std::size_t half = events.size() / 2;
        AnalyticsAggregator original;
        for (std::size_t i = 0; i < half; ++i) {
            original.apply(events[i]);
        }
        std::string bytes;
        AnalyticsStateCodec::encode(AnalyticsCheckpoint{"g", "t", 0, 10, 20, 30}, original, bytes);
        AnalyticsAggregator restored;
        AnalyticsCheckpoint meta;
        std::string error;
        QVERIFY2(AnalyticsStateCodec::decode(bytes, meta, restored, error), error.c_str());
        QVERIFY(businessOf(restored) == businessOf(original));
        for (std::size_t i = half; i < events.size(); ++i) {
            original.apply(events[i]);
            restored.apply(events[i]);
        }
        const BusinessSnapshot after = businessOf(original);
        QVERIFY(businessOf(restored) == after);
        QVERIFY(after.campaigns.channels.size() == 5);
        for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 16) {
            AnalyticsAggregator target;
            QVERIFY(!AnalyticsStateCodec::decode(std::string_view(bytes).substr(0, n), meta, target,
                                                 error));
        }
    }
};

QTEST_APPLESS_MAIN(TestBusinessMarketing)
#include "tst_business_marketing.moc"
