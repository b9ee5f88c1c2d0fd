#include "reference_data.h"

#include <array>

namespace trackboard {

namespace {

constexpr std::array<CityInfo, 105> kCities = {{
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
    {"US", "San Francisco", 37.7749, -122.4194, 3, 0.50},
    {"US", "Miami", 25.7617, -80.1918, 2, 0.58},
    {"US", "Boston", 42.3601, -71.0589, 2, 0.52},
    {"US", "Dallas", 32.7767, -96.7970, 2, 0.56},
    {"US", "Atlanta", 33.7490, -84.3880, 2, 0.56},
    {"US", "Denver", 39.7392, -104.9903, 1, 0.54},
    {"US", "Phoenix", 33.4484, -112.0740, 1, 0.56},
    {"US", "Washington", 38.9072, -77.0369, 2, 0.52},
    {"CA", "Montreal", 45.5017, -73.5673, 2, 0.52},
    {"CA", "Calgary", 51.0447, -114.0719, 1, 0.52},
    {"MX", "Guadalajara", 20.6597, -103.3496, 1, 0.70},
    {"MX", "Monterrey", 25.6866, -100.3161, 1, 0.70},
    {"BR", "Brasilia", -15.8267, -47.9218, 1, 0.72},
    {"BR", "Belo Horizonte", -19.9167, -43.9345, 1, 0.72},
    {"AR", "Cordoba", -31.4201, -64.1888, 1, 0.68},
    {"CL", "Santiago", -33.4489, -70.6693, 2, 0.66},
    {"CO", "Bogota", 4.7110, -74.0721, 2, 0.72},
    {"PE", "Lima", -12.0464, -77.0428, 1, 0.74},
    {"GB", "Birmingham", 52.4862, -1.8904, 1, 0.55},
    {"GB", "Edinburgh", 55.9533, -3.1883, 1, 0.55},
    {"FR", "Marseille", 43.2965, 5.3698, 1, 0.52},
    {"FR", "Toulouse", 43.6047, 1.4442, 1, 0.52},
    {"DE", "Hamburg", 53.5511, 9.9937, 2, 0.50},
    {"DE", "Frankfurt", 50.1109, 8.6821, 1, 0.50},
    {"DE", "Cologne", 50.9375, 6.9603, 1, 0.50},
    {"NL", "Rotterdam", 51.9244, 4.4777, 1, 0.50},
    {"BE", "Brussels", 50.8503, 4.3517, 1, 0.52},
    {"CH", "Zurich", 47.3769, 8.5417, 1, 0.48},
    {"AT", "Vienna", 48.2082, 16.3738, 1, 0.50},
    {"ES", "Barcelona", 41.3851, 2.1734, 2, 0.58},
    {"ES", "Valencia", 39.4699, -0.3763, 1, 0.58},
    {"PT", "Lisbon", 38.7223, -9.1393, 1, 0.58},
    {"IT", "Rome", 41.9028, 12.4964, 2, 0.58},
    {"IT", "Naples", 40.8518, 14.2681, 1, 0.60},
    {"DK", "Copenhagen", 55.6761, 12.5683, 1, 0.50},
    {"NO", "Oslo", 59.9139, 10.7522, 1, 0.50},
    {"FI", "Helsinki", 60.1699, 24.9384, 1, 0.52},
    {"PL", "Krakow", 50.0647, 19.9450, 1, 0.60},
    {"CZ", "Prague", 50.0755, 14.4378, 1, 0.56},
    {"GR", "Athens", 37.9838, 23.7275, 1, 0.62},
    {"RO", "Bucharest", 44.4268, 26.1025, 1, 0.64},
    {"UA", "Kyiv", 50.4501, 30.5234, 1, 0.66},
    {"TR", "Ankara", 39.9334, 32.8597, 1, 0.70},
    {"RU", "Saint Petersburg", 59.9311, 30.3609, 1, 0.65},
    {"IN", "Delhi", 28.7041, 77.1025, 4, 0.82},
    {"IN", "Chennai", 13.0827, 80.2707, 2, 0.82},
    {"IN", "Hyderabad", 17.3850, 78.4867, 2, 0.82},
    {"PK", "Karachi", 24.8607, 67.0011, 1, 0.84},
    {"BD", "Dhaka", 23.8103, 90.4125, 1, 0.85},
    {"TH", "Bangkok", 13.7563, 100.5018, 2, 0.75},
    {"VN", "Ho Chi Minh City", 10.8231, 106.6297, 1, 0.78},
    {"MY", "Kuala Lumpur", 3.1390, 101.6869, 1, 0.72},
    {"PH", "Manila", 14.5995, 120.9842, 2, 0.80},
    {"JP", "Osaka", 34.6937, 135.5023, 2, 0.60},
    {"KR", "Busan", 35.1796, 129.0756, 1, 0.65},
    {"CN", "Beijing", 39.9042, 116.4074, 3, 0.78},
    {"CN", "Shenzhen", 22.5431, 114.0579, 2, 0.78},
    {"HK", "Hong Kong", 22.3193, 114.1694, 1, 0.68},
    {"TW", "Taipei", 25.0330, 121.5654, 1, 0.66},
    {"AU", "Brisbane", -27.4698, 153.0251, 1, 0.55},
    {"AU", "Perth", -31.9505, 115.8605, 1, 0.55},
    {"KE", "Nairobi", -1.2921, 36.8219, 1, 0.85},
    {"ZA", "Cape Town", -33.9249, 18.4241, 1, 0.75},
    {"MA", "Casablanca", 33.5731, -7.5898, 1, 0.78},
    {"SA", "Riyadh", 24.7136, 46.6753, 1, 0.70},
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

// Shares per channel: direct 30, search 30, social 15, email 10, paid 15. The conversion factors
// act on the add-to-cart chance; buying at least once in a visit rises less than its step does,
// so they are spread wider than the contract's visit conversion (email 1.6x the average, paid
// 1.2x, direct 1.1x, search 1.0x, social 0.6x), which tst_simulator_business measures.
constexpr std::array<TrafficSource, 12> kTrafficSources = {{
    {"direct", "", "", 30, 1.15},
    {"search", "https://www.google.com/", "", 21, 1.0},
    {"search", "https://www.bing.com/", "", 6, 1.0},
    {"search", "https://duckduckgo.com/", "", 3, 1.0},
    {"social", "https://www.facebook.com/", "", 5, 0.45},
    {"social", "https://t.co/", "", 3, 0.45},
    {"social", "https://www.instagram.com/", "", 2, 0.45},
    {"social", "https://www.instagram.com/",
     "?utm_source=instagram&utm_medium=social&utm_campaign=influencer-spring", 5, 0.45},
    {"email", "", "?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday", 6, 2.2},
    {"email", "https://mail.google.com/",
     "?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday", 2.5, 2.2},
    {"email", "https://outlook.live.com/",
     "?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday", 1.5, 2.2},
    {"paid", "https://www.google.com/",
     "?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale", 15, 1.3},
}};

constexpr std::array<ClickElement, 12> kClickElements = {{
    {"add-to-wishlist", 26},
    {"product-image-zoom", 20},
    {"size-guide", 13},
    {"reviews-tab", 10},
    {"sort-by-price", 8},
    {"filter-brand", 6},
    {"free-shipping-banner", 5},
    {"color-swatch", 4},
    {"share-product", 3},
    {"live-chat", 2.5},
    {"newsletter-signup", 1.5},
    {"gift-wrap", 1},
}};

struct CountryTaste {
    std::string_view country;
    std::string_view first;
    std::string_view second;
};

// Invented but plausible: enough contrast that "top categories per country" differ on screen.
constexpr std::array<CountryTaste, 24> kTastes = {{
    {"US", "electronics", "sports"}, {"CA", "sports", "books"},
    {"MX", "music", "toys"},         {"BR", "sports", "beauty"},
    {"AR", "sports", "music"},       {"GB", "books", "garden"},
    {"IE", "books", "music"},        {"FR", "fashion", "beauty"},
    {"DE", "home", "sports"},        {"NL", "garden", "home"},
    {"ES", "fashion", "toys"},       {"IT", "fashion", "jewelry"},
    {"SE", "home", "office"},        {"PL", "grocery", "home"},
    {"TR", "jewelry", "fashion"},    {"RU", "books", "electronics"},
    {"IN", "electronics", "books"},  {"SG", "electronics", "beauty"},
    {"JP", "electronics", "music"},  {"KR", "beauty", "electronics"},
    {"CN", "electronics", "toys"},   {"ID", "fashion", "grocery"},
    {"AU", "garden", "sports"},      {"AE", "jewelry", "fashion"},
}};

} // namespace

std::span<const TrafficSource> trafficSources() {
    return kTrafficSources;
}
std::span<const ClickElement> clickElements() {
    return kClickElements;
}
std::array<std::string_view, 2> favouriteCategories(std::string_view country) {
    for (const auto &taste : kTastes) {
        if (taste.country == country) {
            return {taste.first, taste.second};
        }
    }
    return {};
}

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
