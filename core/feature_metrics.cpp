#include "feature_metrics.h"

#include "hyperloglog.h"
#include "interned_names_codec.h"

#include <algorithm>

namespace trackboard {

FeatureMetrics::FeatureMetrics()
    : FeatureMetrics(Limits{}) {}

FeatureMetrics::FeatureMetrics(const Limits &limits)
    : limits_(limits)
    , elements_(limits.elements)
    , tallies_(1)
    , visitors_(limits.visitors)
    , userElements_(limits.userElements) {}

std::uint64_t FeatureMetrics::pairKey(std::uint64_t userHash, std::uint32_t element) {
    return mixHash(userHash ^ (std::uint64_t(element) * 0x9e3779b97f4a7c15ULL));
}

// True when this is the user's first click on the element.
bool FeatureMetrics::markUser(std::uint64_t *mask, std::uint64_t userHash, std::uint32_t element) {
    if (element < kMaskedElements) {
        const std::uint64_t bit = std::uint64_t{1} << element;
        const bool first = (*mask & bit) == 0;
        *mask |= bit;
        return first;
    }
    bool inserted = false;
    if (userElements_.findOrInsert(pairKey(userHash, element), inserted) == nullptr) {
        ++untrackedPairs_;
        return false;
    }
    return inserted;
}

void FeatureMetrics::apply(const Event &event, const BusinessEventContext &context) {
    // A user seen before, not clicking, changes nothing: skip the probe of the visitor table.
    if (!context.newUser && event.type != EventType::Click) {
        return;
    }
    bool newVisitor = false;
    std::uint64_t *mask = visitors_.findOrInsert(context.userHash, newVisitor);
    if (mask == nullptr) {
        ++untrackedUserEvents_;
    } else if (newVisitor) {
        ++visitorCount_;
    }
    if (event.type != EventType::Click) {
        return;
    }
    if (event.element.empty()) {
        ++unnamedClicks_;
        return;
    }
    const std::uint32_t id = elements_.id(event.element);
    if (id >= tallies_.size()) {
        tallies_.resize(id + 1); // only for a name seen for the first time
    }
    ++tallies_[id].clicks;
    if (mask != nullptr && markUser(mask, context.userHash, id)) {
        ++tallies_[id].users;
    }
}

void FeatureMetrics::mergeFrom(const FeatureMetrics &other) {
    for (std::size_t id = 0; id < other.tallies_.size(); ++id) {
        const std::uint32_t mine =
            id == 0 ? BoundedInterner::kOther
                    : elements_.id(other.elements_.name(static_cast<std::uint32_t>(id)));
        if (mine >= tallies_.size()) {
            tallies_.resize(mine + 1);
        }
        tallies_[mine].clicks += other.tallies_[id].clicks;
        tallies_[mine].users += other.tallies_[id].users;
    }
    visitorCount_ += other.visitorCount_;
    unnamedClicks_ += other.unnamedClicks_;
    untrackedUserEvents_ += other.untrackedUserEvents_;
    untrackedPairs_ += other.untrackedPairs_;
}

void FeatureMetrics::fill(FeatureReport &report, std::int64_t) const {
    report = FeatureReport{};
    report.visitors = visitorCount_;
    report.unnamedClicks = unnamedClicks_;
    report.untrackedUserEvents = untrackedUserEvents_;
    report.elements = elements_.size() - 1;
    report.otherElementClicks = tallies_[BoundedInterner::kOther].clicks;
    std::vector<FeatureUsage> all;
    for (std::size_t id = 0; id < tallies_.size(); ++id) {
        const ElementTally &t = tallies_[id];
        report.clicks += t.clicks;
        if (t.clicks == 0) {
            continue;
        }
        FeatureUsage use{elements_.name(static_cast<std::uint32_t>(id)), t.clicks, t.users, 0, 0};
        if (visitorCount_ > 0) {
            use.clicksPerVisitor = double(t.clicks) / double(visitorCount_);
            use.visitorShare = double(t.users) / double(visitorCount_);
        }
        all.push_back(std::move(use));
    }
    const std::size_t keep = std::min(kTop, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      [](const FeatureUsage &a, const FeatureUsage &b) {
                          return a.clicks != b.clicks ? a.clicks > b.clicks : a.element < b.element;
                      });
    all.resize(keep);
    report.top = std::move(all);
}

void FeatureMetrics::encode(VarintWriter &w) const {
    encodeInternedNames(w, elements_);
    for (const ElementTally &t : tallies_) {
        w.u(t.clicks);
        w.u(t.users);
    }
    for (const std::uint64_t n :
         {visitorCount_, unnamedClicks_, untrackedUserEvents_, untrackedPairs_}) {
        w.u(n);
    }
    w.u(visitors_.size());
    visitors_.forEach([&w](std::uint64_t hash, std::uint64_t mask) {
        w.fixed64(hash);
        w.u(mask);
    });
    w.u(userElements_.size());
    userElements_.forEach([&w](std::uint64_t hash, std::uint8_t) { w.fixed64(hash); });
}

bool FeatureMetrics::decode(VarintReader &r) {
    if (!decodeInternedNames(r, elements_, limits_.elements)) {
        return false;
    }
    tallies_.assign(elements_.size(), ElementTally{});
    for (ElementTally &t : tallies_) {
        t.clicks = r.u();
        t.users = r.u();
    }
    for (std::uint64_t *n :
         {&visitorCount_, &unnamedClicks_, &untrackedUserEvents_, &untrackedPairs_}) {
        *n = r.u();
    }
    // Bits only for element ids that exist: a mask naming more is not ours.
    const std::uint64_t validBits = elements_.size() >= kMaskedElements
                                        ? ~std::uint64_t{0}
                                        : (std::uint64_t{1} << elements_.size()) - 1;
    const std::uint64_t visitorCount = r.count();
    if (!r.ok() || visitorCount > visitors_.maxKeys()) {
        return false;
    }
    for (std::uint64_t i = 0; i < visitorCount; ++i) {
        const std::uint64_t hash = r.fixed64();
        const std::uint64_t mask = r.u();
        bool inserted = false;
        std::uint64_t *slot = r.ok() && hash != 0 && (mask & ~validBits) == 0
                                  ? visitors_.findOrInsert(hash, inserted)
                                  : nullptr;
        if (slot == nullptr || !inserted) {
            return false;
        }
        *slot = mask;
    }
    const std::uint64_t pairCount = r.count();
    if (!r.ok() || pairCount > userElements_.maxKeys()) {
        return false;
    }
    for (std::uint64_t i = 0; i < pairCount; ++i) {
        const std::uint64_t hash = r.fixed64();
        bool inserted = false;
        if (!r.ok() || hash == 0 || userElements_.findOrInsert(hash, inserted) == nullptr ||
            !inserted) {
            return false;
        }
    }
    return r.ok();
}

} // namespace trackboard
