#pragma once

#include "analytics_snapshot.h"

#include <QList>
#include <QPointF>

#include <functional>
#include <vector>

class QValueAxis;

namespace trackboard {

// How the dashboard's time charts read for the selected window: one point a second up to the
// 15-minute view and one per 10-second bucket beyond it (the per-second series holds 15
// minutes), an x axis as long as the window or, at start-up, as what has happened so far, and
// round ticks in seconds or minutes.
class TimeAxis {
public:
    explicit TimeAxis(QValueAxis *axis);

    void setWindow(AnalyticsWindow window) { window_ = window; }
    // The plot's width in pixels: ticks are spread out so that every label fits whole between
    // its neighbours (Qt cuts a crowded one to "-1...").
    void setPlotWidth(double pixels) { plotWidth_ = pixels; }
    AnalyticsWindow window() const { return window_; }
    // The seconds one point covers for the current window: 1 or 10.
    int pointSeconds() const;

    // One frame: begin() with the snapshot, fill() once per series, then finish().
    void begin(const AnalyticsSnapshot &snapshot);
    // Fills `points` (x: seconds before "now", which finish() turns into the axis's unit; y: the
    // value per second). `value(i, perBucket)` reads entry i of the per-second series or, with
    // perBucket, of the per-bucket one. Returns the largest y.
    double fill(QList<QPointF> &points, const std::function<double(std::size_t, bool)> &value);
    // Sets the axis (the window, or at start-up what any series has shown so far) and puts the
    // points filled this frame in its unit. Series take their points after this.
    void finish();

private:
    QValueAxis *axis_;
    AnalyticsWindow window_ = AnalyticsWindow::Last5Min;
    bool perBucket_ = false;
    std::size_t count_ = 0; // points per series this frame
    std::size_t first_ = 0; // their first entry in the series
    int secondsWithData_ = 0;
    double plotWidth_ = 0; // 0 until the chart has been laid out: the span's own ticks
    std::vector<QList<QPointF> *> filled_;
};

// A y axis from 0 to a round top just above `peak` (1, 2, 2.5 or 5 times a power of ten), with
// four or five round ticks; no change while the top stays the same. With the axis's length in
// pixels, fewer ticks (the top's half, or only 0 and the top) when their labels would not each
// have a line of their own: Qt Charts cuts crowded labels to "...".
void scaleValueAxis(QValueAxis *axis, double peak, double lengthPixels = 0, bool vertical = true);

} // namespace trackboard
