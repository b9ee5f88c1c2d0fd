#include "segment_metrics.h"

#include "text_hash.h"

#include <algorithm>
#include <map>

namespace trackboard {

namespace {

std::uint8_t deviceKind(std::string_view type) {
    if (type == "desktop") {
        return 0;
    }
    if (type == "mobile") {
        return 1;
    }
    return type == "tablet" ? 2 : 3;
}

constexpr std::array<const char *, SegmentMetrics::kDeviceKinds> kDeviceNames = {
    "desktop", "mobile", "tablet", "other"};

// Higher revenue first; equal revenue by user id, so that every partition and the merge agree.
bool ranksBefore(std::int64_t revenueA, const std::string &idA, std::int64_t revenueB,
                 const std::string &idB) {
    return revenueA != revenueB ? revenueA > revenueB : idA < idB;
}

void keepTop(std::vector<NamedCount> &rows, std::size_t n) {
    std::sort(rows.begin(), rows.end(), [](const NamedCount &a, const NamedCount &b) {
        return a.count != b.count ? a.count > b.count : a.name < b.name;
    });
    if (rows.size() > n) {
        rows.resize(n);
    }
}

} // namespace

SegmentMetrics::SegmentMetrics()
    : productNames_(1, "(other)")
    , countryEvents_(kMaxCountries + 1)
    , countryCategory_((kMaxCountries + 1) * kCategoryStride) {
    top_.reserve(kTopUsers + 1);
    countryByCode_.fill(0xff);
}

// The pair's entry, or when the table is full the country's "(other)" entry (nullptr only if
// that cannot be added either).
SegmentMetrics::CountryProduct *SegmentMetrics::pairFor(std::uint32_t country,
                                                        std::uint64_t productHash, bool &inserted) {
    CountryProduct *cp =
        countryProducts_.findOrInsert(countryProductKey(country, productHash), inserted);
    if (cp == nullptr && productHash != 0) {
        return pairFor(country, 0, inserted);
    }
    if (cp != nullptr && inserted) {
        cp->country = country;
        cp->productHash = productHash;
    }
    return cp;
}

std::uint32_t SegmentMetrics::productId(const std::string &id, const std::string &name) {
    const std::uint32_t product = products_.id(id);
    if (product == productNames_.size()) {
        productNames_.push_back(name.empty() ? id : name);
    }
    return product;
}

void SegmentMetrics::offerCandidate(std::uint64_t userHash, std::string_view userId,
                                    std::int64_t revenueCents, std::uint64_t orders) {
    for (Candidate &c : top_) {
        if (c.userHash == userHash) {
            c.revenueCents = revenueCents;
            c.orders = orders;
            return;
        }
    }
    if (top_.size() < kTopUsers) {
        top_.push_back({userHash, std::string(userId), revenueCents, orders});
        return;
    }
    auto worst = std::min_element(top_.begin(), top_.end(), [](const auto &a, const auto &b) {
        return ranksBefore(b.revenueCents, b.userId, a.revenueCents, a.userId);
    });
    const std::string id(userId); // only for a user who beats the tenth: rare once warm
    if (ranksBefore(revenueCents, id, worst->revenueCents, worst->userId)) {
        *worst = {userHash, id, revenueCents, orders};
    }
}

void SegmentMetrics::apply(const Event &event, const BusinessEventContext &context) {
    // A user, their returning and their device change only at a session's first event (a
    // session's device is that of its first event) or at a purchase.
    if (context.sessionStart || event.type == EventType::Purchase) {
        trackUser(event, context);
    }
    if (event.hasProduct && isProductEvent(event.type)) {
        countPreference(event);
    }
}

void SegmentMetrics::trackUser(const Event &event, const BusinessEventContext &context) {
    bool inserted = false;
    UserEntry *user = users_.findOrInsert(context.userHash, inserted);
    if (user == nullptr) {
        ++untrackedUsers_;
        return;
    }
    const std::uint64_t hash = context.userHash;
    if (inserted) {
        user->firstSession = context.sessionHash;
        userCount_.enter(hash, forgetting_);
    } else if ((user->flags & 1) == 0 && user->firstSession != context.sessionHash) {
        user->flags |= 1;
        returning_.enter(hash, forgetting_);
        if ((user->flags & 2) != 0) {
            convertingReturning_.enter(hash, forgetting_);
        }
    }
    const std::uint8_t device = deviceKind(event.device.type);
    const auto bit = std::uint8_t(1u << device);
    if ((user->devicesSeen & bit) == 0) {
        user->devicesSeen |= bit;
        deviceUsers_[device].enter(hash, forgetting_);
    }
    if (event.type == EventType::Purchase) {
        if ((user->flags & 2) == 0) {
            user->flags |= 2;
            converting_.enter(hash, forgetting_);
            if ((user->flags & 1) != 0) {
                convertingReturning_.enter(hash, forgetting_);
            }
        }
        if ((user->devicesConverted & bit) == 0) {
            user->devicesConverted |= bit;
            deviceConverting_[device].enter(hash, forgetting_);
        }
        ++user->orders;
        user->revenueCents +=
            event.hasOrder ? std::max<std::int64_t>(0, event.order.valueCents) : 0;
        offerCandidate(context.userHash, event.userId, user->revenueCents, user->orders);
    }
}

std::uint32_t SegmentMetrics::countryId(const std::string &code) {
    if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') {
        return countries_.id(code);
    }
    std::uint8_t &cached = countryByCode_[std::size_t(code[0] - 'A') * 26 + (code[1] - 'A')];
    if (cached == 0xff) {
        cached = std::uint8_t(countries_.id(code)); // at most kMaxCountries: fits
    }
    return cached;
}

