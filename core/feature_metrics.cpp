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
    std::uint16_t *pair = userElements_.findOrInsert(pairKey(userHash, element), inserted);
    if (pair == nullptr) {
        ++untrackedPairs_;
        return false;
    }
    *pair = std::uint16_t(element);
    return inserted;
}

void FeatureMetrics::forgetUsers(const std::vector<std::uint64_t> &sortedHashes) {
    if (sortedHashes.empty()) {
        return;
    }
    const auto forgets = [&sortedHashes](std::uint64_t hash) {
        return std::binary_search(sortedHashes.begin(), sortedHashes.end(), hash);
    };
    // The pair table's keys mix user and element: these users' keys for the elements it holds.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs;
    if (userElements_.size() > 0) {
        for (const std::uint64_t user : sortedHashes) {
            for (std::uint32_t id = kMaskedElements; id < elements_.size(); ++id) {
                pairs.emplace_back(pairKey(user, id), id);
            }
        }
        std::sort(pairs.begin(), pairs.end());
    }
    const auto elementOf = [&pairs](std::uint64_t key) -> std::uint32_t {
        const auto it = std::lower_bound(pairs.begin(), pairs.end(), std::make_pair(key, 0u));
        return it != pairs.end() && it->first == key ? it->second : 0;
    };
    const auto eachMasked = [this](std::uint64_t mask, auto &&f) {
        for (std::uint32_t id = 0; id < kMaskedElements && id < tallies_.size(); ++id) {
            if ((mask & (std::uint64_t{1} << id)) != 0) {
                f(tallies_[id].users);
            }
        }
    };
    if (!forgetting_) {
        bool any = false;
        visitors_.forEach([&](std::uint64_t hash, std::uint64_t) { any = any || forgets(hash); });
        if (!any) {
            return;
        }
        // The first forgetting: the counts start their sketches with every key they hold.
        forgetting_ = true;
        visitors_.forEach([&](std::uint64_t hash, std::uint64_t mask) {
            visitorCount_.seed(hash);
            eachMasked(mask, [hash](DistinctCount &c) { c.seed(hash); });
        });
        userElements_.forEach([&](std::uint64_t key, std::uint16_t element) {
            if (element != 0 && element < tallies_.size()) {
                tallies_[element].users.seed(key);
            }
        });
    }
    visitors_.eraseIf([&](std::uint64_t hash, std::uint64_t mask) {
        if (!forgets(hash)) {
            return false;
        }
        visitorCount_.forget();
        eachMasked(mask, [](DistinctCount &c) { c.forget(); });
        return true;
    });
    if (!pairs.empty()) {
        userElements_.eraseIf([&](std::uint64_t key, std::uint16_t) {
            const std::uint32_t id = elementOf(key);
            if (id == 0) {
                return false;
            }
            tallies_[id].users.forget();
            return true;
        });
    }
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
        visitorCount_.enter(context.userHash, forgetting_);
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
        tallies_[id].users.enter(
            id < kMaskedElements ? context.userHash : pairKey(context.userHash, id), forgetting_);
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
        tallies_[mine].users.mergeFrom(other.tallies_[id].users);
    }
    visitorCount_.mergeFrom(other.visitorCount_);
    unnamedClicks_ += other.unnamedClicks_;
    untrackedUserEvents_ += other.untrackedUserEvents_;
    untrackedPairs_ += other.untrackedPairs_;
}

void FeatureMetrics::fill(FeatureReport &report, std::int64_t) const {
    report = FeatureReport{};
    const std::uint64_t visitors = visitorCount_.value();
    report.visitors = visitors;
    report.visitorsEstimated = visitorCount_.estimated();
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
        const std::uint64_t users = std::min(visitors, t.users.value());
        FeatureUsage use{elements_.name(static_cast<std::uint32_t>(id)),
                         t.clicks,
                         users,
                         0,
                         0,
                         t.users.estimated()};
        if (visitors > 0) {
            use.clicksPerVisitor = double(t.clicks) / double(visitors);
            use.visitorShare = double(users) / double(visitors);
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
        w.u(t.users.entered());
    }
    for (const std::uint64_t n :
         {visitorCount_.entered(), unnamedClicks_, untrackedUserEvents_, untrackedPairs_}) {
        w.u(n);
    }
    w.u(visitors_.size());
    visitors_.forEach([&w](std::uint64_t hash, std::uint64_t mask) {
        w.fixed64(hash);
        w.u(mask);
    });
    w.u(userElements_.size());
    userElements_.forEach([&w](std::uint64_t hash, std::uint16_t) { w.fixed64(hash); });
    // Since the users forget: the flag, the pairs' elements, the sketches.
    w.u(forgetting_ ? 1 : 0);
    userElements_.forEach([&w](std::uint64_t hash, std::uint16_t element) {
        w.fixed64(hash);
        w.u(element);
    });
    visitorCount_.encodeForgetting(w);
    for (const ElementTally &t : tallies_) {
        t.users.encodeForgetting(w);
    }
}

bool FeatureMetrics::decode(VarintReader &r, bool mayLackForgetting) {
    if (!decodeInternedNames(r, elements_, limits_.elements)) {
        return false;
    }
    tallies_.assign(elements_.size(), ElementTally{});
    for (ElementTally &t : tallies_) {
        t.clicks = r.u();
        t.users.setEntered(r.u());
    }
    visitorCount_.setEntered(r.u());
    for (std::uint64_t *n : {&unnamedClicks_, &untrackedUserEvents_, &untrackedPairs_}) {
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
    if (r.ok() && !(mayLackForgetting && r.atEnd())) {
        const std::uint64_t forgetting = r.u();
        if (forgetting > 1) {
            return false;
        }
        forgetting_ = forgetting == 1;
        for (std::uint64_t i = 0; i < pairCount && r.ok(); ++i) {
            std::uint16_t *element = userElements_.find(r.fixed64());
            const std::uint64_t id = r.u();
            if (element == nullptr || id >= elements_.size()) {
                return false;
            }
            *element = std::uint16_t(id);
        }
        if (!visitorCount_.decodeForgetting(r)) {
            return false;
        }
        for (ElementTally &t : tallies_) {
            if (!t.users.decodeForgetting(r)) {
                return false;
            }
        }
    }
    return r.ok();
}

} // namespace trackboard
