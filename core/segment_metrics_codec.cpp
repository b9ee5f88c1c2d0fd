// SegmentMetrics' checkpoint encoding: every table apply() and fill() use, so that a restored
// worker continues exactly; decode() rejects what encode() cannot have written.
#include "segment_metrics.h"

#include "text_hash.h"

namespace trackboard {

// Layout: the counters, the users, the top candidates, the interned names (products with their
// display names), the per-country counts, the (country, product) pairs, the overflow counts.
void SegmentMetrics::encode(VarintWriter &w) const {
    for (const DistinctCount *c : {&userCount_, &returning_, &converting_, &convertingReturning_}) {
        w.u(c->entered());
    }
    for (std::size_t i = 0; i < kDeviceKinds; ++i) {
        w.u(deviceUsers_[i].entered());
        w.u(deviceConverting_[i].entered());
    }
    w.u(users_.size());
    users_.forEach([&](std::uint64_t hash, const UserEntry &u) {
        w.fixed64(hash);
        w.fixed64(u.firstSession);
        w.s(u.revenueCents);
        w.u(u.orders);
        w.u(u.devicesSeen);
        w.u(u.devicesConverted);
        w.u(u.flags);
    });
    w.u(top_.size());
    for (const Candidate &c : top_) {
        w.fixed64(c.userHash);
        w.str(c.userId);
        w.s(c.revenueCents);
        w.u(c.orders);
    }
    for (const BoundedInterner *names : {&countries_, &categories_, &products_}) {
        w.u(names->size() - 1);
        for (std::size_t id = 1; id < names->size(); ++id) {
            w.str(names->name(std::uint32_t(id)));
            if (names == &products_) {
                w.str(productNames_[id]);
            }
        }
    }
    for (std::size_t country = 0; country < countries_.size(); ++country) {
        w.u(countryEvents_[country]);
        for (std::size_t category = 0; category < categories_.size(); ++category) {
            w.u(countryCategory_[country * kCategoryStride + category]);
        }
    }
    w.u(countryProducts_.size());
    countryProducts_.forEach([&](std::uint64_t, const CountryProduct &cp) {
        w.fixed64(cp.productHash);
        w.u(cp.country);
        w.u(cp.product);
        w.u(cp.category);
        w.u(cp.count);
    });
    w.u(untrackedUsers_);
    w.u(otherNames_);
    // Since the users forget (version 2 of this blob): the flag and each count's sketch.
    w.u(forgetting_ ? 1 : 0);
    for (const DistinctCount *c : {&userCount_, &returning_, &converting_, &convertingReturning_}) {
        c->encodeForgetting(w);
    }
    for (std::size_t i = 0; i < kDeviceKinds; ++i) {
        deviceUsers_[i].encodeForgetting(w);
        deviceConverting_[i].encodeForgetting(w);
    }
}

bool SegmentMetrics::decode(VarintReader &r, bool mayLackForgetting) {
    *this = SegmentMetrics();
    for (DistinctCount *c : {&userCount_, &returning_, &converting_, &convertingReturning_}) {
        c->setEntered(r.u());
    }
    for (std::size_t i = 0; i < kDeviceKinds; ++i) {
        deviceUsers_[i].setEntered(r.u());
        deviceConverting_[i].setEntered(r.u());
    }
    const std::uint64_t users = r.count();
    if (users > kMaxUsers) {
        return false;
    }
    for (std::uint64_t i = 0; i < users && r.ok(); ++i) {
        const std::uint64_t hash = r.fixed64();
        UserEntry u;
        u.firstSession = r.fixed64();
        u.revenueCents = r.s();
        const std::uint64_t orders = r.u();
        const std::uint64_t seen = r.u();
        const std::uint64_t converted = r.u();
        const std::uint64_t flags = r.u();
        bool inserted = false;
        UserEntry *into =
            hash == 0 || orders > UINT32_MAX || seen > 15 || converted > 15 || flags > 3
                ? nullptr
                : users_.findOrInsert(hash, inserted);
        if (into == nullptr || !inserted) {
            return false;
        }
        u.orders = std::uint32_t(orders);
        u.devicesSeen = std::uint8_t(seen);
        u.devicesConverted = std::uint8_t(converted);
        u.flags = std::uint8_t(flags);
        *into = u;
    }
    const std::uint64_t candidates = r.count();
    if (candidates > kTopUsers) {
        return false;
    }
    for (std::uint64_t i = 0; i < candidates && r.ok(); ++i) {
        Candidate c;
        c.userHash = r.fixed64();
        c.userId = r.str();
        c.revenueCents = r.s();
        c.orders = r.u();
        top_.push_back(std::move(c));
    }
    for (BoundedInterner *names : {&countries_, &categories_, &products_}) {
        const std::uint64_t n = r.count();
        const std::size_t cap = names == &products_    ? kMaxProducts
                                : names == &countries_ ? kMaxCountries
                                                       : kMaxCategories;
        if (n > cap) {
            return false;
        }
        for (std::uint64_t i = 1; i <= n && r.ok(); ++i) {
            if (names->id(r.str()) != i) {
                return false;
            }
            if (names == &products_) {
                productNames_.emplace_back(r.str());
            }
        }
    }
    for (std::size_t country = 0; country < countries_.size() && r.ok(); ++country) {
        countryEvents_[country] = r.u();
        for (std::size_t category = 0; category < categories_.size(); ++category) {
            countryCategory_[country * kCategoryStride + category] = r.u();
        }
    }
    const std::uint64_t pairs = r.count();
    if (pairs > kMaxCountryProducts) {
        return false;
    }
    for (std::uint64_t i = 0; i < pairs && r.ok(); ++i) {
        CountryProduct in;
        in.productHash = r.fixed64();
        const std::uint64_t country = r.u();
        const std::uint64_t product = r.u();
        const std::uint64_t category = r.u();
        in.count = r.u();
        bool inserted = false;
        CountryProduct *cp =
            country >= countries_.size() || product >= products_.size() ||
                    category >= categories_.size()
                ? nullptr
                : countryProducts_.findOrInsert(
                      countryProductKey(std::uint32_t(country), in.productHash), inserted);
        if (cp == nullptr || !inserted) {
            return false;
        }
        in.country = std::uint32_t(country);
        in.product = std::uint32_t(product);
        in.category = std::uint32_t(category);
        *cp = in;
    }
    untrackedUsers_ = r.u();
    otherNames_ = r.u();
    if (r.ok() && !(mayLackForgetting && r.atEnd())) {
        const std::uint64_t forgetting = r.u();
        if (forgetting > 1) {
            return false;
        }
        forgetting_ = forgetting == 1;
        for (DistinctCount *c : {&userCount_, &returning_, &converting_, &convertingReturning_}) {
            if (!c->decodeForgetting(r)) {
                return false;
            }
        }
        for (std::size_t i = 0; i < kDeviceKinds; ++i) {
            if (!deviceUsers_[i].decodeForgetting(r) || !deviceConverting_[i].decodeForgetting(r)) {
                return false;
            }
        }
    }
    return r.ok();
}

} // namespace trackboard
