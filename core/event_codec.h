#pragma once

#include "event.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace trackboard {

enum class RejectReason : std::uint8_t {
    None,
    Empty,
    TooLarge,
    InvalidUtf8,
    MalformedJson,
    NotAnObject,
    MissingField,
    WrongType,
    UnknownEventType,
    BadTimestamp,
    InvalidValue,
    // Found by the consumer, not the decoder: the message has no key, or the event_id was
    // already applied under another offset.
    EmptyKey,
    DuplicateEventId,
};
inline constexpr std::size_t kRejectReasonCount = 13;
std::string_view rejectReasonName(RejectReason reason);

// Why a message was refused. `field` names the offending field ("geo.lat") and points at static
// storage, so a rejection costs no allocation.
struct DecodeResult {
    RejectReason reason = RejectReason::None;
    std::string_view field;

    bool ok() const { return reason == RejectReason::None; }
};

// Events larger than this are refused before parsing; a real event is under 1 KiB.
inline constexpr std::size_t kMaxEventBytes = 64 * 1024;
// Amounts above this (in the order's currency) are treated as corrupt rather than counted.
inline constexpr std::int64_t kMaxAmountCents = 100'000'000'00;

// Appends the event's JSON (the schema in docs/event-schema.md) to `out`.
void encodeEvent(const Event &event, std::string &out);

// Strict decoder for untrusted input. It keeps one parser and one padded buffer for its whole
// life, so decoding allocates nothing in steady state. Not thread-safe: one per worker.
class EventDecoder {
public:
    EventDecoder();
    ~EventDecoder();
    EventDecoder(const EventDecoder &) = delete;
    EventDecoder &operator=(const EventDecoder &) = delete;

    // On success `out` holds the event. On failure `out` is left in an unspecified state and
    // must not be used: a rejected event is never partly counted.
    DecodeResult decode(std::string_view json, Event &out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace trackboard
