#include "experiment_metrics.h"

#include "text_hash.h"

#include <algorithm>
#include <map>

namespace trackboard {

namespace {

constexpr char kSeparator = '\x1f';

bool isControlName(const std::string &variant) {
    return variant == "A" || variant == "control";
}

} // namespace

ExperimentMetrics::Counters &ExperimentMetrics::arm(std::uint32_t id) {
    if (counts_.size() <= id) {
        counts_.resize(id + 1);
    }
    return counts_[id];
}

std::uint32_t ExperimentMetrics::armId(const Experiment &x) {
    for (const RecentArm &r : recentArms_) {
        if (r.arm != 0 && r.variant == x.variant && r.experiment == x.id) {
            return r.arm;
        }
    }
    key_.assign(x.id).append(1, kSeparator).append(x.variant);
    const std::uint32_t id = arms_.id(key_);
    if (id != BoundedInterner::kOther) {
        RecentArm &r = recentArms_[nextRecent_++ % recentArms_.size()];
        r.experiment = x.id;
        r.variant = x.variant;
        r.arm = id;
    }
    return id;
}

void ExperimentMetrics::apply(const Event &event, const BusinessEventContext &context) {
    // Enrolment is read at a session's first event and at purchases (every event of an enrolled
    // user carries the experiment), so other events cost one test.
    if (!event.hasExperiment || (!context.sessionStart && event.type != EventType::Purchase)) {
        return;
    }
    const std::uint32_t id = armId(event.experiment);
    if (id == BoundedInterner::kOther) {
        ++otherArms_;
        return;
    }
    Counters &c = arm(id);
    bool inserted = false;
    const std::uint64_t key = userArmKey(context.userHash, id);
    std::uint16_t *flags = userArms_.findOrInsert(key, inserted);
    if (flags == nullptr) {
        ++untrackedUsers_;
    } else if (inserted) {
        *flags = std::uint16_t(1 | id << 2);
        c.users.enter(key, forgetting_);
    }
    if (event.type != EventType::Purchase) {
        return;
    }
    ++c.orders;
    c.revenueCents += event.hasOrder ? event.order.valueCents : 0;
    if (flags != nullptr && (*flags & 2) == 0) {
        *flags |= 2;
        c.convertingUsers.enter(key, forgetting_);
    }
}

void ExperimentMetrics::forgetUsers(const std::vector<std::uint64_t> &sortedHashes) {
    if (sortedHashes.empty() || arms_.size() <= 1) {
        return;
    }
    // The table's keys mix user and arm: these users' keys for every arm, with the arm.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
    keys.reserve(sortedHashes.size() * (arms_.size() - 1));
    for (const std::uint64_t user : sortedHashes) {
        for (std::uint32_t id = 1; id < arms_.size(); ++id) {
            keys.emplace_back(userArmKey(user, id), id);
        }
    }
    std::sort(keys.begin(), keys.end());
    const auto armOf = [&keys](std::uint64_t key) -> std::uint32_t {
        const auto it = std::lower_bound(keys.begin(), keys.end(), std::make_pair(key, 0u));
        return it != keys.end() && it->first == key ? it->second : 0;
    };
    if (!forgetting_) {
        bool any = false;
        userArms_.forEach([&](std::uint64_t key, std::uint16_t) { any = any || armOf(key) != 0; });
        if (!any) {
            return;
        }
        // The first forgetting: the counts start their sketches with every key they hold.
        forgetting_ = true;
        userArms_.forEach([&](std::uint64_t key, std::uint16_t flags) {
            const std::uint32_t id = flags >> 2;
            if (id != 0 && id < counts_.size()) {
                counts_[id].users.seed(key);
                if ((flags & 2) != 0) {
                    counts_[id].convertingUsers.seed(key);
                }
            }
        });
    }
    userArms_.eraseIf([&](std::uint64_t key, std::uint16_t flags) {
        const std::uint32_t id = armOf(key);
        if (id == 0) {
            return false;
        }
        Counters &c = arm(id);
        c.users.forget();
        if ((flags & 2) != 0) {
            c.convertingUsers.forget();
        }
        return true;
    });
}

void ExperimentMetrics::mergeFrom(const ExperimentMetrics &other) {
    for (std::size_t id = 1; id < other.arms_.size(); ++id) {
        const std::uint32_t to = arms_.id(other.arms_.name(std::uint32_t(id)));
        if (to == BoundedInterner::kOther || id >= other.counts_.size()) {
            otherArms_ += to == BoundedInterner::kOther ? 1 : 0;
            continue;
        }
        Counters &into = arm(to);
        const Counters &from = other.counts_[id];
        into.users.mergeFrom(from.users);
        into.convertingUsers.mergeFrom(from.convertingUsers);
        into.orders += from.orders;
        into.revenueCents += from.revenueCents;
    }
    otherArms_ += other.otherArms_;
    untrackedUsers_ += other.untrackedUsers_;
}

void ExperimentMetrics::fill(ExperimentReport &report, std::int64_t /*nowMs*/) const {
    report = {};
    std::map<std::string, ExperimentResult> byId; // sorted, so variants come out by name
    for (std::size_t id = 1; id < arms_.size() && id < counts_.size(); ++id) {
        const std::string &key = arms_.name(std::uint32_t(id));
        const std::size_t cut = key.find(kSeparator);
        ExperimentResult &e = byId[key.substr(0, cut)];
        const Counters &c = counts_[id];
        VariantResult v;
        v.name = key.substr(cut + 1);
        v.users = c.users.value();
        v.convertingUsers = std::min(v.users, c.convertingUsers.value());
        v.estimated = c.users.estimated() || c.convertingUsers.estimated();
        v.orders = c.orders;
        v.revenueCents = c.revenueCents;
        e.users += v.users;
        e.estimated = e.estimated || v.estimated;
        e.variants.push_back(std::move(v));
    }
    for (auto &[name, e] : byId) {
        e.id = name;
        std::sort(e.variants.begin(), e.variants.end(),
                  [](const VariantResult &a, const VariantResult &b) { return a.name < b.name; });
        auto control = std::find_if(e.variants.begin(), e.variants.end(),
                                    [](const VariantResult &v) { return v.name == "A"; });
        if (control == e.variants.end()) {
            control = std::find_if(e.variants.begin(), e.variants.end(),
                                   [](const VariantResult &v) { return isControlName(v.name); });
        }
        if (control == e.variants.end()) {
            control = e.variants.begin();
        }
        std::rotate(e.variants.begin(), control, control + 1);
        VariantResult &base = e.variants.front();
        base.control = true;
        for (std::size_t i = 1; i < e.variants.size(); ++i) {
            VariantResult &v = e.variants[i];
            v.vsControl =
                compareProportions(base.convertingUsers, base.users, v.convertingUsers, v.users);
        }
        report.experiments.push_back(std::move(e));
    }
    std::stable_sort(
        report.experiments.begin(), report.experiments.end(),
        [](const ExperimentResult &a, const ExperimentResult &b) { return a.users > b.users; });
    report.otherArms = otherArms_;
    report.untrackedUsers = untrackedUsers_;
}

void ExperimentMetrics::encode(VarintWriter &w) const {
    w.u(arms_.size() - 1);
    for (std::size_t id = 1; id < arms_.size(); ++id) {
        const Counters c = id < counts_.size() ? counts_[id] : Counters{};
        w.str(arms_.name(std::uint32_t(id)));
        w.u(c.users.entered());
        w.u(c.convertingUsers.entered());
        w.u(c.orders);
        w.s(c.revenueCents);
    }
    w.u(userArms_.size());
    userArms_.forEach([&](std::uint64_t hash, std::uint16_t flags) {
        w.fixed64(hash);
        w.u(flags);
    });
    w.u(otherArms_);
    w.u(untrackedUsers_);
    // Since the users forget: the flag, then each arm's sketches, in the arms' order.
    w.u(forgetting_ ? 1 : 0);
    for (std::size_t id = 1; id < arms_.size(); ++id) {
        const Counters c = id < counts_.size() ? counts_[id] : Counters{};
        c.users.encodeForgetting(w);
        c.convertingUsers.encodeForgetting(w);
    }
}

bool ExperimentMetrics::decode(VarintReader &r, bool mayLackForgetting) {
    *this = ExperimentMetrics();
    const std::uint64_t arms = r.count();
    if (arms > kMaxArms) {
        return false;
    }
    for (std::uint64_t i = 1; i <= arms && r.ok(); ++i) {
        const std::string_view name = r.str();
        if (name.find(kSeparator) == std::string_view::npos || arms_.id(name) != i) {
            return false;
        }
        Counters &c = arm(std::uint32_t(i));
        c.users.setEntered(r.u());
        c.convertingUsers.setEntered(r.u());
        c.orders = r.u();
        c.revenueCents = r.s();
    }
    const std::uint64_t users = r.count();
    if (users > kMaxUserArms) {
        return false;
    }
    for (std::uint64_t i = 0; i < users && r.ok(); ++i) {
        const std::uint64_t hash = r.fixed64();
        const std::uint64_t flags = r.u();
        bool inserted = false;
        std::uint16_t *f = hash == 0 || (flags & 3) == 0 || (flags >> 2) > arms
                               ? nullptr
                               : userArms_.findOrInsert(hash, inserted);
        if (f == nullptr || !inserted) {
            return false;
        }
        *f = std::uint16_t(flags);
    }
    otherArms_ = r.u();
    untrackedUsers_ = r.u();
    if (r.ok() && !(mayLackForgetting && r.atEnd())) {
        const std::uint64_t forgetting = r.u();
        if (forgetting > 1) {
            return false;
        }
        forgetting_ = forgetting == 1;
        for (std::uint32_t id = 1; id <= arms && r.ok(); ++id) {
            Counters &c = arm(id);
            if (!c.users.decodeForgetting(r) || !c.convertingUsers.decodeForgetting(r)) {
                return false;
            }
        }
    }
    return r.ok();
}

} // namespace trackboard