void SegmentMetrics::countPreference(const Event &event) {
    const std::uint32_t country = countryId(event.geo.country);
    bool inserted = false;
    CountryProduct *cp = pairFor(country, hashText(event.product.id), inserted);
    if (cp != nullptr && inserted) {
        cp->product = cp->productHash == 0 ? 0 : productId(event.product.id, event.product.name);
        cp->category = categories_.id(event.product.category);
    }
    // The pair's usual category costs a string compare, not an interner probe.
    std::uint32_t category = cp == nullptr ? 0 : cp->category;
    if (category == 0 || categories_.name(category) != event.product.category) {
        category = categories_.id(event.product.category);
    }
    if (country == 0 || category == 0 || cp == nullptr || cp->product == 0) {
        ++otherNames_;
    }
    ++countryEvents_[country];
    ++countryCategory_[country * kCategoryStride + category];
    if (cp != nullptr) {
        ++cp->count;
    }
}

template <typename F> void SegmentMetrics::eachCountOf(const UserEntry &u, F &&f) {
    f(userCount_);
    if ((u.flags & 1) != 0) {
        f(returning_);
    }
    if ((u.flags & 2) != 0) {
        f(converting_);
    }
    if ((u.flags & 3) == 3) {
        f(convertingReturning_);
    }
    for (std::size_t i = 0; i < kDeviceKinds; ++i) {
        if ((u.devicesSeen & (1u << i)) != 0) {
            f(deviceUsers_[i]);
        }
        if ((u.devicesConverted & (1u << i)) != 0) {
            f(deviceConverting_[i]);
        }
    }
}

void SegmentMetrics::forgetUsers(const std::vector<std::uint64_t> &sortedHashes) {
    const auto forgets = [&](std::uint64_t hash) {
        return std::binary_search(sortedHashes.begin(), sortedHashes.end(), hash) &&
               std::none_of(top_.begin(), top_.end(),
                            [hash](const Candidate &c) { return c.userHash == hash; });
    };
    if (sortedHashes.empty()) {
        return;
    }
    forgetEntries(users_, forgetting_, forgets,
                  [this](const UserEntry &u, auto &&f) { eachCountOf(u, f); });
}

