// Weighted choice for the simulator's reference tables (anything with a `weight` member).
#pragma once

#include "rng.h"

#include <cstddef>

namespace trackboard {

template <typename Span> std::size_t pickWeighted(Rng &rng, const Span &items) {
    double total = 0;
    for (const auto &item : items) {
        total += item.weight;
    }
    double roll = rng.uniform() * total;
    for (std::size_t i = 0; i < items.size(); ++i) {
        roll -= items[i].weight;
        if (roll < 0) {
            return i;
        }
    }
    return items.size() - 1;
}

} // namespace trackboard
