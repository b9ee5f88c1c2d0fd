// Per-partition analytics state (issue 15): one aggregator per partition, merged, gives the
// figures of one aggregator over every partition; a checkpoint restores a partition's state
// exactly, so counting continues as if nothing had happened; a damaged checkpoint is refused.
#include "analytics_state_codec.h"
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
