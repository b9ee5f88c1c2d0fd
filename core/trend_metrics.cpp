#include "trend_metrics.h"

#include "interned_names_codec.h"

#include <algorithm>

namespace trackboard {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;
// The furthest minute an int64 millisecond timestamp can name: decoded minutes past it are
// hostile (and would overflow the ring's arithmetic).
constexpr std::int64_t kMaxMinute = std::numeric_limits<std::int64_t>::max() / kMinuteMs + 1;

bool plausibleMinute(std::int64_t minute) {
    return minute >= -kMaxMinute && minute <= kMaxMinute;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

std::size_t slotOf(std::int64_t minute) {
    return static_cast<std::size_t>(((minute % TrendMetrics::kMinutes) + TrendMetrics::kMinutes) %
                                    TrendMetrics::kMinutes);
}

} // namespace

bool TrendMetrics::MinuteRing::add(std::int64_t minute, std::uint32_t n) {
    if (newest == kNoMinute || minute - newest >= kMinutes) {
        counts.fill(0);
        newest = minute;
    } else if (minute > newest) {
        for (std::int64_t m = newest + 1; m <= minute; ++m) {
            counts[slotOf(m)] = 0; // minutes nothing happened in, recycled from an hour ago
        }
        newest = minute;
    } else if (minute <= newest - kMinutes) {
        return false;
    }
    counts[slotOf(minute)] += n;
    return true;
}

std::uint64_t TrendMetrics::MinuteRing::sum(std::int64_t lastMinute, int minutes) const {
    std::uint64_t total = 0;
    if (newest == kNoMinute) {
        return 0;
    }
    for (std::int64_t m = lastMinute - minutes + 1; m <= lastMinute; ++m) {
        if (m <= newest && m > newest - kMinutes) {
            total += counts[slotOf(m)];
        }
    }
    return total;
}

TrendMetrics::TrendMetrics()
    : TrendMetrics(Limits{}) {}

TrendMetrics::TrendMetrics(const Limits &limits)
    : limits_(limits)
    , pages_{HashedNames(limits.pages), std::vector<MinuteRing>(1), {""}}
    , products_{HashedNames(limits.products), std::vector<MinuteRing>(1), {"(other)"}} {}

void TrendMetrics::count(Keys &keys, std::string_view key, std::uint64_t hash,
                         std::string_view label, std::int64_t minute) {
    const std::uint32_t id = keys.names.id(key, hash);
    if (id >= keys.rings.size()) { // a key seen for the first time
        keys.rings.resize(id + 1);
        keys.labels.resize(id + 1);
        keys.labels[id].assign(label);
    }
    if (id == HashedNames::kOther) {
        ++otherKeyEvents_;
    }
    if (!keys.rings[id].add(minute, 1)) {
        ++tooOldEvents_;
    }
}

void TrendMetrics::apply(const Event &event, const BusinessEventContext &context) {
    const std::int64_t minute = floorDiv(event.timestampMs, kMinuteMs);
    if (!context.late && (firstMinute_ == kNoMinute || minute < firstMinute_)) {
        firstMinute_ = minute;
    }
    if (event.type == EventType::PageView || event.type == EventType::ProductView) {
        if (!context.path.empty()) {
            count(pages_, context.path, context.pathHash, {}, minute);
        }
    }
    if (event.hasProduct && !event.product.id.empty()) {
        count(products_, event.product.id, context.productHash, event.product.name, minute);
    }
}

void TrendMetrics::mergeKeys(Keys &into, const Keys &from) {
    for (std::size_t id = 0; id < from.rings.size(); ++id) {
        const MinuteRing &ring = from.rings[id];
        const std::uint32_t mine =
            id == 0 ? HashedNames::kOther
                    : into.names.id(from.names.name(static_cast<std::uint32_t>(id)));
        if (mine >= into.rings.size()) {
            into.rings.resize(mine + 1);
            into.labels.resize(mine + 1);
            into.labels[mine] = from.labels[id];
        }
        if (ring.newest == kNoMinute) {
            continue;
        }
        for (std::int64_t m = ring.newest - kMinutes + 1; m <= ring.newest; ++m) {
            if (const std::uint32_t n = ring.counts[slotOf(m)]; n > 0) {
                into.rings[mine].add(m, n); // false only for what is outside the hour anyway
            }
        }
    }
}

void TrendMetrics::mergeFrom(const TrendMetrics &other) {
    mergeKeys(pages_, other.pages_);
    mergeKeys(products_, other.products_);
    if (other.firstMinute_ != kNoMinute &&
        (firstMinute_ == kNoMinute || other.firstMinute_ < firstMinute_)) {
        firstMinute_ = other.firstMinute_;
    }
    otherKeyEvents_ += other.otherKeyEvents_;
    tooOldEvents_ += other.tooOldEvents_;
}

std::vector<TrendItem> TrendMetrics::rising(const Keys &keys, std::int64_t nowMinute, int observed,
                                            bool products) const {
    std::vector<TrendItem> all;
    for (std::size_t id = 1; id < keys.rings.size(); ++id) { // "(other)" mixes keys: never
        const std::uint64_t recent = keys.rings[id].sum(nowMinute, kRecentMinutes);
        if (recent < kMinRecent) {
            continue;
        }
        // Against the pace before: the per-5-minute average of the hour's other minutes that
        // have history. A key with none counts as one event per 5 minutes, so a page that
        // appears from nothing with enough volume is news too.
        const std::uint64_t hour = keys.rings[id].sum(nowMinute, kMinutes);
        const double baseline =
            std::max(1.0, double(hour - recent) * kRecentMinutes / (observed - kRecentMinutes));
        const double ratio = double(recent) / baseline;
        if (ratio < kMinRatio) {
            continue;
        }
        const std::string &key = keys.names.name(static_cast<std::uint32_t>(id));
        all.push_back({products && !keys.labels[id].empty() ? keys.labels[id] : key,
                       products ? key : std::string(), recent, hour, ratio,
                       double(recent) - baseline});
    }
    const std::size_t keep = std::min(kTop, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      // By the rise in events, not the ratio: a few events over a tiny
                      // baseline make a large ratio, a flash sale makes a large rise.
                      [](const TrendItem &a, const TrendItem &b) {
                          if (a.rise != b.rise) {
                              return a.rise > b.rise;
                          }
                          if (a.ratio != b.ratio) {
                              return a.ratio > b.ratio;
                          }
                          return a.name != b.name ? a.name < b.name : a.id < b.id;
                      });
    all.resize(keep);
    return all;
}

void TrendMetrics::fill(TrendReport &report, std::int64_t nowMs) const {
    report = TrendReport{};
    report.otherKeyEvents = otherKeyEvents_;
    report.tooOldEvents = tooOldEvents_;
    if (nowMs == 0 || firstMinute_ == kNoMinute) {
        return; // no event yet
    }
    const std::int64_t nowMinute = floorDiv(nowMs, kMinuteMs);
    report.minutesObserved =
        static_cast<int>(std::clamp<std::int64_t>(nowMinute - firstMinute_ + 1, 0, kMinutes));
    if (report.minutesObserved <= kRecentMinutes) {
        return; // no minute before the last five yet: nothing to rise from
    }
    report.pages = rising(pages_, nowMinute, report.minutesObserved, false);
    report.products = rising(products_, nowMinute, report.minutesObserved, true);
}

void TrendMetrics::encodeKeys(VarintWriter &w, const Keys &keys) {
    encodeInternedNames(w, keys.names);
    for (std::size_t id = 0; id < keys.rings.size(); ++id) {
        w.str(keys.labels[id]);
        const MinuteRing &ring = keys.rings[id];
        w.u(ring.newest == kNoMinute ? 0 : 1);
        if (ring.newest != kNoMinute) {
            w.s(ring.newest);
            for (const std::uint32_t n : ring.counts) {
                w.u(n);
            }
        }
    }
}

bool TrendMetrics::decodeKeys(VarintReader &r, Keys &keys, std::size_t maxKeys) {
    if (!decodeInternedNames(r, keys.names, maxKeys)) {
        return false;
    }
    keys.rings.assign(keys.names.size(), MinuteRing{});
    keys.labels.assign(keys.names.size(), std::string());
    for (std::size_t id = 0; id < keys.rings.size(); ++id) {
        keys.labels[id].assign(r.str());
        MinuteRing &ring = keys.rings[id];
        const std::uint64_t present = r.u();
        if (present > 1) {
            return false;
        }
        if (present == 1) {
            ring.newest = r.s();
            for (std::uint32_t &n : ring.counts) {
                const std::uint64_t v = r.u();
                if (v > 0xffffffffU) {
                    return false;
                }
                n = static_cast<std::uint32_t>(v);
            }
        }
        if (!r.ok() || (present == 1 && !plausibleMinute(ring.newest))) {
            return false;
        }
    }
    return true;
}

void TrendMetrics::encode(VarintWriter &w) const {
    w.u(firstMinute_ == kNoMinute ? 0 : 1);
    if (firstMinute_ != kNoMinute) {
        w.s(firstMinute_);
    }
    w.u(otherKeyEvents_);
    w.u(tooOldEvents_);
    encodeKeys(w, pages_);
    encodeKeys(w, products_);
}

bool TrendMetrics::decode(VarintReader &r) {
    const std::uint64_t hasFirst = r.u();
    if (hasFirst > 1) {
        return false;
    }
    if (hasFirst == 1) {
        firstMinute_ = r.s();
        if (!plausibleMinute(firstMinute_)) {
            return false;
        }
    }
    otherKeyEvents_ = r.u();
    tooOldEvents_ = r.u();
    return r.ok() && decodeKeys(r, pages_, limits_.pages) &&
           decodeKeys(r, products_, limits_.products) && r.ok();
}

} // namespace trackboard
