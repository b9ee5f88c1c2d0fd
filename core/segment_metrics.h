#pragma once

#include "bounded_interner.h"
#include "business_context.h"
#include "distinct_count.h"
#include "flat_hash_table.h"
#include "text_hash.h"
#include "varint_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

struct TopUser {
    std::string userId;
    std::int64_t revenueCents = 0;
    std::uint64_t orders = 0;
    bool operator==(const TopUser &) const = default;
};

// A group of users and how many of them purchased.
struct AudienceGroup {
    std::string name;
    std::uint64_t users = 0;
    std::uint64_t convertingUsers = 0;
    bool estimated = false; // the counts are HyperLogLog estimates (DistinctCount)
    double conversion() const { return users == 0 ? 0 : double(convertingUsers) / users; }
    bool operator==(const AudienceGroup &) const = default;
};

struct NamedCount {
    std::string name;
    std::uint64_t count = 0;
    bool operator==(const NamedCount &) const = default;
};

// What one country looks at: its product events by category and by product.
struct CountryPreferences {
    std::string country;
    std::uint64_t productEvents = 0;
    std::vector<NamedCount> categories; // the top kTopPerCountry, by count then name
    std::vector<NamedCount> products;
    bool operator==(const CountryPreferences &) const = default;
};

// What SegmentMetrics shows at one instant: a plain value that crosses threads by copy.
struct SegmentReport {
    std::vector<TopUser> topUsers;           // by revenue, then user id
    std::vector<AudienceGroup> visitorTypes; // "new", "returning"
    std::vector<AudienceGroup> devices;      // "desktop", "mobile", "tablet", "other" (if seen)
    std::vector<CountryPreferences> regions; // by product events, then country
    std::uint64_t untrackedUsers = 0;        // user table full: their events are in no segment
    std::uint64_t otherNames = 0;            // product events whose country, category or product
                                             // went to "(other)"
    bool operator==(const SegmentReport &) const = default;
};

// Segments (#20 section 5): high-value users, new against returning visitors, conversion by
// device type, regional preferences. One per partition: a user's table entry and top-K candidacy
// stay in the partition that owns the user, so the merged top 10 (the best of each partition's
// top 10) and the added counters are exact.
class SegmentMetrics {
public:
    static constexpr std::size_t kTopUsers = 10;
    static constexpr std::size_t kTopPerCountry = 3;
    static constexpr std::size_t kTopCountries = 10;
    static constexpr std::size_t kMaxUsers = 750'000; // as AnalyticsAggregator
    static constexpr std::size_t kMaxCountries = 64;
    static constexpr std::size_t kMaxCategories = 64;
    static constexpr std::size_t kMaxProducts = 1024;
    static constexpr std::size_t kMaxCountryProducts = 16384;
    static constexpr std::size_t kDeviceKinds = 4; // desktop, mobile, tablet, other

    SegmentMetrics();
    void apply(const Event &event, const BusinessEventContext &context);
    // Forgets these users (sorted hashes), whom the analytics forgot for being quiet longer than
    // its longest window; those in the top users stay. A user back later is new again: returning
    // means seen before within that horizon (docs/analytics.md).
    void forgetUsers(const std::vector<std::uint64_t> &sortedHashes);
    void mergeFrom(const SegmentMetrics &other);
    void fill(SegmentReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    // A checkpoint before version 5 may lack the forgetting section at the end (then nothing
    // was forgotten); since then it is required, so that a cut blob is refused.
    bool decode(VarintReader &r, bool mayLackForgetting = false);

    // Bytes of the per-user and per-session tables (docs/memory.md).
    std::size_t tableBytes() const {
        return users_.capacity() * users_.slotBytes() +
               countryProducts_.capacity() * countryProducts_.slotBytes();
    }

private:
    struct UserEntry {
        std::uint64_t firstSession = 0;
        std::int64_t revenueCents = 0;
        std::uint32_t orders = 0;
        std::uint8_t devicesSeen = 0;      // bit per device kind
        std::uint8_t devicesConverted = 0; // bit per device kind of a purchase
        std::uint8_t flags = 0;            // 1 returning, 2 converted
    };
    // Keyed by (country, hash of the product id), so a product event costs one probe here and
    // no interner probe; the product gets its id (and display name) when the pair is new.
    struct CountryProduct {
        std::uint64_t productHash = 0; // 0: the country's "(other)" products
        std::uint32_t country = 0;
        std::uint32_t product = 0;
        std::uint32_t category = 0; // the category as first seen: a hint for the next event
        std::uint64_t count = 0;
    };
    struct Candidate {
        std::uint64_t userHash = 0;
        std::string userId;
        std::int64_t revenueCents = 0;
        std::uint64_t orders = 0;
    };

    void trackUser(const Event &event, const BusinessEventContext &context);
    void countPreference(const Event &event);
    static constexpr std::size_t kCategoryStride = kMaxCategories + 1;
    static std::uint64_t countryProductKey(std::uint32_t country, std::uint64_t productHash) {
        return mixHash(productHash ^ ((std::uint64_t(country) + 1) * 0x9e3779b97f4a7c15ULL));
    }
    std::uint32_t countryId(const std::string &code);
    CountryProduct *pairFor(std::uint32_t country, std::uint64_t productHash, bool &inserted);
    std::uint32_t productId(const std::string &id, const std::string &name);
    void offerCandidate(std::uint64_t userHash, std::string_view userId, std::int64_t revenueCents,
                        std::uint64_t orders);

    // Calls f(count) for every distinct count `u` is in.
    template <typename F> void eachCountOf(const UserEntry &u, F &&f);

    FlatHashTable<UserEntry> users_{kMaxUsers};
    DistinctCount userCount_, returning_, converting_, convertingReturning_;
    std::array<DistinctCount, kDeviceKinds> deviceUsers_{};
    std::array<DistinctCount, kDeviceKinds> deviceConverting_{};
    bool forgetting_ = false;    // forgetUsers() has forgotten someone: the counts feed sketches
    std::vector<Candidate> top_; // at most kTopUsers, unordered
    BoundedInterner countries_{kMaxCountries};
    // ISO codes ("DE") straight to their id, 0xff until first seen: no hashing per event.
    std::array<std::uint8_t, 26 * 26> countryByCode_;
    BoundedInterner categories_{kMaxCategories};
    BoundedInterner products_{kMaxProducts}; // by product id
    std::vector<std::string> productNames_;  // display name per product id
    std::vector<std::uint64_t> countryEvents_;
    std::vector<std::uint64_t> countryCategory_; // [country * (kMaxCategories + 1) + category]
    FlatHashTable<CountryProduct> countryProducts_{kMaxCountryProducts};
    std::uint64_t untrackedUsers_ = 0;
    std::uint64_t otherNames_ = 0;
};

} // namespace trackboard
