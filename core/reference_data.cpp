#include "reference_data.h"

#include <array>

namespace trackboard {

namespace {

constexpr std::array<CityInfo, 40> kCities = {{
    {"US", "New York", 40.7128, -74.0060, 9, 0.55},
    {"US", "Los Angeles", 34.0522, -118.2437, 6, 0.55},
    {"US", "Chicago", 41.8781, -87.6298, 4, 0.55},
    {"US", "Houston", 29.7604, -95.3698, 3, 0.55},
    {"US", "Seattle", 47.6062, -122.3321, 3, 0.50},
    {"CA", "Toronto", 43.6532, -79.3832, 3, 0.52},
    {"CA", "Vancouver", 49.2827, -123.1207, 2, 0.52},
    {"MX", "Mexico City", 19.4326, -99.1332, 3, 0.70},
    {"BR", "Sao Paulo", -23.5505, -46.6333, 4, 0.72},
    {"BR", "Rio de Janeiro", -22.9068, -43.1729, 2, 0.72},
    {"AR", "Buenos Aires", -34.6037, -58.3816, 2, 0.68},
    {"GB", "London", 51.5074, -0.1278, 6, 0.55},
    {"GB", "Manchester", 53.4808, -2.2426, 2, 0.55},
    {"IE", "Dublin", 53.3498, -6.2603, 1, 0.55},
    {"FR", "Paris", 48.8566, 2.3522, 4, 0.52},
    {"FR", "Lyon", 45.7640, 4.8357, 1, 0.52},
    {"DE", "Berlin", 52.5200, 13.4050, 4, 0.50},
    {"DE", "Munich", 48.1351, 11.5820, 2, 0.50},
    {"NL", "Amsterdam", 52.3676, 4.9041, 2, 0.50},
    {"ES", "Madrid", 40.4168, -3.7038, 2, 0.58},
    {"IT", "Milan", 45.4642, 9.1900, 2, 0.58},
    {"SE", "Stockholm", 59.3293, 18.0686, 1, 0.52},
    {"PL", "Warsaw", 52.2297, 21.0122, 1, 0.60},
    {"TR", "Istanbul", 41.0082, 28.9784, 2, 0.70},
    {"RU", "Moscow", 55.7558, 37.6173, 2, 0.65},
    {"IN", "Mumbai", 19.0760, 72.8777, 4, 0.82},
    {"IN", "Bangalore", 12.9716, 77.5946, 3, 0.82},
    {"SG", "Singapore", 1.3521, 103.8198, 2, 0.65},
    {"JP", "Tokyo", 35.6762, 139.6503, 5, 0.60},
    {"KR", "Seoul", 37.5665, 126.9780, 3, 0.65},
    {"CN", "Shanghai", 31.2304, 121.4737, 3, 0.78},
    {"ID", "Jakarta", -6.2088, 106.8456, 2, 0.80},
    {"AU", "Sydney", -33.8688, 151.2093, 3, 0.55},
    {"AU", "Melbourne", -37.8136, 144.9631, 2, 0.55},
    {"NZ", "Auckland", -36.8485, 174.7633, 1, 0.55},
    {"ZA", "Johannesburg", -26.2041, 28.0473, 1, 0.75},
    {"NG", "Lagos", 6.5244, 3.3792, 1, 0.85},
    {"EG", "Cairo", 30.0444, 31.2357, 1, 0.80},
    {"AE", "Dubai", 25.2048, 55.2708, 1, 0.65},
    {"IL", "Tel Aviv", 32.0853, 34.7818, 1, 0.60},
}};

constexpr std::array<DeviceProfile, 8> kDesktop = {{
    {"desktop", "Windows", "Chrome", 45},
    {"desktop", "Windows", "Edge", 12},
    {"desktop", "Windows", "Firefox", 6},
    {"desktop", "macOS", "Safari", 12},
    {"desktop", "macOS", "Chrome", 14},
    {"desktop", "Linux", "Firefox", 4},
    {"desktop", "Linux", "Chrome", 3},
    {"desktop", "ChromeOS", "Chrome", 4},
}};

constexpr std::array<DeviceProfile, 6> kMobile = {{
    {"mobile", "Android", "Chrome", 42},
    {"mobile", "Android", "Samsung Internet", 8},
    {"mobile", "iOS", "Safari", 34},
    {"mobile", "iOS", "Chrome", 6},
    {"tablet", "iPadOS", "Safari", 7},
    {"tablet", "Android", "Chrome", 3},
}};

constexpr std::array<std::string_view, 12> kCategories = {
    "electronics", "books",  "fashion", "home",   "garden", "sports",
    "toys",        "beauty", "grocery", "office", "music",  "jewelry",
};

} // namespace

std::span<const CityInfo> cities() {
    return kCities;
}
std::span<const DeviceProfile> desktopProfiles() {
    return kDesktop;
}
std::span<const DeviceProfile> mobileProfiles() {
    return kMobile;
}
std::span<const std::string_view> productCategories() {
    return kCategories;
}

} // namespace trackboard
