#pragma once

#include "event_codec.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

namespace trackboard {

// Decodes a batch of messages on a helper thread while the caller applies the ones already
// decoded. Reading a backlog, a worker spends about a third of its thread on JSON; with the
// helper on another core its own thread keeps to its state (docs/performance.md, "Decoding
// ahead"). Decoding is a pure function of the payload, so the results are the same in any
// order; only the caller's thread touches anything else.
//
// The caller never waits on an idle or late helper: take(i) decodes message i itself when the
// helper has not claimed it yet, so with no spare core the batch costs what it did without
// the helper, plus a handful of atomic operations per message.
class DecodeAhead {
public:
    struct Decoded {
        DecodeResult result;
        Event event;
        std::uint64_t idHash = 0; // RecentEventIds::idHash of a decoded event's event_id
    };

    // `capacity`: the largest batch start() will be given. `threadName` names the helper
    // thread as `top -H` and per-thread CPU figures show it (the first 15 bytes; none: it
    // keeps its creator's name).
    explicit DecodeAhead(std::size_t capacity, std::string_view threadName = {});
    ~DecodeAhead(); // stops and joins the helper
    DecodeAhead(const DecodeAhead &) = delete;
    DecodeAhead &operator=(const DecodeAhead &) = delete;

    // Starts on a batch. The payloads must stay valid until finish(). An empty view stands for
    // a message that is not an event (a librdkafka error): its Decoded is not to be used.
    void start(std::span<const std::string_view> payloads);
    // Message i of the batch, decoded. Indices are taken in increasing order; any may be left
    // out (a message the caller does not apply).
    Decoded &take(std::size_t i);
    // Message i if the helper has decoded it already, else null (also past the batch). Does
    // not take it.
    const Decoded *peek(std::size_t i) const;
    // The helper wrote a decoded event on the other core, so each of the caller's first reads
    // of it would wait for a line from there (docs/performance.md, "Decoding ahead"). These
    // start the lines on their way: first the Decoded itself, then, once that has arrived
    // (a message later), the texts it points to on the heap.
    static void prefetchFixedPart(const Decoded &decoded);
    static void prefetchTexts(const Decoded &decoded);
    // The helper stops on this batch: once this returns, the payloads may be freed. What it
    // has not decoded yet is dropped.
    void finish();

    // Messages of the batches so far decoded by the helper and by the caller's thread.
    std::uint64_t decodedByHelper() const { return byHelper_.load(std::memory_order_relaxed); }
    std::uint64_t decodedByCaller() const { return byCaller_; }
    // The helper thread's CPU time so far, as of its last batch: part of the worker's cost.
    double helperCpuSeconds() const {
        return double(helperCpuNs_.load(std::memory_order_relaxed)) / 1e9;
    }

private:
    void helperLoop();
    // Claims the next undecoded message; false once the batch has none left.
    bool claimAndDecode(EventDecoder &decoder, bool helper);
    // The caller's thread waits until the helper sets `flag` to `wanted`: a short spin, then
    // a futex sleep.
    void awaitHelper(std::atomic<std::uint32_t> &flag, std::uint32_t wanted);

    std::vector<Decoded> slots_;
    // Per slot: 0 while not decoded, 1 once its Decoded may be read. 32 bits each, so that a
    // wait on one is a futex.
    std::unique_ptr<std::atomic<std::uint32_t>[]> ready_;
    // Written by start() only while the helper cannot be reading it (see helperLoop).
    std::span<const std::string_view> payloads_;
    std::atomic<std::size_t> next_{0};           // the next message to claim
    std::atomic<std::uint32_t> generation_{0};   // bumped by start(); the helper sleeps on it
    std::atomic<bool> cancelled_{true};          // finish() was called on the current batch
    std::atomic<std::uint32_t> helperActive_{0}; // 1 while the helper may touch the batch
    std::atomic<bool> callerWaiting_{false};     // the caller sleeps on a slot or on finish
    std::atomic<bool> quit_{false};
    std::atomic<std::uint64_t> byHelper_{0};
    std::atomic<std::uint64_t> helperCpuNs_{0};
    std::uint64_t byCaller_ = 0;
    EventDecoder callerDecoder_;
    EventDecoder helperDecoder_;
    std::thread helper_;
};

} // namespace trackboard
