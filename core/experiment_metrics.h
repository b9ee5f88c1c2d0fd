#pragma once

#include "bounded_interner.h"
#include "business_context.h"
#include "distinct_count.h"
#include "experiment_stats.h"
#include "flat_hash_table.h"
#include "varint_codec.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trackboard {

// One variant of an experiment, and its comparison with the control (docs/analytics.md).
struct VariantResult {
    std::string name;
    bool control = false;
    std::uint64_t users = 0;           // distinct users seen with this variant
    std::uint64_t convertingUsers = 0; // of those, users with a purchase carrying this variant
    std::uint64_t orders = 0;
    std::int64_t revenueCents = 0;
    bool estimated = false; // users and converting users are HyperLogLog estimates
    double conversion() const { return users == 0 ? 0 : double(convertingUsers) / users; }
    double revenuePerUserCents() const { return users == 0 ? 0 : double(revenueCents) / users; }
    ProportionComparison vsControl; // all zero (pValue 1) for the control itself
    bool operator==(const VariantResult &) const = default;
};

struct ExperimentResult {
    std::string id;
    std::uint64_t users = 0;             // all variants
    bool estimated = false;              // some variant's users are estimates
    std::vector<VariantResult> variants; // the control first, then by name
    bool operator==(const ExperimentResult &) const = default;
};

// What ExperimentMetrics shows at one instant: a plain value that crosses threads by copy.
struct ExperimentReport {
    std::vector<ExperimentResult> experiments; // by users, then id
    std::uint64_t otherArms = 0; // events of experiments or variants beyond the caps: not counted
    std::uint64_t untrackedUsers = 0; // user table full: users counted low by up to this
    bool operator==(const ExperimentReport &) const = default;
};

// A/B experiments (#20 section 2): per experiment and variant, the users enrolled (a session's
// first event, or a purchase, carrying the experiment) and those who purchased (a purchase
// carrying it). The control is
// variant "A", else "control", else the first by name. One per partition: the per-user table
// stays per partition, so mergeFrom() adds counters by name and the merged view is exact.
class ExperimentMetrics {
public:
    static constexpr std::size_t kMaxArms = 64; // (experiment, variant) pairs
    static constexpr std::size_t kMaxUserArms = 1'500'000;

    void apply(const Event &event, const BusinessEventContext &context);
    // Forgets the enrolments of these users (sorted hashes), whom the analytics forgot; from the
    // first forgetting on, the users per variant are also sketched (DistinctCount).
    void forgetUsers(const std::vector<std::uint64_t> &sortedHashes);
    void mergeFrom(const ExperimentMetrics &other);
    void fill(ExperimentReport &report, std::int64_t nowMs) const;
    void encode(VarintWriter &w) const;
    // A checkpoint before version 5 may lack the forgetting section at the end (then nothing
    // was forgotten); since then it is required, so that a cut blob is refused.
    bool decode(VarintReader &r, bool mayLackForgetting = false);

    // Bytes of the per-user and per-session tables (docs/memory.md).
    std::size_t tableBytes() const { return userArms_.capacity() * userArms_.slotBytes(); }

private:
    struct Counters {
        DistinctCount users, convertingUsers; // of the (user, arm) keys: one per user
        std::uint64_t orders = 0;
        std::int64_t revenueCents = 0;
    };
    static std::uint64_t userArmKey(std::uint64_t userHash, std::uint32_t arm) {
        return mixHash(userHash ^ mixHash(arm + 1));
    }
    Counters &arm(std::uint32_t id);
    std::uint32_t armId(const Experiment &experiment);

    // "experiment\x1fvariant": one id per arm; "\x1f" cannot appear in the event schema's ids.
    BoundedInterner arms_{kMaxArms};
    std::vector<Counters> counts_;
    // userArmKey() -> bit 1 enrolled, bit 2 converted, the arm's id from bit 3 on (0 in
    // checkpoints written before the users forgot: such keys are not in the sketches).
    FlatHashTable<std::uint16_t> userArms_{kMaxUserArms};
    bool forgetting_ = false; // forgetUsers() has forgotten someone
    std::string key_;
    // The arms seen last: comparing two short strings is cheaper than building the key and
    // probing the interner.
    struct RecentArm {
        std::string experiment;
        std::string variant;
        std::uint32_t arm = 0;
    };
    std::array<RecentArm, 4> recentArms_;
    std::size_t nextRecent_ = 0;
    std::uint64_t otherArms_ = 0;
    std::uint64_t untrackedUsers_ = 0;
};

} // namespace trackboard
