#pragma once

#include "varint_codec.h"

#include <cstdint>

namespace trackboard {

// Checkpoint form of a BoundedInterner or HashedNames: its names in id order, "(other)" left out.
// Re-interning them in order gives back the same ids, which the counters written after them are
// indexed by.
template <typename Names> void encodeInternedNames(VarintWriter &w, const Names &names) {
    w.u(names.size() - 1);
    for (std::size_t id = 1; id < names.size(); ++id) {
        w.str(names.name(static_cast<std::uint32_t>(id)));
    }
}

// Into a fresh interner of capacity `maxKeys`. False on more names than that, or on a name
// given twice (both would shift the ids of what follows).
template <typename Names>
bool decodeInternedNames(VarintReader &r, Names &names, std::size_t maxKeys) {
    const std::uint64_t count = r.count();
    if (!r.ok() || count > maxKeys || names.size() != 1) {
        return false;
    }
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::string_view name = r.str();
        if (!r.ok() || names.id(name) != i + 1 || names.size() != i + 2) {
            return false;
        }
    }
    return true;
}

} // namespace trackboard
