// libFuzzer target for the event decoder: every message on the activity topic comes from anyone,
// so no byte sequence may crash it, read out of bounds or trip undefined behaviour. An accepted
// event must also survive a round trip: what we write back, we must read back as the same event.
#include "event.h"
#include "event_codec.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

trackboard::EventDecoder &decoder() {
    // One decoder for the whole run, as a worker keeps one: state left over from a previous
    // input must not change the verdict on the next.
    static trackboard::EventDecoder instance;
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    trackboard::Event first;
    if (!decoder().decode(input, first).ok()) {
        return 0;
    }
    std::string encoded;
    trackboard::encodeEvent(first, encoded);
    trackboard::Event second;
    if (!decoder().decode(encoded, second).ok() || !(second == first)) {
        __builtin_trap();
    }
    return 0;
}
