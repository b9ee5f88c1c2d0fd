#pragma once

#include "flat_hash_table.h"
#include "text_hash.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trackboard {

// Small dense ids for names (pages, products, clicked elements), like BoundedInterner but
// found by the name's 64-bit hash alone, as FlatHashTable keys are: one slot touched per
// lookup and no string compare, which keeps the per-event business metrics in cache. At
// most `maxKeys` names get an id; any further name shares id 0, "(other)".
class HashedNames {
public:
    static constexpr std::uint32_t kOther = 0;

    explicit HashedNames(std::size_t maxKeys)
        : ids_(maxKeys)
        , names_{std::string("(other)")} {}

    std::uint32_t id(std::string_view text) { return id(text, hashText(text)); }
    // For a caller that already has hashText(text).
    std::uint32_t id(std::string_view text, std::uint64_t hash) {
        bool inserted = false;
        std::uint32_t *id = ids_.findOrInsert(hash, inserted);
        if (id == nullptr) {
            return kOther;
        }
        if (inserted) { // the only allocation: a name seen for the first time
            *id = static_cast<std::uint32_t>(names_.size());
            names_.emplace_back(text);
        }
        return *id;
    }
    void prefetch(std::uint64_t hash) const { ids_.prefetch(hash); }
    const std::string &name(std::uint32_t id) const { return names_[id]; }
    std::size_t size() const { return names_.size(); } // ids in use, "(other)" included

private:
    FlatHashTable<std::uint32_t> ids_;
    std::vector<std::string> names_;
};

} // namespace trackboard
