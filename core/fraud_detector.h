#pragma once

#include "fraud_detector_users.h"
#include "fraud_rule.h"
#include "fraud_snapshot.h"
#include "partition_clock.h"
#include "string_hash.h"
#include "user_profile.h"

#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

namespace trackboard {

// Runs every rule on every event, per user and by event time, and turns findings into alerts
// with cooldown: one alert per user and rule within `cooldownMs`, unless the severity rises.
// Each alert carries the user's risk score in its evidence ("risk_score").
//
// Every clock is the user's own or their partition's, never one for the whole consumer:
// windows, lateness and cooldowns read the user's event times, and each partition sweeps away
// its users quiet for `idleExpiryMs` of its own event time, once a minute of it. Kafka keeps
// each partition's order, so the same events give the same alerts read live or as a backlog,
// however the consumer interleaves partitions.
class FraudDetector {
public:
    static constexpr std::size_t kRiskiestUsers = 10;

    explicit FraudDetector(FraudThresholds thresholds = {});
    ~FraudDetector();
    FraudDetector(FraudDetector &&) noexcept;
    FraudDetector &operator=(FraudDetector &&) noexcept;

    // Takes effect from the next event on.
    void setThresholds(const FraudThresholds &thresholds) { thresholds_ = thresholds; }
    const FraudThresholds &thresholds() const { return thresholds_; }

    // Appends the alerts this event raises (usually none) to `raised`. `partition` and
    // `offset`: where in Kafka the event came from. They make the alert's id,
    // "alert-<partition>-<offset>-<rule>", so that whichever worker processes an event, and
    // however often, the same alert gets the same id and readers can drop repeats.
    void apply(const Event &event, std::int32_t partition, std::int64_t offset, std::int64_t nowMs,
               std::vector<Alert> &raised);
    // Without offsets (tests, benchmarks): the offset is the number of events this detector
    // has seen from the partition before, which is the Kafka offset for a partition read
    // from its start.
    void apply(const Event &event, std::int32_t partition, std::int64_t nowMs,
               std::vector<Alert> &raised);
    // One partition.
    void apply(const Event &event, std::int64_t nowMs, std::vector<Alert> &raised) {
        apply(event, 0, nowMs, raised);
    }

    // Rebuilds state from an event already judged by another worker (the warm-up after a
    // partition changes hands): histories, cooldowns and risk move as apply() moves them, but
    // nothing is raised or counted.
    void replay(const Event &event, std::int32_t partition, std::int64_t offset);
    // Forgets the users of `partition`, whose events another worker now reads.
    void forgetPartition(std::int32_t partition);
    // How far back the rules, cooldowns and risk scores look, in event time: what a worker
    // must re-read to judge a partition as its previous owner would have.
    static std::int64_t longestWindowMs(const FraudThresholds &t);

    std::size_t trackedUsers() const { return users_.size(); }
    // The next event's user, known from its message key before it is decoded: starts loading
    // that user's index slot, so that its cache miss overlaps the current event's work.
    void prefetchUser(std::string_view userId) const { users_.prefetch(userId); }
    // 0 to 100: the points of the user's alerts up to `atMs` (event time), each fading to 0
    // over `riskDecayMs`. 0 for a user not tracked.
    double riskScore(std::string_view userId, std::int64_t atMs) const;
    // Counts so far; the caller adds the alerts it has not yet handed on. Risk scores are taken
    // at the newest event time of each user's partition.
    FraudSnapshot snapshot(std::int64_t nowMs) const;
    // What the detector holds about one user (UserProfile), read from the same state the rules
    // use; `held` is false for a user not tracked. `nowMs`: the caller's clock, for the answer.
    UserProfile profileOf(std::string_view userId, std::int64_t nowMs) const;

private:
    void raise(const Event &event, std::int32_t partition, std::int64_t offset, std::int64_t nowMs,
               std::size_t rule, Finding &&finding, UserActivity &activity,
               std::vector<Alert> &raised);
    // Forgets the partition's users quiet for idleExpiryMs of its event time.
    void expireIdleUsers(std::int32_t partition);

    FraudThresholds thresholds_;
    std::vector<std::unique_ptr<FraudRule>> rules_;
    FraudDetectorUsers users_;
    // Users with alerts that may still count towards their risk score, so that a snapshot need
    // not visit every user.
    std::unordered_set<std::string, StringHash, std::equal_to<>> flagged_;
    std::uint64_t events_ = 0;
    std::vector<std::int64_t> seenPerPartition_; // for apply() without offsets
    bool replaying_ = false;                     // replay(): raise nothing, count nothing
    std::array<std::uint64_t, 4> bySeverity_{};
    std::array<std::uint64_t, kMaxRules> byRule_{};
    PartitionClock clock_;
    std::vector<std::int64_t> lastExpiryMs_; // per partition: its event time at its last sweep
};

} // namespace trackboard
