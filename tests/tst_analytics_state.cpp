// Per-partition analytics state (issue 15): one aggregator per partition, merged, gives the
// figures of one aggregator over every partition; a checkpoint restores a partition's state
// exactly, so counting continues as if nothing had happened; a damaged checkpoint is refused.
#include "analytics_state_codec.h"
#include "analytics_test_events.h"
#include "simulator.h"
#include "text_hash.h"

#include <QtTest>

#include <random>
#include <vector>

using namespace trackboard;

namespace {

constexpr int kPartitions = 6;
constexpr std::int64_t kStartMs = 1'709'294'400'000;

struct Stream {
    std::vector<Event> events;
    std::vector<std::int32_t> partitions;
};

// Simulated shop traffic over 20 minutes of event time, each user on the partition its id
// hashes to, with some events up to 40 s out of order (some of them late).
Stream makeStream(int count, std::uint64_t seed) {
    SimulatorConfig config;
    config.seed = seed;
    config.eventIdSeed = seed;
    Simulator sim(config);
    sim.setTargetSessions(400);
    std::mt19937_64 rng(seed);
    Stream s;
    Event e;
    for (int i = 0; i < count; ++i) {
        std::int64_t t = kStartMs + std::int64_t(i) * 20 * 60'000 / count;
        if (rng() % 50 == 0) {
            t -= std::int64_t(rng() % 40'000);
        }
        sim.next(t, e);
        s.partitions.push_back(std::int32_t(hashText(e.userId) % kPartitions));
        s.events.push_back(e);
    }
    return s;
}

void compareWindow(const WindowMetrics &got, const WindowMetrics &want) {
    QCOMPARE(got.events, want.events);
    QVERIFY(got.eventsByType == want.eventsByType);
    QCOMPARE(got.activeUsers, want.activeUsers);
    QCOMPARE(got.activeSessions, want.activeSessions);
    QCOMPARE(got.distinctExact, want.distinctExact);
    QVERIFY(got.funnel == want.funnel);
    QCOMPARE(got.orders, want.orders);
    QVERIFY(got.revenue == want.revenue);
    QCOMPARE(got.cartUsers, want.cartUsers);
    QCOMPARE(got.abandonedCarts, want.abandonedCarts);
    QVERIFY(got.countries == want.countries);
    QVERIFY(got.cities == want.cities);
    QVERIFY(got.deviceTypes == want.deviceTypes);
    QVERIFY(got.browsers == want.browsers);
    QVERIFY(got.operatingSystems == want.operatingSystems);
    QVERIFY(got.topPages == want.topPages);
    // Windowed top users sum per-bucket candidate lists; once a bucket's list pushed someone out
    // (topExact false) the single and the merged lists may differ in the tail.
    if (got.topExact && want.topExact) {
        QVERIFY(got.topUsers == want.topUsers);
    } else {
        int common = 0;
        for (const UserScore &u : got.topUsers) {
            for (const UserScore &v : want.topUsers) {
                common += u.userId == v.userId ? 1 : 0;
            }
        }
        QVERIFY2(common * 10 >= int(want.topUsers.size()) * 7, qPrintable(QString::number(common)));
    }
    QVERIFY(got.topProductsByViews == want.topProductsByViews);
    QVERIFY(got.topProductsByRevenue == want.topProductsByRevenue);
}

void compareSnapshots(const AnalyticsSnapshot &got, const AnalyticsSnapshot &want) {
    QCOMPARE(got.watermarkMs, want.watermarkMs);
    QCOMPARE(got.late, want.late);
    for (std::size_t w = 0; w < kAnalyticsWindowCount; ++w) {
        compareWindow(got.windows[w], want.windows[w]);
    }
    QCOMPARE(got.seriesEndSecond, want.seriesEndSecond);
    QVERIFY(got.eventsPerSecond == want.eventsPerSecond);
    QVERIFY(got.revenueCentsPerSecond == want.revenueCentsPerSecond);
}

AnalyticsAggregator merged(const std::vector<AnalyticsAggregator> &parts) {
    AnalyticsAggregator all;
    for (const auto &p : parts) {
        all.mergeFrom(p);
    }
    return all;
}

AnalyticsAggregator roundTrip(const AnalyticsAggregator &a, std::int32_t partition,
                              std::string *bytes = nullptr) {
    AnalyticsCheckpoint meta{"g", "user-activities", partition, 1234, 99, 77};
    std::string encoded;
    AnalyticsStateCodec::encode(meta, a, encoded);
    AnalyticsAggregator restored;
    AnalyticsCheckpoint back;
    std::string error;
    if (!AnalyticsStateCodec::decode(encoded, back, restored, error)) {
        qWarning("decode: %s", error.c_str());
    }
    if (back.nextOffset != 1234 || back.partition != partition || back.group != "g") {
        qWarning("header did not round-trip");
    }
    if (bytes != nullptr) {
        *bytes = encoded;
    }
    return restored;
}

} // namespace

class TestAnalyticsState : public QObject {
    Q_OBJECT

private slots:
    void mergedPartitionsEqualOneAggregator() {
        const Stream s = makeStream(60'000, 7);
        AnalyticsAggregator single;
        std::vector<AnalyticsAggregator> parts(kPartitions);
        for (std::size_t i = 0; i < s.events.size(); ++i) {
            single.apply(s.events[i], s.partitions[i]);
            parts[std::size_t(s.partitions[i])].apply(s.events[i], s.partitions[i]);
        }
        const AnalyticsSnapshot want = single.snapshot(0);
        QVERIFY(want.late > 0); // the stream does exercise lateness
        QVERIFY(want.window(AnalyticsWindow::Last5Min).activeUsers > 100);
        compareSnapshots(merged(parts).snapshot(0), want);
    }

    // The hand-over: a new owner restores the checkpoint and reads on from its offset.
    void restoredStateContinuesExactly() {
        const Stream s = makeStream(40'000, 11);
        std::vector<AnalyticsAggregator> parts(kPartitions);
        std::vector<AnalyticsAggregator> handedOver;
        const std::size_t half = s.events.size() / 2;
        for (std::size_t i = 0; i < half; ++i) {
            parts[std::size_t(s.partitions[i])].apply(s.events[i], s.partitions[i]);
        }
        std::string first;
        for (int p = 0; p < kPartitions; ++p) {
            handedOver.push_back(roundTrip(parts[std::size_t(p)], p, p == 0 ? &first : nullptr));
        }
        compareSnapshots(merged(handedOver).snapshot(0), merged(parts).snapshot(0));
        std::string again;
        roundTrip(handedOver[0], 0, &again);
        QCOMPARE(again.size(), first.size()); // a stable encoding

        for (std::size_t i = half; i < s.events.size(); ++i) {
            const auto p = std::size_t(s.partitions[i]);
            parts[p].apply(s.events[i], s.partitions[i]);
            handedOver[p].apply(s.events[i], s.partitions[i]);
        }
        compareSnapshots(merged(handedOver).snapshot(0), merged(parts).snapshot(0));
    }

    // Past the user bound a partition counts distinct users with sketches; those travel in the
    // checkpoint and merge by register maximum.
    void sketchesSurviveCheckpointAndMerge() {
        AnalyticsAggregator::Settings settings;
        settings.maxTrackedUsers = 500;
        settings.maxTrackedSessions = 500;
        std::vector<AnalyticsAggregator> parts;
        for (int p = 0; p < kPartitions; ++p) {
            parts.emplace_back(settings);
        }
        constexpr int kUsers = 12'000;
        for (int i = 0; i < kUsers; ++i) {
            Event e;
            e.eventId = "e" + std::to_string(i);
            e.type = EventType::PageView;
            e.timestampMs = kStartMs + i;
            e.userId = "user-" + std::to_string(i);
            e.sessionId = "s-" + std::to_string(i);
            e.page = "/";
            const auto p = std::int32_t(hashText(e.userId) % kPartitions);
            parts[std::size_t(p)].apply(e, p);
        }
        std::vector<AnalyticsAggregator> restored;
        for (int p = 0; p < kPartitions; ++p) {
            restored.push_back(roundTrip(parts[std::size_t(p)], p));
        }
        const WindowMetrics all = merged(restored).snapshot(0).window(AnalyticsWindow::AllTime);
        QVERIFY(!all.distinctExact);
        QCOMPARE(all.events, std::uint64_t(kUsers));
        QVERIFY2(std::abs(double(all.activeUsers) - kUsers) / kUsers < 0.02,
                 qPrintable(QString::number(all.activeUsers)));
        const WindowMetrics last = merged(restored).snapshot(0).window(AnalyticsWindow::Last1Min);
        QVERIFY(std::abs(double(last.activeUsers) - kUsers) / kUsers < 0.02);
    }

    // Bad input never crashes: every truncation and many corrupted bytes are refused or read
    // into a state that is thrown away; the sanitizers watch for reads out of bounds.
    // A city's place is the smallest (lat, lon) its events carried, so that one aggregator,
    // merged parts in any order and a restored checkpoint all draw it at the same spot.
    void cityPlacesMergeTheSameInAnyOrder() {
        const auto at = [](const std::string &user, std::int64_t ms, double lat, double lon) {
            Event e = test::activity(EventType::PageView, user, ms);
            e.geo = {"FR", "Paris", lat, lon};
            return e;
        };
        const std::vector<Event> events = {
            at("a", test::kEdgeMs, 48.86, 2.35), at("b", test::kEdgeMs + 1, 0, 0), // no coordinates
            at("c", test::kEdgeMs + 2, 48.80, 2.40), at("d", test::kEdgeMs + 3, 48.80, 2.30)};
        AnalyticsAggregator single;
        std::vector<AnalyticsAggregator> parts(events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            single.apply(events[i], 0);
            parts[i].apply(events[i], 0);
        }
        const auto paris = [](const AnalyticsAggregator &a) {
            const AnalyticsSnapshot s = a.snapshot(0);
            const auto &cities = s.window(AnalyticsWindow::AllTime).cities;
            return cities.size() == 1 ? cities[0] : GeoEntry{};
        };
        QCOMPARE(paris(single).key, std::string("Paris"));
        QCOMPARE(paris(single).events, 4u);
        QCOMPARE(paris(single).lat, 48.80); // the smallest latitude, then the smallest longitude
        QCOMPARE(paris(single).lon, 2.30);
        AnalyticsAggregator backwards;
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            backwards.mergeFrom(*it);
        }
        QVERIFY(paris(merged(parts)) == paris(single));
        QVERIFY(paris(backwards) == paris(single));
        QVERIFY(paris(roundTrip(single, 0)) == paris(single));
        QCOMPARE(paris(parts[1]).lat, 0.0); // only an event without coordinates: unknown
        QCOMPARE(paris(parts[1]).lon, 0.0);
    }

    // Version 3 had no places: its cities start unknown and take the next event's place.
    void version3CheckpointsStillRead() {
        AnalyticsAggregator a;
        a.apply(test::activity(EventType::PageView, "u", test::kEdgeMs), 0); // New York, 40.7 -74.0
        std::string bytes;
        AnalyticsStateCodec::encode(AnalyticsCheckpoint{"g", "user-activities", 0, 1, 2, 3}, a,
                                    bytes, 5);
        // The header is the magic "TBAS" (length 4, then 4 bytes) and the version; version 4
        // appended the places: their count (2: "(other)" and New York) and 16 bytes each;
        // version 5 after them the all-time distinct counts' forgetting (17 bytes, nothing
        // forgotten).
        QCOMPARE(int(bytes[5]), 5);
        std::string v3 = bytes.substr(0, bytes.size() - (1 + 2 * 16) - 17);
        v3[5] = 3;
        AnalyticsAggregator restored;
        AnalyticsCheckpoint meta;
        std::string error;
        QVERIFY2(AnalyticsStateCodec::decode(v3, meta, restored, error), error.c_str());
        auto city = restored.snapshot(0).window(AnalyticsWindow::AllTime).cities.at(0);
        QCOMPARE(city.key, std::string("New York"));
        QCOMPARE(city.events, 1u);
        QCOMPARE(city.lat, 0.0);
        restored.apply(test::activity(EventType::PageView, "v", test::kEdgeMs + 1), 0);
        city = restored.snapshot(0).window(AnalyticsWindow::AllTime).cities.at(0);
        QCOMPARE(city.lat, 40.7);
        QCOMPARE(city.lon, -74.0);
    }

    // Version 6 writes each user's funnel buckets relative to the bucket the user was last
    // seen in: the same state as version 5 wrote, in fewer bytes, and version 5 still reads.
    // Restored either way, the partition counts the rest of the stream exactly as before.
    void version5CheckpointsStillRead() {
        const Stream s = makeStream(20'000, 13);
        AnalyticsAggregator kept;
        const std::size_t half = s.events.size() / 2;
        for (std::size_t i = 0; i < half; ++i) {
            kept.apply(s.events[i], 0);
        }
        const AnalyticsCheckpoint meta{"g", "user-activities", 0, 1, 2, 3};
        std::string v5, v6;
        AnalyticsStateCodec::encode(meta, kept, v5, 5);
        AnalyticsStateCodec::encode(meta, kept, v6);
        QCOMPARE(int(v5[5]), 5);
        QCOMPARE(int(v6[5]), 6);
        QVERIFY2(v6.size() < v5.size(),
                 qPrintable(QStringLiteral("%1 against %2 bytes").arg(v6.size()).arg(v5.size())));
        std::vector<AnalyticsAggregator> restored(2);
        for (std::size_t k = 0; k < 2; ++k) {
            AnalyticsCheckpoint back;
            std::string error;
            QVERIFY2(AnalyticsStateCodec::decode(k == 0 ? v5 : v6, back, restored[k], error),
                     error.c_str());
        }
        for (std::size_t i = half; i < s.events.size(); ++i) {
            kept.apply(s.events[i], 0);
            restored[0].apply(s.events[i], 0);
            restored[1].apply(s.events[i], 0);
        }
        const AnalyticsSnapshot want = kept.snapshot(0);
        compareSnapshots(restored[0].snapshot(0), want);
        compareSnapshots(restored[1].snapshot(0), want);
    }

    void damagedCheckpointsAreRefused() {
        const Stream s = makeStream(3'000, 3);
        AnalyticsAggregator a;
        for (std::size_t i = 0; i < s.events.size(); ++i) {
            a.apply(s.events[i], s.partitions[i]);
        }
        std::string bytes;
        roundTrip(a, 0, &bytes);
        std::string error;
        for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 8) {
            AnalyticsAggregator target;
            AnalyticsCheckpoint meta;
            QVERIFY(!AnalyticsStateCodec::decode(std::string_view(bytes).substr(0, n), meta, target,
                                                 error));
        }
        std::mt19937 rng(5);
        for (int i = 0; i < 100; ++i) {
            std::string bad = bytes;
            bad[rng() % bad.size()] = char(rng());
            AnalyticsAggregator target;
            AnalyticsCheckpoint meta;
            if (AnalyticsStateCodec::decode(bad, meta, target, error)) {
                (void)target.snapshot(0); // what decodes must be safe to use
            }
        }
        AnalyticsAggregator target;
        AnalyticsCheckpoint meta;
        QVERIFY(!AnalyticsStateCodec::decode("not a checkpoint", meta, target, error));
        QVERIFY(!error.empty());
    }
};

QTEST_APPLESS_MAIN(TestAnalyticsState)
#include "tst_analytics_state.moc"
