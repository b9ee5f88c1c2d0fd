#pragma once

#include "beacon.h"
#include "event_codec.h"

#include <memory>
#include <string_view>
#include <vector>

namespace trackboard {

// Why a POST /e body was refused: the event decoder's reason, plus the two a batch adds.
struct BeaconVerdict {
    DecodeResult result;
    std::size_t index = 0;      // which event of the batch (0 for a single event)
    bool tooManyEvents = false; // an array longer than kMaxBeaconsPerBatch
    bool emptyBatch = false;    // []

    bool ok() const { return result.ok() && !tooManyEvents && !emptyBatch; }
    // "unknown_event_type", "too_many_events", ... as the 400 reply and /metrics name it.
    std::string_view reasonName() const;
};

inline constexpr std::size_t kMaxBeaconsPerBatch = 50;
// Longer strings are refused: no page, referrer or name of ours is anywhere near it, and it
// bounds what one event can cost downstream (Plausible caps fields the same way).
inline constexpr std::size_t kMaxBeaconStringBytes = 2000;

// Strict decoder for POST /e bodies: one JSON object or an array of 1 to 50. It applies the
// event decoder's rules (docs/event-schema.md) to the fields a browser sends: the same types,
// event types, product and order members, amounts and quantity ranges, so that anything it
// accepts encodes to an event the consumers accept. A batch is all or nothing. Not
// thread-safe: one per I/O thread.
class BeaconDecoder {
public:
    BeaconDecoder();
    ~BeaconDecoder();
    BeaconDecoder(const BeaconDecoder &) = delete;
    BeaconDecoder &operator=(const BeaconDecoder &) = delete;

    // On success `out` holds the batch; on failure its contents are unspecified.
    BeaconVerdict decode(std::string_view body, std::vector<Beacon> &out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace trackboard