void SegmentMetrics::mergeFrom(const SegmentMetrics &other) {
    userCount_.mergeFrom(other.userCount_);
    returning_.mergeFrom(other.returning_);
    converting_.mergeFrom(other.converting_);
    convertingReturning_.mergeFrom(other.convertingReturning_);
    for (std::size_t i = 0; i < kDeviceKinds; ++i) {
        deviceUsers_[i].mergeFrom(other.deviceUsers_[i]);
        deviceConverting_[i].mergeFrom(other.deviceConverting_[i]);
    }
    for (const Candidate &c : other.top_) {
        offerCandidate(c.userHash, c.userId, c.revenueCents, c.orders);
    }
    auto mapNames = [](BoundedInterner &into, const BoundedInterner &from) {
        std::vector<std::uint32_t> map(from.size(), BoundedInterner::kOther);
        for (std::size_t id = 1; id < from.size(); ++id) {
            map[id] = into.id(from.name(std::uint32_t(id)));
        }
        return map;
    };
    const auto countries = mapNames(countries_, other.countries_);
    const auto categories = mapNames(categories_, other.categories_);
    const auto products = mapNames(products_, other.products_);
    for (std::size_t id = 1; id < products.size(); ++id) {
        if (products[id] == productNames_.size()) {
            productNames_.push_back(other.productNames_[id]);
        }
    }
    for (std::size_t country = 0; country < countries.size(); ++country) {
        for (std::size_t category = 0; category < categories.size(); ++category) {
            const std::uint64_t n = other.countryCategory_[country * kCategoryStride + category];
            countryCategory_[countries[country] * kCategoryStride + categories[category]] += n;
        }
        countryEvents_[countries[country]] += other.countryEvents_[country];
    }
    other.countryProducts_.forEach([&](std::uint64_t, const CountryProduct &from) {
        const std::uint32_t product = products[from.product];
        bool inserted = false;
        CountryProduct *into =
            pairFor(countries[from.country], product == 0 ? 0 : from.productHash, inserted);
        if (into == nullptr) {
            return;
        }
        if (inserted) {
            into->product = into->productHash == 0 ? 0 : product;
            into->category = categories[from.category];
        }
        into->count += from.count;
    });
    untrackedUsers_ += other.untrackedUsers_;
    otherNames_ += other.otherNames_;
}

void SegmentMetrics::fill(SegmentReport &report, std::int64_t /*nowMs*/) const {
    report = {};
    for (const Candidate &c : top_) {
        report.topUsers.push_back({c.userId, c.revenueCents, c.orders});
    }
    std::sort(report.topUsers.begin(), report.topUsers.end(),
              [](const TopUser &a, const TopUser &b) {
                  return ranksBefore(a.revenueCents, a.userId, b.revenueCents, b.userId);
              });
    const auto less = [](std::uint64_t a, std::uint64_t b) { return a > b ? a - b : 0; };
    if (const std::uint64_t users = userCount_.value(); users > 0) {
        const std::uint64_t returning = std::min(users, returning_.value());
        const std::uint64_t converting = std::min(users, converting_.value());
        const std::uint64_t convertingReturning =
            std::min({returning, converting, convertingReturning_.value()});
        const bool estimated = userCount_.estimated() || returning_.estimated() ||
                               converting_.estimated() || convertingReturning_.estimated();
        report.visitorTypes = {
            {"new", less(users, returning), less(converting, convertingReturning), estimated},
            {"returning", returning, convertingReturning, estimated}};
    }
    for (std::size_t i = 0; i < kDeviceKinds; ++i) {
        if (const std::uint64_t users = deviceUsers_[i].value(); users > 0) {
            report.devices.push_back(
                {kDeviceNames[i], users, std::min(users, deviceConverting_[i].value()),
                 deviceUsers_[i].estimated() || deviceConverting_[i].estimated()});
        }
    }
    // By product id: several "(other)" entries of a country add up to one.
    std::vector<std::map<std::uint32_t, std::uint64_t>> productsByCountry(countries_.size());
    countryProducts_.forEach([&](std::uint64_t, const CountryProduct &cp) {
        productsByCountry[cp.country][cp.product] += cp.count;
    });
    for (std::size_t country = 0; country < countries_.size(); ++country) {
        if (countryEvents_[country] == 0) {
            continue;
        }
        CountryPreferences p;
        p.country = countries_.name(std::uint32_t(country));
        p.productEvents = countryEvents_[country];
        for (std::size_t category = 0; category < categories_.size(); ++category) {
            if (const std::uint64_t n = countryCategory_[country * kCategoryStride + category]) {
                p.categories.push_back({categories_.name(std::uint32_t(category)), n});
            }
        }
        keepTop(p.categories, kTopPerCountry);
        for (const auto &[product, count] : productsByCountry[country]) {
            p.products.push_back({productNames_[product], count});
        }
        keepTop(p.products, kTopPerCountry);
        report.regions.push_back(std::move(p));
    }
    std::sort(report.regions.begin(), report.regions.end(),
              [](const CountryPreferences &a, const CountryPreferences &b) {
                  return a.productEvents != b.productEvents ? a.productEvents > b.productEvents
                                                            : a.country < b.country;
              });
    if (report.regions.size() > kTopCountries) {
        report.regions.resize(kTopCountries);
    }
    report.untrackedUsers = untrackedUsers_;
    report.otherNames = otherNames_;
}

} // namespace trackboard
