#pragma once

#include "business_snapshot.h"

#include <QWidget>

namespace trackboard {

class BarChart;
class ExperimentCard;
class MetricTable;

// The "Marketing" tab: channels and campaigns (visitors, conversion, revenue), conversion by
// channel, and the A/B experiment's headline. It formats what the snapshot holds.
class MarketingView : public QWidget {
    Q_OBJECT
public:
    explicit MarketingView(QWidget *parent = nullptr);

    void showSnapshot(const BusinessSnapshot &snapshot);
    MetricTable *channels() const { return channels_; }
    MetricTable *campaigns() const { return campaigns_; }
    ExperimentCard *experiment() const { return experiment_; }
    BarChart *conversionByChannel() const { return conversion_; }

private:
    MetricTable *channels_;
    MetricTable *campaigns_;
    ExperimentCard *experiment_;
    BarChart *conversion_;
};

} // namespace trackboard
