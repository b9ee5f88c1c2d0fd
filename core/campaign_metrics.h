#pragma once

#include "bounded_interner.h"
#include "business_context.h"
#include "distinct_count.h"
#include "flat_hash_table.h"
#include "traffic_channel.h"
#include "varint_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

// One channel, source or campaign: what its sessions brought (docs/analytics.md).
struct CampaignRow {
    std::string name;
    std::uint64_t visitors = 0;        // distinct users with at least one session from here
    std::uint64_t sessions = 0;        // sessions whose first event came from here
    std::uint64_t convertingUsers = 0; // distinct users who purchased in such a session
    std::uint64_t orders = 0;          // purchases in such sessions
    std::int64_t revenueCents = 0;     // their order value
    bool estimated = false;            // visitors and converting users are HyperLogLog estimates
    double conversion() const { return visitors == 0 ? 0 : double(convertingUsers) / visitors; }
    bool operator==(const CampaignRow &) const = default;
};

// What CampaignMetrics shows at one instant: a plain value that crosses threads by copy. Rows
// are sorted by visitors, then revenue, then name; channels list only those seen.
struct CampaignReport {
    std::vector<CampaignRow> channels;
    std::vector<CampaignRow> sources;
    std::vector<CampaignRow> campaigns;
    std::uint64_t untrackedSessions = 0;  // the session table was full: not attributed
    std::uint64_t unattributedOrders = 0; // a purchase in a session not attributed
    std::uint64_t otherNames = 0;         // sessions whose source or campaign went to "(other)"
    std::uint64_t untrackedVisitors = 0;  // user table full: visitors counted low by up to this
    bool operator==(const CampaignReport &) const = default;
};

// Campaigns and referrer channels (#20 section 1). A session is attributed once, at its first
// event (the entry page_view: its referrer and utm parameters); every purchase in the session is
// credited to that channel, source and campaign. One per partition inside AnalyticsAggregator:
// the per-session and per-user tables stay per partition (every event of a user is in one
// partition), so mergeFrom() adds counters by name and the merged view is exact.
class CampaignMetrics {
public:
    // Sources, and campaigns, each: ids 0 ("(other)") to 63, one bit each in a user's marks.
    static constexpr std::size_t kMaxNames = 63;
    static constexpr std::size_t kMaxSessions = 750'000; // as AnalyticsAggregator
    static constexpr std::size_t kMaxUsers = 750'000;    // as AnalyticsAggregator

    CampaignMetrics();
    void apply(const Event &event, const BusinessEventContext &context);
    // Forgets the acquisition of these sessions (sorted), which the analytics forgot for being
    // quiet longer than its longest window: a purchase after that is a new session's. Without
    // it the table filled to its cap in about 75 minutes at 20,000 events/s, and later
    // sessions went unattributed.
    void forgetSessions(const std::vector<std::uint64_t> &sortedHashes);
    // Forgets these users' marks (sorted hashes), whom the analytics forgot likewise; from the
    // first forgetting on, visitors and converting users are also sketched (DistinctCount).
    void forgetUsers(const std::vector<std::uint64_t> &sortedHashes);
    std::size_t trackedSessions() const { return sessionTable_.size(); }
    void mergeFrom(const CampaignMetrics &other);
    void fill(CampaignReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    // A checkpoint before version 5 may lack the forgetting section at the end (then nothing
    // was forgotten); since then it is required, so that a cut blob is refused.
    bool decode(VarintReader &r, bool mayLackForgetting = false);

    // Bytes of the per-user and per-session tables (docs/memory.md).
    std::size_t tableBytes() const {
        return sessionTable_.capacity() * sessionTable_.slotBytes() +
               users_.capacity() * users_.slotBytes();
    }

private:
    struct Counters {
        DistinctCount visitors;
        std::uint64_t sessions = 0;
        DistinctCount convertingUsers;
        std::uint64_t orders = 0;
        std::int64_t revenueCents = 0;
        void add(const Counters &o);
    };
    struct SessionEntry {
        std::uint8_t channel = 0;
        std::uint32_t source = 0;
        std::uint32_t campaign = 0;
    };
    // Per user, one bit per channel, source and campaign id: [0] visited, [1] converted. One
    // table probe per session start answers all three "already counted?" questions.
    struct UserMarks {
        std::array<std::uint64_t, 2> sources{};
        std::array<std::uint64_t, 2> campaigns{};
        std::array<std::uint8_t, 2> channels{};
    };

    // The last acquisition read for a (page, referrer) pair, by their hashes: sessions land on
    // a few campaign links and referrers, and reading a URL's query costs a thousand
    // instructions. A pure cache: the same pair always reads the same, and ids never change.
    struct AcquisitionMemo {
        std::uint64_t page = 0; // hashText(page), never 0 once filled
        std::uint64_t referrer = 0;
        SessionEntry entry;
    };
    static constexpr std::size_t kMemoSlots = 64;
    SessionEntry acquisitionOf(const Event &event);

    template <typename Bits>
    void mark(std::array<Bits, 2> &marks, std::uint32_t id, Counters &c, bool converted,
              std::uint64_t userHash);
    // Calls f(counters) for every channel's, source's and campaign's, in the checkpoint's order.
    template <typename Self, typename F> static void eachCounters(Self &self, F &&f) {
        for (auto &c : self.channelCounts_) {
            f(c);
        }
        for (std::size_t id = 0; id < self.sources_.size(); ++id) {
            f(self.sourceCounts_[id]);
        }
        for (std::size_t id = 0; id < self.campaigns_.size(); ++id) {
            f(self.campaignCounts_[id]);
        }
    }
    // Calls f(count) for every distinct count a user's marks are in.
    template <typename F> void eachCountOf(const UserMarks &m, F &&f);

    AcquisitionParser parser_;
    std::array<AcquisitionMemo, kMemoSlots> memo_{};
    BoundedInterner sources_{kMaxNames};
    BoundedInterner campaigns_{kMaxNames};
    std::array<Counters, kTrafficChannelCount> channelCounts_{};
    std::vector<Counters> sourceCounts_;
    std::vector<Counters> campaignCounts_;
    FlatHashTable<SessionEntry> sessionTable_{kMaxSessions};
    FlatHashTable<UserMarks> users_{kMaxUsers};
    std::uint64_t untrackedSessions_ = 0;
    std::uint64_t unattributedOrders_ = 0;
    std::uint64_t otherNames_ = 0;
    std::uint64_t untrackedUsers_ = 0; // sessions of users beyond the cap: not in visitors
    bool forgetting_ = false;          // forgetUsers() has forgotten someone
};

} // namespace trackboard
