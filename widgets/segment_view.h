#pragma once

#include "segment_metrics.h"

#include <QWidget>

namespace trackboard {

class BarChart;
class MetricTable;

// The "Segments" tab: who converts (new against returning visitors, device types), the
// high-value users, and what each country prefers. It formats what the snapshot holds.
class SegmentView : public QWidget {
    Q_OBJECT
public:
    explicit SegmentView(QWidget *parent = nullptr);

    void showSegments(const SegmentReport &report);
    MetricTable *audiences() const { return audiences_; }
    MetricTable *topUsers() const { return topUsers_; }
    MetricTable *regions() const { return regions_; }
    BarChart *conversion() const { return conversion_; }

private:
    MetricTable *audiences_;
    BarChart *conversion_;
    MetricTable *regions_;
    MetricTable *topUsers_;
};

} // namespace trackboard
