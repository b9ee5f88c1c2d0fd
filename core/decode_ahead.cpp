#include "decode_ahead.h"

#include "recent_event_ids.h"

#include <algorithm>
#include <cassert>
#include <ctime>
#include <limits>
#include <pthread.h>
#include <string>

namespace trackboard {

namespace {

// How often a waiting caller looks again before it sleeps, a few microseconds in all: a decode
// takes one or two, so a helper that holds the slot usually hands it over within them.
constexpr int kSpinsBeforeSleep = 256;

void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace

DecodeAhead::DecodeAhead(std::size_t capacity, std::string_view threadName)
    : slots_(capacity)
    , ready_(std::make_unique<std::atomic<std::uint32_t>[]>(capacity)) {
    helper_ = std::thread([this] { helperLoop(); });
    if (!threadName.empty()) {
        // Linux allows 15 bytes and a NUL.
        const std::string name(threadName.substr(0, 15));
        pthread_setname_np(helper_.native_handle(), name.c_str());
    }
}

DecodeAhead::~DecodeAhead() {
    finish();
    quit_.store(true);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_one();
    helper_.join();
}

void DecodeAhead::start(std::span<const std::string_view> payloads) {
    // The helper is not in a batch here: finish() waited for it, or it never started one.
    const std::size_t n = std::min(payloads.size(), slots_.size());
    payloads_ = payloads.first(n);
    for (std::size_t i = 0; i < n; ++i) {
        ready_[i].store(0, std::memory_order_relaxed);
    }
    next_.store(0, std::memory_order_relaxed);
    // Release: a helper that reads false here sees the batch written above.
    cancelled_.store(false, std::memory_order_seq_cst);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_one();
}

bool DecodeAhead::claimAndDecode(EventDecoder &decoder, bool helper) {
    const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i >= payloads_.size()) {
        return false;
    }
    Decoded &slot = slots_[i];
    slot.result = decoder.decode(payloads_[i], slot.event);
    if (slot.result.ok()) {
        slot.idHash = RecentEventIds::idHash(slot.event.eventId);
    }
    if (helper) {
        byHelper_.fetch_add(1, std::memory_order_relaxed);
    } else {
        ++byCaller_;
    }
    ready_[i].store(1, std::memory_order_seq_cst);
    if (helper && callerWaiting_.load(std::memory_order_seq_cst)) {
        ready_[i].notify_one();
    }
    return true;
}

DecodeAhead::Decoded &DecodeAhead::take(std::size_t i) {
    assert(i < payloads_.size());
    if (ready_[i].load(std::memory_order_acquire) != 0) {
        return slots_[i];
    }
    // Not decoded yet: decode what is unclaimed up to it here rather than wait.
    while (claimAndDecode(callerDecoder_, false)) {
        if (ready_[i].load(std::memory_order_acquire) != 0) {
            return slots_[i];
        }
    }
    awaitHelper(ready_[i], 1); // the helper is decoding it now
    return slots_[i];
}

const DecodeAhead::Decoded *DecodeAhead::peek(std::size_t i) const {
    if (i >= payloads_.size() || ready_[i].load(std::memory_order_acquire) == 0) {
        return nullptr;
    }
    return &slots_[i];
}

void DecodeAhead::prefetchFixedPart(const Decoded &decoded) {
    const auto *bytes = reinterpret_cast<const char *>(&decoded);
    for (std::size_t at = 0; at < sizeof(Decoded); at += 64) {
        __builtin_prefetch(bytes + at);
    }
}

void DecodeAhead::prefetchTexts(const Decoded &decoded) {
    // Texts longer than a std::string holds in place (ids, pages, referrers) are on the heap;
    // for the others this touches a line already fetched.
    for (const std::string *text : eventTexts(decoded.event)) {
        __builtin_prefetch(text->data());
    }
}

void DecodeAhead::finish() {
    cancelled_.store(true, std::memory_order_seq_cst);
    // Whatever the helper claims from here on is past the end.
    next_.store(std::numeric_limits<std::size_t>::max() / 2, std::memory_order_relaxed);
    awaitHelper(helperActive_, 0);
}

void DecodeAhead::awaitHelper(std::atomic<std::uint32_t> &flag, std::uint32_t wanted) {
    for (int spin = 0; spin < kSpinsBeforeSleep; ++spin) {
        if (flag.load(std::memory_order_seq_cst) == wanted) {
            return;
        }
        pause();
    }
    // Announce, then look again before sleeping: the helper notifies after its store whenever
    // it sees a caller waiting (both orders are seq_cst).
    callerWaiting_.store(true, std::memory_order_seq_cst);
    for (std::uint32_t seen; (seen = flag.load(std::memory_order_seq_cst)) != wanted;) {
        flag.wait(seen, std::memory_order_seq_cst);
    }
    callerWaiting_.store(false, std::memory_order_relaxed);
}

void DecodeAhead::helperLoop() {
    std::uint32_t seen = 0;
    for (;;) {
        generation_.wait(seen, std::memory_order_acquire);
        seen = generation_.load(std::memory_order_acquire);
        if (quit_.load()) {
            return;
        }
        // Announce, then look: either finish() sees the helper active and waits for it, or
        // the helper sees the batch finished and leaves it alone (both orders are seq_cst).
        helperActive_.store(1, std::memory_order_seq_cst);
        if (!cancelled_.load(std::memory_order_seq_cst)) {
            while (!cancelled_.load(std::memory_order_relaxed) &&
                   claimAndDecode(helperDecoder_, true)) {
            }
        }
        helperActive_.store(0, std::memory_order_seq_cst);
        if (callerWaiting_.load(std::memory_order_seq_cst)) {
            helperActive_.notify_one();
        }
        timespec cpu{};
        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0) {
            helperCpuNs_.store(std::uint64_t(cpu.tv_sec) * 1'000'000'000 +
                                   std::uint64_t(cpu.tv_nsec),
                               std::memory_order_relaxed);
        }
    }
}

} // namespace trackboard
