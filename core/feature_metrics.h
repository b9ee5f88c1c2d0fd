#pragma once

#include "bounded_interner.h"
#include "business_context.h"
#include "distinct_count.h"
#include "flat_hash_table.h"
#include "varint_codec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

struct FeatureUsage {
    std::string element; // the clicked element's data-track name
    std::uint64_t clicks = 0;
    std::uint64_t users = 0;     // distinct visitors who clicked it
    double clicksPerVisitor = 0; // clicks / all distinct visitors
    double visitorShare = 0;     // users / all distinct visitors
    bool estimated = false;      // users is a HyperLogLog estimate (DistinctCount)
    bool operator==(const FeatureUsage &) const = default;
};

// What FeatureMetrics shows at one instant: a plain value that crosses threads by copy.
struct FeatureReport {
    std::uint64_t visitors = 0;      // distinct users of any event: the "per visitor" base
    bool visitorsEstimated = false;  // visitors is a HyperLogLog estimate (DistinctCount)
    std::uint64_t clicks = 0;        // clicks that name an element
    std::uint64_t unnamedClicks = 0; // clicks without an element
    std::size_t elements = 0;        // distinct element names, "(other)" left out
    std::vector<FeatureUsage> top;   // top 10 by clicks, ties by name
    // Bounds reached: events of users past the visitor cap (not counted as visitors, nor as an
    // element's users), and clicks on elements past the name cap (under "(other)").
    std::uint64_t untrackedUserEvents = 0;
    std::uint64_t otherElementClicks = 0;
    bool operator==(const FeatureReport &) const = default;
};

// Feature usage: clicks per element name and use per visitor (#20 section 4).
// One per partition inside AnalyticsAggregator; mergeFrom() adds another partition's counts for
// the merged view, which is then for fill() only. Visitors and per-element users add exactly
// because a user's events all live in one partition.
class FeatureMetrics {
public:
    struct Limits {
        std::size_t elements = 256;
        std::size_t visitors = 250'000;
        std::size_t userElements = 200'000; // (user, element) pairs beyond the first 63 names
    };
    static constexpr std::size_t kTop = 10;

    FeatureMetrics();
    explicit FeatureMetrics(const Limits &limits);

    void apply(const Event &event, const BusinessEventContext &context);
    // Forgets these users (sorted hashes), whom the analytics forgot; from the first forgetting
    // on, visitors and each element's users are also sketched (DistinctCount).
    void forgetUsers(const std::vector<std::uint64_t> &sortedHashes);
    void mergeFrom(const FeatureMetrics &other);
    void fill(FeatureReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    // A checkpoint before version 5 may lack the forgetting section at the end (then nothing
    // was forgotten); since then it is required, so that a cut blob is refused.
    bool decode(VarintReader &r, bool mayLackForgetting = false);

    // Bytes of the per-user and per-session tables (docs/memory.md).
    std::size_t tableBytes() const {
        return visitors_.capacity() * visitors_.slotBytes() +
               userElements_.capacity() * userElements_.slotBytes();
    }

private:
    // Element ids below this are a bit in the visitor's mask: no second lookup for the common
    // names. Higher ids go to the (user, element) pair table.
    static constexpr std::uint32_t kMaskedElements = 64;
    struct ElementTally {
        std::uint64_t clicks = 0;
        DistinctCount users; // of user hashes below kMaskedElements, of pairKey()s above
    };
    static std::uint64_t pairKey(std::uint64_t userHash, std::uint32_t element);
    bool markUser(std::uint64_t *mask, std::uint64_t userHash, std::uint32_t element);

    Limits limits_;
    BoundedInterner elements_;
    std::vector<ElementTally> tallies_;     // by element id, "(other)" included
    FlatHashTable<std::uint64_t> visitors_; // user hash -> mask of element ids used
    // pairKey() -> the element's id (0 when restored from a checkpoint written before the users
    // forgot: such pairs are not in the sketches).
    FlatHashTable<std::uint16_t> userElements_;
    DistinctCount visitorCount_;
    bool forgetting_ = false; // forgetUsers() has forgotten someone
    std::uint64_t unnamedClicks_ = 0;
    std::uint64_t untrackedUserEvents_ = 0;
    std::uint64_t untrackedPairs_ = 0; // first clicks not marked: an element's users undercount
};

} // namespace trackboard
