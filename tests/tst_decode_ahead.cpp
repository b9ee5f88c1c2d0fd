// The helper thread that decodes a worker's batch ahead of it: every message taken reads as a
// plain decoder reads it, whichever thread decoded it, and once a batch is finished nothing
// touches its payloads (under asan a late read of a freed payload fails the run).
#include "decode_ahead.h"
#include "recent_event_ids.h"
#include "simulator.h"

#include <QtTest>

#include <random>
#include <string>
#include <vector>

using namespace trackboard;

namespace {

constexpr std::int64_t kStartMs = 1'767'225'600'000;

// Simulated events with bad input mixed in: empty, cut short, not an object, a missing field.
std::vector<std::string> mixedPayloads(std::size_t count, std::uint32_t seed) {
    Simulator sim;
    Event e;
    std::mt19937 random(seed);
    std::vector<std::string> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        sim.next(kStartMs + std::int64_t(i), e);
        std::string json;
        encodeEvent(e, json);
        switch (random() % 20) {
        case 0:
            json.clear();
            break;
        case 1:
            json.resize(json.size() / 2);
            break;
        case 2:
            json = "[1,2,3]";
            break;
        case 3:
            json.replace(json.find("\"event_id\""), 10, "\"event_xx\"");
            break;
        default:
            break;
        }
        out.push_back(std::move(json));
    }
    return out;
}

std::vector<std::string_view> views(const std::vector<std::string> &payloads) {
    return {payloads.begin(), payloads.end()};
}

// The decoded message against a plain decoder's reading of the same payload.
bool sameAsPlain(const DecodeAhead::Decoded &decoded, std::string_view payload) {
    static EventDecoder plain; // the test's own thread only
    Event expected;
    const DecodeResult result = plain.decode(payload, expected);
    if (result.reason != decoded.result.reason || result.field != decoded.result.field) {
        return false;
    }
    if (!result.ok()) {
        return true; // a refused event's members are unspecified
    }
    if (decoded.idHash != RecentEventIds::idHash(expected.eventId)) {
        return false; // the duplicate screen would look for the wrong id
    }
    std::string a;
    std::string b;
    encodeEvent(expected, a);
    encodeEvent(decoded.event, b);
    return a == b;
}

} // namespace

class TestDecodeAhead : public QObject {
    Q_OBJECT

private slots:
    void everyMessageReadsAsAPlainDecoderReadsIt() {
        const auto payloads = mixedPayloads(3000, 1);
        const auto batch = views(payloads);
        DecodeAhead ahead(4096);
        ahead.start(batch);
        std::size_t refused = 0;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const auto &decoded = ahead.take(i);
            QVERIFY2(sameAsPlain(decoded, batch[i]), qPrintable(QString::number(i)));
            refused += decoded.result.ok() ? 0 : 1;
        }
        ahead.finish();
        QVERIFY(refused > 300); // the bad input really was mixed in
        QCOMPARE(ahead.decodedByHelper() + ahead.decodedByCaller(), std::uint64_t(batch.size()));
    }

    void theHelperDecodesWhileTheCallerIsBusyElsewhere() {
        const auto payloads = mixedPayloads(2000, 2);
        const auto batch = views(payloads);
        DecodeAhead ahead(4096);
        ahead.start(batch);
        // The caller takes nothing yet: only the helper can make progress.
        QTRY_VERIFY(ahead.decodedByHelper() == batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            QVERIFY(sameAsPlain(ahead.take(i), batch[i]));
        }
        ahead.finish();
        QCOMPARE(ahead.decodedByCaller(), std::uint64_t(0));
    }

    // Many batches of varied sizes, some messages left out, some batches finished early: each
    // batch's payloads are freed as soon as it is finished.
    void batchesTakenInPartAndFinishedEarly() {
        DecodeAhead ahead(512);
        std::mt19937 random(3);
        std::uint64_t taken = 0;
        for (int round = 0; round < 300; ++round) {
            auto payloads = std::make_unique<std::vector<std::string>>(
                mixedPayloads(1 + random() % 512, 100 + std::uint32_t(round)));
            const auto batch = views(*payloads);
            ahead.start(batch);
            const std::size_t stopAt = random() % 4 == 0 ? random() % batch.size() : batch.size();
            for (std::size_t i = 0; i < stopAt; ++i) {
                if (random() % 5 == 0) {
                    continue; // a message the caller does not apply
                }
                QVERIFY(sameAsPlain(ahead.take(i), batch[i]));
                ++taken;
            }
            ahead.finish();
            payloads.reset();
        }
        QVERIFY(taken > 10'000);
        QVERIFY(ahead.decodedByHelper() + ahead.decodedByCaller() >= taken);
    }

    // The worker peeks at the next messages to prefetch them: peek() shows a message only once
    // it is decoded, shows the slot take() then returns, and prefetching changes nothing.
    void peekShowsDecodedMessagesOnly() {
        const auto payloads = mixedPayloads(1000, 5);
        const auto batch = views(payloads);
        DecodeAhead ahead(4096);
        ahead.start(batch);
        QTRY_VERIFY(ahead.decodedByHelper() == batch.size());
        QCOMPARE(ahead.peek(batch.size()), nullptr);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const DecodeAhead::Decoded *seen = ahead.peek(i);
            QVERIFY(seen != nullptr);
            DecodeAhead::prefetchFixedPart(*seen);
            DecodeAhead::prefetchTexts(*seen);
            QCOMPARE(&ahead.take(i), seen);
            QVERIFY(sameAsPlain(*seen, batch[i]));
        }
        ahead.finish();
        // The next batch in the same slots: a message shown is never the last batch's.
        const auto others = mixedPayloads(1000, 6);
        const auto next = views(others);
        ahead.start(next);
        for (std::size_t i = 0; i < next.size(); ++i) {
            if (const DecodeAhead::Decoded *seen = ahead.peek(i)) {
                QVERIFY(sameAsPlain(*seen, next[i]));
            }
            QVERIFY(sameAsPlain(ahead.take(i), next[i]));
        }
        ahead.finish();
    }

    // The helper carries a name of its own in the process's thread list (what `top -H` shows),
    // cut to the 15 bytes Linux keeps.
    void theHelperThreadIsNamed() {
        const auto threadNames = [] {
            QStringList names;
            for (const QString &task : QDir(QStringLiteral("/proc/self/task"))
                                           .entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(task));
                if (comm.open(QIODevice::ReadOnly)) {
                    names << QString::fromUtf8(comm.readAll()).trimmed();
                }
            }
            return names;
        };
        QVERIFY(!threadNames().contains(QStringLiteral("analytics-ahead")));
        {
            DecodeAhead named(16, "analytics-ahead-and-more");
            QTRY_VERIFY(threadNames().contains(QStringLiteral("analytics-ahead")));
        }
        QVERIFY(!threadNames().contains(QStringLiteral("analytics-ahead")));
    }

    void aBatchLargerThanTheSlotsIsCutToThem() {
        const auto payloads = mixedPayloads(100, 4);
        const auto batch = views(payloads);
        DecodeAhead ahead(10);
        ahead.start(batch);
        for (std::size_t i = 0; i < 10; ++i) {
            QVERIFY(sameAsPlain(ahead.take(i), batch[i]));
        }
        ahead.finish();
        QCOMPARE(ahead.decodedByHelper() + ahead.decodedByCaller(), std::uint64_t(10));
    }
};

QTEST_GUILESS_MAIN(TestDecodeAhead)
#include "tst_decode_ahead.moc"
