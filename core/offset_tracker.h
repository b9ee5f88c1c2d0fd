#pragma once

#include <cstdint>
#include <vector>

namespace trackboard {

// Remembers the last offset applied per partition so that a message redelivered after a
// rebalance or a reconnect is never counted twice, and notices offsets that vanished between
// two messages (retention on the broker deleted them before we read them).
class OffsetTracker {
public:
    struct Verdict {
        bool fresh = true;        // apply it
        std::int64_t skipped = 0; // offsets missing before this one
    };

    Verdict observe(std::int32_t partition, std::int64_t offset);
    // Offset of the next message we expect on `partition`, or -1 when nothing was seen.
    std::int64_t nextOffset(std::int32_t partition) const;
    // The next message expected on `partition` is `nextOffset`, whatever was seen before (-1:
    // nothing seen): the state that held the offsets from there on is gone, and reading them
    // again must not count them as redelivered.
    void restartAt(std::int32_t partition, std::int64_t nextOffset);

private:
    std::vector<std::int64_t> last_; // -1: nothing applied yet
};

} // namespace trackboard
