#pragma once

#include "analytics_snapshot.h"

#include <QWidget>

class QPushButton;

namespace trackboard {

class BarChart;

// Where the activity comes from: events by country, and a click on a country shows its cities.
class GeoChart : public QWidget {
    Q_OBJECT
public:
    explicit GeoChart(QWidget *parent = nullptr);

    void showWindow(const WindowMetrics &metrics);
    // Shows the cities of `country` (an ISO code); an empty code goes back to countries.
    void drillInto(const QString &country);
    QString country() const { return country_; }
    BarChart *bars() const { return bars_; }

private:
    void redraw();

    BarChart *bars_;
    QPushButton *back_;
    QString country_;
    std::vector<GeoEntry> countries_;
    std::vector<GeoEntry> cities_;
};

} // namespace trackboard
