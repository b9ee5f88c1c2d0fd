#include "campaign_metrics.h"
#include "text_hash.h"

#include <algorithm>
#include <bit>

namespace trackboard {

namespace {

template <typename C> void encodeCounters(VarintWriter &w, const C &c) {
    w.u(c.visitors.entered());
    w.u(c.sessions);
    w.u(c.convertingUsers.entered());
    w.u(c.orders);
    w.s(c.revenueCents);
}

template <typename C> void decodeCounters(VarintReader &r, C &c) {
    c.visitors.setEntered(r.u());
    c.sessions = r.u();
    c.convertingUsers.setEntered(r.u());
    c.orders = r.u();
    c.revenueCents = r.s();
}

void sortRows(std::vector<CampaignRow> &rows) {
    std::sort(rows.begin(), rows.end(), [](const CampaignRow &a, const CampaignRow &b) {
        if (a.visitors != b.visitors) {
            return a.visitors > b.visitors;
        }
        if (a.revenueCents != b.revenueCents) {
            return a.revenueCents > b.revenueCents;
        }
        return a.name < b.name;
    });
}

} // namespace

void CampaignMetrics::Counters::add(const Counters &o) {
    visitors.mergeFrom(o.visitors);
    sessions += o.sessions;
    convertingUsers.mergeFrom(o.convertingUsers);
    orders += o.orders;
    revenueCents += o.revenueCents;
}

CampaignMetrics::CampaignMetrics()
    : sourceCounts_(kMaxNames + 1)
    , campaignCounts_(kMaxNames + 1) {}

template <typename Bits>
void CampaignMetrics::mark(std::array<Bits, 2> &marks, std::uint32_t id, Counters &c,
                           bool converted, std::uint64_t userHash) {
    const auto bit = Bits(Bits(1) << id);
    if ((marks[0] & bit) == 0) {
        marks[0] |= bit;
        c.visitors.enter(userHash, forgetting_);
    }
    if (converted && (marks[1] & bit) == 0) {
        marks[1] |= bit;
        c.convertingUsers.enter(userHash, forgetting_);
    }
}

template <typename F> void CampaignMetrics::eachCountOf(const UserMarks &m, F &&f) {
    const auto each = [&f](auto marks, std::size_t n, auto counts) {
        for (std::size_t id = 0; id < n; ++id) {
            using Bits = typename decltype(marks)::value_type;
            const auto bit = Bits(Bits(1) << id);
            if ((marks[0] & bit) != 0) {
                f(counts(id).visitors);
            }
            if ((marks[1] & bit) != 0) {
                f(counts(id).convertingUsers);
            }
        }
    };
    each(m.channels, kTrafficChannelCount,
         [this](std::size_t id) -> Counters & { return channelCounts_[id]; });
    each(m.sources, sources_.size(),
         [this](std::size_t id) -> Counters & { return sourceCounts_[id]; });
    each(m.campaigns, campaigns_.size(),
         [this](std::size_t id) -> Counters & { return campaignCounts_[id]; });
}

void CampaignMetrics::forgetUsers(const std::vector<std::uint64_t> &sortedHashes) {
    const auto forgets = [&sortedHashes](std::uint64_t hash) {
        return std::binary_search(sortedHashes.begin(), sortedHashes.end(), hash);
    };
    if (sortedHashes.empty()) {
        return;
    }
    forgetEntries(users_, forgetting_, forgets,
                  [this](const UserMarks &m, auto &&f) { eachCountOf(m, f); });
}

CampaignMetrics::SessionEntry CampaignMetrics::acquisitionOf(const Event &event) {
    const std::uint64_t page = hashText(event.page);
    const std::uint64_t referrer = hashText(event.referrer);
    AcquisitionMemo &memo = memo_[(page ^ std::rotl(referrer, 17)) % kMemoSlots];
    if (memo.page != page || memo.referrer != referrer) {
        const Acquisition a = parser_.parse(event.page, event.referrer);
        memo.page = page;
        memo.referrer = referrer;
        memo.entry = {std::uint8_t(a.channel), sources_.id(a.source), campaigns_.id(a.campaign)};
    }
    return memo.entry;
}

void CampaignMetrics::apply(const Event &event, const BusinessEventContext &context) {
    // Only a session's first event and purchases change anything: most events stop here,
    // without a probe of the session table.
    if (!context.sessionStart && event.type != EventType::Purchase) {
        return;
    }
    bool inserted = false;
    SessionEntry *session = sessionTable_.find(context.sessionHash);
    if (session == nullptr) {
        session = sessionTable_.findOrInsert(context.sessionHash, inserted);
        if (session == nullptr) {
            ++untrackedSessions_;
        } else {
            // The session's first event carries its acquisition (the entry page_view).
            *session = acquisitionOf(event);
            if (session->source == BoundedInterner::kOther ||
                session->campaign == BoundedInterner::kOther) {
                ++otherNames_;
            }
            ++channelCounts_[session->channel].sessions;
            ++sourceCounts_[session->source].sessions;
            ++campaignCounts_[session->campaign].sessions;
        }
    }
    if (session == nullptr) {
        if (event.type == EventType::Purchase) {
            ++unattributedOrders_;
        }
        return;
    }
    const bool purchase = event.type == EventType::Purchase;
    if (!inserted && !purchase) {
        return; // visitors are counted at the session's start, conversions at a purchase
    }
    Counters &channel = channelCounts_[session->channel];
    Counters &source = sourceCounts_[session->source];
    Counters &campaign = campaignCounts_[session->campaign];
    bool newUser = false;
    if (UserMarks *user = users_.findOrInsert(context.userHash, newUser)) {
        mark(user->channels, session->channel, channel, purchase, context.userHash);
        mark(user->sources, session->source, source, purchase, context.userHash);
        mark(user->campaigns, session->campaign, campaign, purchase, context.userHash);
    } else {
        ++untrackedUsers_;
    }
    if (purchase) {
        const std::int64_t cents = event.hasOrder ? event.order.valueCents : 0;
        for (Counters *c : {&channel, &source, &campaign}) {
            ++c->orders;
            c->revenueCents += cents;
        }
    }
}

void CampaignMetrics::mergeFrom(const CampaignMetrics &other) {
    for (std::size_t i = 0; i < kTrafficChannelCount; ++i) {
        channelCounts_[i].add(other.channelCounts_[i]);
    }
    for (std::size_t id = 0; id < other.sources_.size(); ++id) {
        const std::uint32_t to =
            id == 0 ? BoundedInterner::kOther : sources_.id(other.sources_.name(std::uint32_t(id)));
        sourceCounts_[to].add(other.sourceCounts_[id]);
    }
    for (std::size_t id = 0; id < other.campaigns_.size(); ++id) {
        const std::uint32_t to = id == 0 ? BoundedInterner::kOther
                                         : campaigns_.id(other.campaigns_.name(std::uint32_t(id)));
        campaignCounts_[to].add(other.campaignCounts_[id]);
    }
    untrackedSessions_ += other.untrackedSessions_;
    unattributedOrders_ += other.unattributedOrders_;
    otherNames_ += other.otherNames_;
    untrackedUsers_ += other.untrackedUsers_;
}

void CampaignMetrics::fill(CampaignReport &report, std::int64_t /*nowMs*/) const {
    auto row = [](std::string_view name, const Counters &c) {
        const std::uint64_t visitors = c.visitors.value();
        return CampaignRow{std::string(name),
                           visitors,
                           c.sessions,
                           std::min(visitors, c.convertingUsers.value()),
                           c.orders,
                           c.revenueCents,
                           c.visitors.estimated() || c.convertingUsers.estimated()};
    };
    report = {};
    for (std::size_t i = 0; i < kTrafficChannelCount; ++i) {
        if (channelCounts_[i].sessions > 0) {
            report.channels.push_back(
                row(trafficChannelName(TrafficChannel(i)), channelCounts_[i]));
        }
    }
    for (std::size_t id = 0; id < sources_.size(); ++id) {
        if (sourceCounts_[id].sessions > 0) {
            report.sources.push_back(row(sources_.name(std::uint32_t(id)), sourceCounts_[id]));
        }
    }
    for (std::size_t id = 0; id < campaigns_.size(); ++id) {
        if (campaignCounts_[id].sessions > 0) {
            report.campaigns.push_back(
                row(campaigns_.name(std::uint32_t(id)), campaignCounts_[id]));
        }
    }
    sortRows(report.channels);
    sortRows(report.sources);
    sortRows(report.campaigns);
    report.untrackedSessions = untrackedSessions_;
    report.unattributedOrders = unattributedOrders_;
    report.otherNames = otherNames_;
    report.untrackedVisitors = untrackedUsers_;
}

// Layout: names of each interner (ids 1..n, in order), the counters, the sessions, the users'
// marks, the overflow counts.
void CampaignMetrics::encode(VarintWriter &w) const {
    for (const BoundedInterner *names : {&sources_, &campaigns_}) {
        w.u(names->size() - 1);
        for (std::size_t id = 1; id < names->size(); ++id) {
            w.str(names->name(std::uint32_t(id)));
        }
    }
    for (const Counters &c : channelCounts_) {
        encodeCounters(w, c);
    }
    for (std::size_t id = 0; id < sources_.size(); ++id) {
        encodeCounters(w, sourceCounts_[id]);
    }
    for (std::size_t id = 0; id < campaigns_.size(); ++id) {
        encodeCounters(w, campaignCounts_[id]);
    }
    w.u(sessionTable_.size());
    sessionTable_.forEach([&](std::uint64_t hash, const SessionEntry &s) {
        w.fixed64(hash);
        w.u(s.channel);
        w.u(s.source);
        w.u(s.campaign);
    });
    w.u(users_.size());
    users_.forEach([&](std::uint64_t hash, const UserMarks &m) {
        w.fixed64(hash);
        for (int i = 0; i < 2; ++i) {
            w.u(m.sources[i]);
            w.u(m.campaigns[i]);
            w.u(m.channels[i]);
        }
    });
    w.u(untrackedSessions_);
    w.u(unattributedOrders_);
    w.u(otherNames_);
    w.u(untrackedUsers_);
    // Since the users forget: the flag, then each count's sketch, in the counters' order.
    w.u(forgetting_ ? 1 : 0);
    eachCounters(*this, [&w](const Counters &c) {
        c.visitors.encodeForgetting(w);
        c.convertingUsers.encodeForgetting(w);
    });
}

void CampaignMetrics::forgetSessions(const std::vector<std::uint64_t> &sortedHashes) {
    if (sortedHashes.empty()) {
        return;
    }
    sessionTable_.eraseIf([&sortedHashes](std::uint64_t hash, const SessionEntry &) {
        return std::binary_search(sortedHashes.begin(), sortedHashes.end(), hash);
    });
}

bool CampaignMetrics::decode(VarintReader &r, bool mayLackForgetting) {
    *this = CampaignMetrics();
    for (BoundedInterner *names : {&sources_, &campaigns_}) {
        const std::uint64_t n = r.count();
        if (n > kMaxNames) {
            return false;
        }
        for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
            // A repeated name would shift every later id: not something encode() writes.
            if (names->id(r.str()) != i + 1) {
                return false;
            }
        }
    }
    for (Counters &c : channelCounts_) {
        decodeCounters(r, c);
    }
    for (std::size_t id = 0; id < sources_.size(); ++id) {
        decodeCounters(r, sourceCounts_[id]);
    }
    for (std::size_t id = 0; id < campaigns_.size(); ++id) {
        decodeCounters(r, campaignCounts_[id]);
    }
    const std::uint64_t sessions = r.count();
    if (sessions > kMaxSessions) {
        return false;
    }
    for (std::uint64_t i = 0; i < sessions && r.ok(); ++i) {
        const std::uint64_t hash = r.fixed64();
        const std::uint64_t channel = r.u();
        const std::uint64_t source = r.u();
        const std::uint64_t campaign = r.u();
        bool inserted = false;
        SessionEntry *s = hash == 0 || channel >= kTrafficChannelCount ||
                                  source >= sources_.size() || campaign >= campaigns_.size()
                              ? nullptr
                              : sessionTable_.findOrInsert(hash, inserted);
        if (s == nullptr || !inserted) {
            return false;
        }
        *s = {std::uint8_t(channel), std::uint32_t(source), std::uint32_t(campaign)};
    }
    const std::uint64_t users = r.count();
    if (users > kMaxUsers) {
        return false;
    }
    for (std::uint64_t i = 0; i < users && r.ok(); ++i) {
        const std::uint64_t hash = r.fixed64();
        UserMarks m;
        bool valid = hash != 0;
        for (int k = 0; k < 2; ++k) {
            m.sources[k] = r.u();
            m.campaigns[k] = r.u();
            const std::uint64_t channels = r.u();
            valid = valid && channels < (1u << kTrafficChannelCount);
            m.channels[k] = std::uint8_t(channels);
        }
        bool inserted = false;
        UserMarks *into = valid ? users_.findOrInsert(hash, inserted) : nullptr;
        if (into == nullptr || !inserted) {
            return false;
        }
        *into = m;
    }
    untrackedSessions_ = r.u();
    unattributedOrders_ = r.u();
    otherNames_ = r.u();
    untrackedUsers_ = r.u();
    if (r.ok() && !(mayLackForgetting && r.atEnd())) {
        const std::uint64_t forgetting = r.u();
        bool valid = forgetting <= 1;
        forgetting_ = forgetting == 1;
        eachCounters(*this, [&r, &valid](Counters &c) {
            valid =
                valid && c.visitors.decodeForgetting(r) && c.convertingUsers.decodeForgetting(r);
        });
        return valid && r.ok();
    }
    return r.ok();
}

} // namespace trackboard
