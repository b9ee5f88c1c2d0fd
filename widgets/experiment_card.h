#pragma once

#include "experiment_metrics.h"

#include <QFrame>

class QLabel;

namespace trackboard {

class MetricTable;

// The A/B experiment with the most users: its headline ("B +14 % (95 % CI +3 % to +25 %),
// p = 0.02 after 4,210 users", grey "collecting data: N users" below the minimum) and one row
// per variant.
class ExperimentCard : public QFrame {
    Q_OBJECT
public:
    explicit ExperimentCard(QWidget *parent = nullptr);

    void showExperiments(const ExperimentReport &report);
    QString headline() const;
    bool collecting() const { return collecting_; }
    MetricTable *variants() const { return variants_; }

private:
    QLabel *title_;
    QLabel *headline_;
    QLabel *note_;
    MetricTable *variants_;
    bool collecting_ = true;
};

} // namespace trackboard
