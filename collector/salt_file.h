#pragma once

#include "keyed_hash.h"

#include <cstdint>
#include <optional>
#include <string>

namespace trackboard {

// The visitor-id salts of the current UTC day and the day before, as VisitorIdentity holds
// them. Written to disk only so that a restart within the day keeps visitors' ids; older salts
// are overwritten, so after two days no file holds a salt that could link an old id.
struct DaySalts {
    std::int64_t day = -1; // days since the Unix epoch, UTC; -1: none yet
    KeyedHash::Key today{};
    std::optional<KeyedHash::Key> yesterday;

    bool operator==(const DaySalts &) const = default;
};

// Reads what writeSaltFile wrote. No file is not an error (nullopt, `error` empty); a file that
// cannot be read, is malformed or can be read by others than its owner is (nullopt, `error`
// says why), and the caller starts with fresh salts.
std::optional<DaySalts> readSaltFile(const std::string &path, std::string &error);
// Replaces the file atomically (a temporary file, then rename), readable and writable by its
// owner only (0600), creating its folder (0700) when missing.
bool writeSaltFile(const std::string &path, const DaySalts &salts, std::string &error);

} // namespace trackboard
