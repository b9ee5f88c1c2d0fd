#pragma once

#include "business_context.h"
#include "flat_hash_table.h"
#include "hashed_names.h"
#include "varint_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

struct JourneyPage {
    std::string page;
    std::uint64_t sessions = 0;
    bool operator==(const JourneyPage &) const = default;
};

// A -> B (two pages) or A -> B -> C (three), and how many times sessions walked it.
struct JourneyFlow {
    std::vector<std::string> pages;
    std::uint64_t count = 0;
    bool operator==(const JourneyFlow &) const = default;
};

// What JourneyMetrics shows at one instant: a plain value that crosses threads by copy.
struct JourneyReport {
    std::uint64_t sessions = 0; // sessions that began with a page view (each has one entry)
    std::uint64_t steps = 0;    // page-to-page moves, all sessions
    std::vector<JourneyPage> entryPages;  // top 10 by sessions, ties by page
    std::vector<JourneyPage> exitPages;   // each session's current last page
    std::vector<JourneyFlow> transitions; // top 10 A -> B
    std::vector<JourneyFlow> paths;       // top 10 A -> B -> C
    // Bounds reached (docs/analytics.md): page views of sessions past the session cap, moves
    // past the transition or path table, page views of pages past the page cap ("(other)").
    std::uint64_t untrackedSessionViews = 0;
    std::uint64_t uncountedTransitions = 0;
    std::uint64_t uncountedPaths = 0;
    std::uint64_t otherPageEvents = 0;
    bool operator==(const JourneyReport &) const = default;
};

// Journeys: entry and exit pages, page-to-page transitions and three-step paths, in bounded memory
// (#20 section 3). A session's journey starts at its first page view; from then on every event
// whose page path (pagePath(): no query string) differs from the session's current page is a
// move. One per partition inside AnalyticsAggregator; mergeFrom() adds another partition's
// counts for the merged view, which is then for fill() only. Counts add exactly because a
// session's events all live in one partition.
class JourneyMetrics {
public:
    struct Limits {
        std::size_t pages = 2048;
        std::size_t sessions = 200'000;
        std::size_t transitions = 16'384;
        std::size_t paths = 65'536;
    };
    static constexpr std::size_t kTop = 10;

    JourneyMetrics();
    explicit JourneyMetrics(const Limits &limits);

    void apply(const Event &event, const BusinessEventContext &context);
    // For the aggregator, as soon as it knows the hashes: the tables apply() will read.
    void prefetch(std::uint64_t sessionHash, std::uint64_t pathHash) const {
        sessions_.prefetch(sessionHash);
        pages_.prefetch(pathHash);
    }
    // Forgets these sessions (sorted hashes), which the analytics forgot for being quiet longer
    // than its longest window: their exits stay counted at their last page, and an event after
    // that starts a new session, as it does in the analytics.
    void forgetSessions(const std::vector<std::uint64_t> &sortedHashes);
    void mergeFrom(const JourneyMetrics &other);
    void fill(JourneyReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    bool decode(VarintReader &r);

    // Bytes of the per-user and per-session tables (docs/memory.md).
    std::size_t tableBytes() const { return sessions_.capacity() * sessions_.slotBytes(); }

private:
    static constexpr std::uint32_t kNoPage = 0xffffffffU;
    struct SessionPages {
        std::uint32_t previous = kNoPage;
        std::uint32_t current = kNoPage;
    };
    struct PageTally {
        std::uint64_t entries = 0;
        std::uint64_t exits = 0;
    };
    // A transition (third page kNoPage) or a path, packed into its table key by flowKey():
    // the key alone names the pages, so a slot is 16 bytes (key, count) and stays in cache.
    using FlowPages = std::array<std::uint32_t, 3>;
    using FlowTable = FlatHashTable<std::uint64_t>;

    static std::uint64_t flowKey(const FlowPages &pages);
    static FlowPages flowPages(std::uint64_t key);
    std::uint32_t pageId(std::string_view path, std::uint64_t hash);
    static bool addFlow(FlowTable &table, const FlowPages &pages, std::uint64_t count);
    std::vector<JourneyPage> topPages(bool exits) const;
    std::vector<JourneyFlow> topFlows(const FlowTable &table) const;
    void encodeFlows(VarintWriter &w, const FlowTable &table) const;
    bool decodeFlows(VarintReader &r, FlowTable &table) const;

    Limits limits_;
    HashedNames pages_;
    std::vector<PageTally> tallies_; // by page id, "(other)" included
    FlatHashTable<SessionPages> sessions_;
    FlowTable transitions_;
    FlowTable paths_;
    std::uint64_t sessionCount_ = 0;
    std::uint64_t steps_ = 0;
    std::uint64_t untrackedSessionViews_ = 0;
    std::uint64_t uncountedTransitions_ = 0;
    std::uint64_t uncountedPaths_ = 0;
    std::uint64_t otherPageEvents_ = 0;
};

} // namespace trackboard
