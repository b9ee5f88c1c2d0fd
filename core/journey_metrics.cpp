#include "journey_metrics.h"

#include "interned_names_codec.h"

#include <algorithm>
#include <bit>

namespace trackboard {

namespace {
// Page ids take 21 bits in a flow key, so the page cap must stay below this.
constexpr std::size_t kMaxPageCap = (std::size_t{1} << 20) - 1;

constexpr std::uint64_t kFlowMultiplier = 0x9e3779b97f4a7c15ULL; // odd: invertible mod 2^64

constexpr std::uint64_t inverseOf(std::uint64_t odd) {
    std::uint64_t x = odd; // Newton's iteration doubles the correct low bits each step
    for (int i = 0; i < 6; ++i) {
        x *= 2 - odd * x;
    }
    return x;
}
constexpr std::uint64_t kFlowMultiplierInverse = inverseOf(kFlowMultiplier);
static_assert(kFlowMultiplier * kFlowMultiplierInverse == 1);
} // namespace

JourneyMetrics::JourneyMetrics()
    : JourneyMetrics(Limits{}) {}

JourneyMetrics::JourneyMetrics(const Limits &limits)
    : limits_{std::min(limits.pages, kMaxPageCap), limits.sessions, limits.transitions,
              limits.paths}
    , pages_(limits_.pages)
    , tallies_(1)
    , sessions_(limits.sessions)
    , transitions_(limits.transitions)
    , paths_(limits.paths) {}

// Each id + 1 (kNoPage + 1 wraps to 0) in its own 21 bits, so distinct flows pack to distinct
// non-zero values; an odd multiply and a rotation (both invertible) then spread every bit over
// the low ones that pick a slot. Keys never collide, and flowPages() reads the pages back.
std::uint64_t JourneyMetrics::flowKey(const FlowPages &pages) {
    std::uint64_t packed = 0;
    for (const std::uint32_t page : pages) {
        packed = (packed << 21) | (std::uint64_t(page + 1U) & 0x1fffffU);
    }
    return std::rotr(packed * kFlowMultiplier, 32);
}

JourneyMetrics::FlowPages JourneyMetrics::flowPages(std::uint64_t key) {
    const std::uint64_t packed = std::rotl(key, 32) * kFlowMultiplierInverse;
    FlowPages pages{};
    for (std::size_t i = 0; i < pages.size(); ++i) {
        pages[i] = static_cast<std::uint32_t>((packed >> (42 - 21 * i)) & 0x1fffffU) - 1U;
    }
    return pages;
}

std::uint32_t JourneyMetrics::pageId(std::string_view path, std::uint64_t hash) {
    const std::uint32_t id = pages_.id(path, hash);
    if (id >= tallies_.size()) {
        tallies_.resize(id + 1); // only when a page is seen for the first time
    }
    if (id == HashedNames::kOther) {
        ++otherPageEvents_;
    }
    return id;
}

bool JourneyMetrics::addFlow(FlowTable &table, const FlowPages &pages, std::uint64_t count) {
    bool inserted = false;
    std::uint64_t *tally = table.findOrInsert(flowKey(pages), inserted);
    if (tally == nullptr) {
        return false;
    }
    *tally += count;
    return true;
}

void JourneyMetrics::apply(const Event &event, const BusinessEventContext &context) {
    const std::string_view path = context.path;
    if (path.empty()) {
        return;
    }
    SessionPages *session = nullptr;
    bool started = false;
    if (event.type == EventType::PageView) {
        session = sessions_.findOrInsert(context.sessionHash, started);
        if (session == nullptr) {
            ++untrackedSessionViews_;
            return;
        }
    } else {
        session = sessions_.find(context.sessionHash);
        if (session == nullptr) {
            return; // no page view yet: the journey has not started
        }
    }
    const std::uint32_t page = pageId(path, context.pathHash);
    if (started) {
        session->current = page;
        ++tallies_[page].entries;
        ++tallies_[page].exits;
        ++sessionCount_;
        return;
    }
    if (page == session->current) {
        return; // a click or an add-to-cart on the page the session is on: not a move
    }
    // The session's exit moves on: the count stays one exit per session, and adds under merge.
    --tallies_[session->current].exits;
    ++tallies_[page].exits;
    ++steps_;
    if (!addFlow(transitions_, {session->current, page, kNoPage}, 1)) {
        ++uncountedTransitions_;
    }
    if (session->previous != kNoPage &&
        !addFlow(paths_, {session->previous, session->current, page}, 1)) {
        ++uncountedPaths_;
    }
    session->previous = session->current;
    session->current = page;
}

void JourneyMetrics::forgetSessions(const std::vector<std::uint64_t> &sortedHashes) {
    if (sortedHashes.empty()) {
        return;
    }
    sessions_.eraseIf([&sortedHashes](std::uint64_t hash, const SessionPages &) {
        return std::binary_search(sortedHashes.begin(), sortedHashes.end(), hash);
    });
}

void JourneyMetrics::mergeFrom(const JourneyMetrics &other) {
    std::vector<std::uint32_t> ids(other.pages_.size(), HashedNames::kOther);
    for (std::size_t id = 1; id < ids.size(); ++id) {
        ids[id] = pages_.id(other.pages_.name(static_cast<std::uint32_t>(id)));
    }
    tallies_.resize(std::max(tallies_.size(), pages_.size()));
    for (std::size_t id = 0; id < other.tallies_.size(); ++id) {
        tallies_[ids[id]].entries += other.tallies_[id].entries;
        tallies_[ids[id]].exits += other.tallies_[id].exits;
    }
    const auto remap = [&ids](std::uint64_t key) {
        FlowPages pages = flowPages(key);
        for (std::uint32_t &page : pages) {
            page = page == kNoPage ? kNoPage : ids[page];
        }
        return pages;
    };
    other.transitions_.forEach([&](std::uint64_t key, std::uint64_t count) {
        if (!addFlow(transitions_, remap(key), count)) {
            uncountedTransitions_ += count;
        }
    });
    other.paths_.forEach([&](std::uint64_t key, std::uint64_t count) {
        if (!addFlow(paths_, remap(key), count)) {
            uncountedPaths_ += count;
        }
    });
    sessionCount_ += other.sessionCount_;
    steps_ += other.steps_;
    untrackedSessionViews_ += other.untrackedSessionViews_;
    uncountedTransitions_ += other.uncountedTransitions_;
    uncountedPaths_ += other.uncountedPaths_;
    otherPageEvents_ += other.otherPageEvents_;
}

std::vector<JourneyPage> JourneyMetrics::topPages(bool exits) const {
    std::vector<JourneyPage> all;
    for (std::size_t id = 0; id < tallies_.size(); ++id) {
        const std::uint64_t n = exits ? tallies_[id].exits : tallies_[id].entries;
        if (n > 0) {
            all.push_back({pages_.name(static_cast<std::uint32_t>(id)), n});
        }
    }
    const std::size_t keep = std::min(kTop, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      [](const JourneyPage &a, const JourneyPage &b) {
                          return a.sessions != b.sessions ? a.sessions > b.sessions
                                                          : a.page < b.page;
                      });
    all.resize(keep);
    return all;
}

std::vector<JourneyFlow> JourneyMetrics::topFlows(const FlowTable &table) const {
    struct Flow {
        FlowPages pages;
        std::uint64_t count;
    };
    std::vector<Flow> all;
    all.reserve(table.size());
    table.forEach([&all](std::uint64_t key, std::uint64_t count) {
        all.push_back({flowPages(key), count});
    });
    const auto byName = [this](const Flow &a, const Flow &b) {
        if (a.count != b.count) {
            return a.count > b.count;
        }
        for (std::size_t i = 0; i < a.pages.size(); ++i) {
            if (a.pages[i] != b.pages[i]) {
                if (a.pages[i] == kNoPage || b.pages[i] == kNoPage) {
                    return a.pages[i] == kNoPage;
                }
                return pages_.name(a.pages[i]) < pages_.name(b.pages[i]);
            }
        }
        return false;
    };
    const std::size_t keep = std::min(kTop, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      byName);
    std::vector<JourneyFlow> top;
    for (std::size_t i = 0; i < keep; ++i) {
        JourneyFlow flow;
        for (const std::uint32_t page : all[i].pages) {
            if (page != kNoPage) {
                flow.pages.push_back(pages_.name(page));
            }
        }
        flow.count = all[i].count;
        top.push_back(std::move(flow));
    }
    return top;
}

void JourneyMetrics::fill(JourneyReport &report, std::int64_t) const {
    report.sessions = sessionCount_;
    report.steps = steps_;
    report.entryPages = topPages(false);
    report.exitPages = topPages(true);
    report.transitions = topFlows(transitions_);
    report.paths = topFlows(paths_);
    report.untrackedSessionViews = untrackedSessionViews_;
    report.uncountedTransitions = uncountedTransitions_;
    report.uncountedPaths = uncountedPaths_;
    report.otherPageEvents = otherPageEvents_;
}

// Page ids are written + 1 so that kNoPage is 0 on the wire.
void JourneyMetrics::encodeFlows(VarintWriter &w, const FlowTable &table) const {
    w.u(table.size());
    table.forEach([&w](std::uint64_t key, std::uint64_t count) {
        for (const std::uint32_t page : flowPages(key)) {
            w.u(page + 1U);
        }
        w.u(count);
    });
}

bool JourneyMetrics::decodeFlows(VarintReader &r, FlowTable &table) const {
    const std::uint64_t count = r.count();
    if (!r.ok() || count > table.maxKeys()) {
        return false;
    }
    for (std::uint64_t i = 0; i < count; ++i) {
        FlowPages pages{};
        for (std::uint32_t &page : pages) {
            const std::uint64_t wire = r.u();
            if (wire > tallies_.size()) {
                return false;
            }
            page = static_cast<std::uint32_t>(wire) - 1U;
        }
        const std::uint64_t n = r.u();
        bool inserted = false;
        std::uint64_t *count = table.findOrInsert(flowKey(pages), inserted);
        if (!r.ok() || count == nullptr || !inserted || pages[0] == kNoPage ||
            pages[1] == kNoPage) {
            return false;
        }
        *count = n;
    }
    return true;
}

void JourneyMetrics::encode(VarintWriter &w) const {
    encodeInternedNames(w, pages_);
    for (const PageTally &t : tallies_) {
        w.u(t.entries);
        w.u(t.exits);
    }
    for (const std::uint64_t n : {sessionCount_, steps_, untrackedSessionViews_,
                                  uncountedTransitions_, uncountedPaths_, otherPageEvents_}) {
        w.u(n);
    }
    w.u(sessions_.size());
    sessions_.forEach([&w](std::uint64_t hash, const SessionPages &s) {
        w.fixed64(hash);
        w.u(s.previous + 1U);
        w.u(s.current + 1U);
    });
    encodeFlows(w, transitions_);
    encodeFlows(w, paths_);
}

bool JourneyMetrics::decode(VarintReader &r) {
    if (!decodeInternedNames(r, pages_, limits_.pages)) {
        return false;
    }
    tallies_.assign(pages_.size(), PageTally{});
    for (PageTally &t : tallies_) {
        t.entries = r.u();
        t.exits = r.u();
    }
    for (std::uint64_t *n : {&sessionCount_, &steps_, &untrackedSessionViews_,
                             &uncountedTransitions_, &uncountedPaths_, &otherPageEvents_}) {
        *n = r.u();
    }
    const std::uint64_t sessionCount = r.count();
    if (!r.ok() || sessionCount > sessions_.maxKeys()) {
        return false;
    }
    for (std::uint64_t i = 0; i < sessionCount; ++i) {
        const std::uint64_t hash = r.fixed64();
        const std::uint64_t previous = r.u();
        const std::uint64_t current = r.u();
        bool inserted = false;
        if (!r.ok() || hash == 0 || previous > tallies_.size() || current == 0 ||
            current > tallies_.size()) {
            return false;
        }
        SessionPages *s = sessions_.findOrInsert(hash, inserted);
        if (s == nullptr || !inserted) {
            return false;
        }
        s->previous = static_cast<std::uint32_t>(previous) - 1U;
        s->current = static_cast<std::uint32_t>(current) - 1U;
    }
    return decodeFlows(r, transitions_) && decodeFlows(r, paths_) && r.ok();
}

} // namespace trackboard
