#include "business_analytics.h"

namespace trackboard {

namespace {

template <typename Metric> void encodeBlob(VarintWriter &w, const Metric &metric) {
    std::string blob;
    VarintWriter inner(blob);
    metric.encode(inner);
    w.str(blob);
}

template <typename Metric>
bool decodeBlob(VarintReader &r, Metric &metric, const char *name, std::string &error,
                bool mayLackForgetting) {
    VarintReader inner(r.str());
    bool decoded = false;
    if constexpr (requires { metric.decode(inner, true); }) {
        decoded = r.ok() && metric.decode(inner, mayLackForgetting);
    } else {
        decoded = r.ok() && metric.decode(inner);
    }
    if (decoded && inner.ok() && inner.atEnd()) {
        return true;
    }
    error = std::string("corrupt checkpoint: ") + name;
    return false;
}

} // namespace

void BusinessAnalytics::apply(const Event &event, const BusinessEventContext &context) {
    campaigns_.apply(event, context);
    experiments_.apply(event, context);
    journeys_.apply(event, context);
    features_.apply(event, context);
    segments_.apply(event, context);
    trends_.apply(event, context);
    custom_.apply(event, context);
}

void BusinessAnalytics::mergeFrom(const BusinessAnalytics &other) {
    campaigns_.mergeFrom(other.campaigns_);
    experiments_.mergeFrom(other.experiments_);
    journeys_.mergeFrom(other.journeys_);
    features_.mergeFrom(other.features_);
    segments_.mergeFrom(other.segments_);
    trends_.mergeFrom(other.trends_);
    custom_.mergeFrom(other.custom_);
}

BusinessSnapshot BusinessAnalytics::snapshot(std::int64_t nowMs) const {
    BusinessSnapshot s;
    campaigns_.fill(s.campaigns, nowMs);
    experiments_.fill(s.experiments, nowMs);
    journeys_.fill(s.journeys, nowMs);
    features_.fill(s.features, nowMs);
    segments_.fill(s.segments, nowMs);
    trends_.fill(s.trends, nowMs);
    custom_.fill(s.custom, nowMs);
    return s;
}

void BusinessAnalytics::encode(VarintWriter &w) const {
    encodeBlob(w, campaigns_);
    encodeBlob(w, experiments_);
    encodeBlob(w, journeys_);
    encodeBlob(w, features_);
    encodeBlob(w, segments_);
    encodeBlob(w, trends_);
    encodeBlob(w, custom_);
}

bool BusinessAnalytics::decode(VarintReader &r, std::string &error, bool mayLackForgetting) {
    const bool old = mayLackForgetting;
    return decodeBlob(r, campaigns_, "campaigns", error, old) &&
           decodeBlob(r, experiments_, "experiments", error, old) &&
           decodeBlob(r, journeys_, "journeys", error, old) &&
           decodeBlob(r, features_, "features", error, old) &&
           decodeBlob(r, segments_, "segments", error, old) &&
           decodeBlob(r, trends_, "trends", error, old) &&
           decodeBlob(r, custom_, "custom metrics", error, old);
}

std::size_t BusinessAnalytics::tableBytes() const {
    return campaigns_.tableBytes() + experiments_.tableBytes() + journeys_.tableBytes() +
           features_.tableBytes() + segments_.tableBytes();
}

} // namespace trackboard
