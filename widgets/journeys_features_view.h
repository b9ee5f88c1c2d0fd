#pragma once

#include "business_snapshot.h"

#include <QWidget>

namespace trackboard {

class RankedList;

// The "Journeys & features" tab: top three-page paths and page-to-page moves, where sessions
// start and end, the most used features per visitor, and what is trending now. It formats the
// snapshot's JourneyReport, FeatureReport and TrendReport; it computes nothing.
class JourneysFeaturesView : public QWidget {
    Q_OBJECT
public:
    explicit JourneysFeaturesView(QWidget *parent = nullptr);

    void showBusiness(const BusinessSnapshot &business);

    RankedList *paths() const { return paths_; }
    RankedList *transitions() const { return transitions_; }
    RankedList *entryPages() const { return entries_; }
    RankedList *exitPages() const { return exits_; }
    RankedList *features() const { return features_; }
    RankedList *trending() const { return trending_; }

private:
    RankedList *paths_;
    RankedList *transitions_;
    RankedList *entries_;
    RankedList *exits_;
    RankedList *features_;
    RankedList *trending_;
};

} // namespace trackboard
