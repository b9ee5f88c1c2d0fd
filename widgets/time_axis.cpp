#include "time_axis.h"

#include <QFontMetrics>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace trackboard {

namespace {

constexpr int kSecondsPerBucket = 10;

int windowSeconds(AnalyticsWindow window) {
    const int minutes = kAnalyticsWindowMinutes[static_cast<std::size_t>(window)];
    return minutes == 0 ? 60 * 60 : minutes * 60; // all time: the hour the buckets hold
}

// The shortest round span (in seconds) that holds `seconds`, and a round tick for it.
struct Span {
    int seconds;
    int tick;
};
Span roundSpan(int seconds) {
    for (const Span s : {Span{60, 10}, Span{120, 20}, Span{180, 30}, Span{300, 60}, Span{600, 120},
                         Span{900, 300}, Span{1800, 300}, Span{3600, 600}}) {
        if (seconds <= s.seconds) {
            return s;
        }
    }
    return {3600, 600};
}

// Qt lays out every tick as soon as either changes: a wide range with the old, fine interval
// would make hundreds of thousands of them. Widening sets the interval first, narrowing last.
void setRangeAndTicks(QValueAxis *axis, double min, double max, double tick) {
    if (tick > axis->tickInterval()) {
        axis->setTickInterval(tick);
        axis->setRange(min, max);
    } else {
        axis->setRange(min, max);
        axis->setTickInterval(tick);
    }
}

} // namespace

TimeAxis::TimeAxis(QValueAxis *axis)
    : axis_(axis) {
    axis_->setTickType(QValueAxis::TicksDynamic);
    axis_->setTickAnchor(0);
    axis_->setRange(-60, 0); // until the first snapshot: the shortest span
    axis_->setTickInterval(10);
    // The unit is in each label ("-30 s", "-5 min"): no axis title, whose line the plot needs
    // in a short chart (large text on a laptop cut the labels to "-1...").
    axis_->setLabelFormat(QStringLiteral("%.0f s"));
}

int TimeAxis::pointSeconds() const {
    return windowSeconds(window_) > 15 * 60 ? kSecondsPerBucket : 1;
}

void TimeAxis::begin(const AnalyticsSnapshot &snapshot) {
    perBucket_ = pointSeconds() == kSecondsPerBucket;
    // The current second or bucket is still filling up; drawing it would show a false dip.
    const std::size_t total =
        perBucket_ ? snapshot.eventsPerBucket.size() : snapshot.eventsPerSecond.size();
    const std::size_t complete = total > 0 ? total - 1 : 0;
    count_ = std::min(complete, std::size_t(windowSeconds(window_) / pointSeconds()));
    first_ = complete - count_;
    secondsWithData_ = 0;
    filled_.clear();
}

double TimeAxis::fill(QList<QPointF> &points,
                      const std::function<double(std::size_t, bool)> &value) {
    points.resize(qsizetype(count_));
    filled_.push_back(&points);
    double peak = 0;
    std::size_t oldestWithData = count_;
    for (std::size_t i = 0; i < count_; ++i) {
        const double y = value(first_ + i, perBucket_) / pointSeconds();
        if (y > 0 && oldestWithData == count_) {
            oldestWithData = i;
        }
        peak = std::max(peak, y); // every point drawn lies inside the window
        // At the end of its second or bucket: the newest complete bucket ended 1-10 s ago.
        const double end = -double(count_ - i) * pointSeconds() + (pointSeconds() - 1);
        points[qsizetype(i)] = QPointF(end, y);
    }
    secondsWithData_ = std::max(secondsWithData_, int(count_ - oldestWithData) * pointSeconds());
    return peak;
}

void TimeAxis::finish() {
    // At start-up the axis spans what has happened so far, not a window of empty seconds.
    const Span span = roundSpan(std::min(secondsWithData_, windowSeconds(window_)));
    const bool minutes = span.seconds >= 5 * 60;
    const double unit = minutes ? 60.0 : 1.0;
    const QString format = minutes ? QStringLiteral("%.0f min") : QStringLiteral("%.0f s");
    // The span's round tick, or a round multiple of it when the labels would crowd the plot.
    int tick = span.tick;
    if (plotWidth_ > 0) {
        const QFontMetrics metrics(axis_->labelsFont());
        const double label = metrics.horizontalAdvance(minutes ? QStringLiteral("-55 min")
                                                               : QStringLiteral("-55 s")) +
                             metrics.height();
        const int fit = std::max(2, int(plotWidth_ / label));
        for (const int times : {1, 2, 3, 5, 10}) {
            tick = span.tick * times;
            if (span.seconds / tick + 1 <= fit) {
                break;
            }
        }
    }
    if (axis_->min() != -span.seconds / unit || axis_->labelFormat() != format ||
        axis_->tickInterval() != tick / unit) {
        setRangeAndTicks(axis_, -span.seconds / unit, 0, tick / unit);
        axis_->setLabelFormat(format);
    }
    if (minutes) {
        for (QList<QPointF> *points : filled_) {
            for (QPointF &p : *points) {
                p.setX(p.x() / unit);
            }
        }
    }
}

void scaleValueAxis(QValueAxis *axis, double peak, double lengthPixels, bool vertical) {
    double top = 10;
    int parts = 4;
    bool roundHalf = true; // 2.5 × 10^n halves to 1.25
    const double wanted = std::max(peak * 1.05, 10.0);
    const double power = std::pow(10.0, std::floor(std::log10(wanted)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * power >= wanted) {
            top = step * power;
            parts = step == 2.0 ? 4 : 5; // ticks 0.5, 0.2 or 1 times the power: round
            roundHalf = step != 2.5;
            break;
        }
    }
    if (lengthPixels > 0) {
        // Each label needs its line (its width on a horizontal axis) and a text item's margins.
        const QFontMetrics metrics(axis->labelsFont());
        const double label =
            vertical ? metrics.height() + 10
                     : metrics.horizontalAdvance(QStringLiteral("%L1").arg(top, 0, 'f', 0)) +
                           metrics.height();
        const int fit = std::max(2, int(lengthPixels / label));
        if (parts + 1 > fit) {
            parts = fit >= 3 && roundHalf ? 2 : 1;
        }
    }
    const double tick = top / parts;
    if (axis->max() != top || axis->tickInterval() != tick ||
        axis->tickType() != QValueAxis::TicksDynamic) {
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        setRangeAndTicks(axis, 0, top, tick);
    }
}

} // namespace trackboard
