#include "salt_file.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trackboard {

namespace {

// Version line, then "DAY TODAY_HEX" and optionally "YESTERDAY_HEX": a text file that a person
// can inspect, and that a later version can tell from its own.
constexpr std::string_view kHeader = "trackboard-salts 1";

std::string keyHex(const KeyedHash::Key &key) {
    return KeyedHash::hex(key[0]) + KeyedHash::hex(key[1]);
}

bool parseKey(std::string_view text, KeyedHash::Key &key) {
    if (text.size() != 32) {
        return false;
    }
    for (int half = 0; half < 2; ++half) {
        const char *begin = text.data() + 16 * half;
        const auto [end, ec] = std::from_chars(begin, begin + 16, key[std::size_t(half)], 16);
        if (ec != std::errc() || end != begin + 16) {
            return false;
        }
    }
    return true;
}

std::string systemError(const std::string &what, const std::string &path) {
    return what + " " + path + ": " + std::strerror(errno);
}

} // namespace

std::optional<DaySalts> readSaltFile(const std::string &path, std::string &error) {
    error.clear();
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno != ENOENT) {
            error = systemError("cannot read", path);
        }
        return std::nullopt;
    }
    if (info.st_mode & (S_IRWXG | S_IRWXO)) {
        error = path + " is readable by others than its owner; not used";
        return std::nullopt;
    }
    std::ifstream in(path);
    std::string header, todayHex, yesterdayHex;
    DaySalts salts;
    std::getline(in, header);
    in >> salts.day >> todayHex >> yesterdayHex;
    KeyedHash::Key today{}, yesterday{};
    if (header != kHeader || salts.day < 0 || !parseKey(todayHex, today) ||
        (!yesterdayHex.empty() && !parseKey(yesterdayHex, yesterday))) {
        error = path + " is not a Trackboard salt file; not used";
        return std::nullopt;
    }
    salts.today = today;
    if (!yesterdayHex.empty()) {
        salts.yesterday = yesterday;
    }
    return salts;
}

bool writeSaltFile(const std::string &path, const DaySalts &salts, std::string &error) {
    const std::filesystem::path target(path);
    std::error_code ec;
    if (target.has_parent_path() && !std::filesystem::exists(target.parent_path(), ec)) {
        std::filesystem::create_directories(target.parent_path(), ec);
        if (ec) {
            error = "cannot create " + target.parent_path().string() + ": " + ec.message();
            return false;
        }
        std::filesystem::permissions(target.parent_path(), std::filesystem::perms::owner_all, ec);
    }
    std::ostringstream text;
    text << kHeader << '\n' << salts.day << ' ' << keyHex(salts.today);
    if (salts.yesterday) {
        text << ' ' << keyHex(*salts.yesterday);
    }
    text << '\n';
    const std::string bytes = text.str();
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = systemError("cannot write", temporary);
        return false;
    }
    // A leftover temporary file may have had wider permissions: O_CREAT's mode applies only to
    // a new file.
    const bool written = ::fchmod(fd, 0600) == 0 &&
                         ::write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size()) &&
                         ::fsync(fd) == 0;
    if (!written) {
        error = systemError("cannot write", temporary);
    }
    ::close(fd);
    if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
        error = systemError("cannot replace", path);
        return false;
    }
    return written;
}

} // namespace trackboard
