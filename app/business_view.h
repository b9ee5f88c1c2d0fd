#pragma once

#include "analytics_snapshot.h"

#include <QPair>
#include <QTabWidget>

namespace trackboard {

class BarChart;
class CustomMetricsTable;
class DonutChart;
class EventRateChart;
class FunnelView;
class GeoChart;
class JourneysFeaturesView;
class RevenueChart;
class WorldMap;

// The business side of the dashboard, in tabs so that nothing clips on a laptop screen: live
// traffic and the funnel, pages and products, audience (geography and devices). It shows the
// selected time window of the latest snapshot; only the visible tab is redrawn.
class BusinessView : public QTabWidget {
    Q_OBJECT
public:
    explicit BusinessView(QWidget *parent = nullptr);

    void showSnapshot(const AnalyticsSnapshot &snapshot);
    void setWindow(AnalyticsWindow window);
    AnalyticsWindow window() const { return window_; }
    // Redraws every tab, visible or not: before an export.
    void refreshAll();
    // Every chart with a file-friendly name, in reading order.
    QList<QPair<QString, QWidget *>> charts() const;
    static QString windowName(AnalyticsWindow window);

    EventRateChart *rateChart() const { return rate_; }
    RevenueChart *revenueChart() const { return revenue_; }
    DonutChart *eventTypes() const { return eventTypes_; }
    FunnelView *funnel() const { return funnel_; }
    BarChart *topPages() const { return topPages_; }
    BarChart *topProducts() const { return productsByRevenue_; }
    GeoChart *geography() const { return geo_; }
    DonutChart *devices() const { return devices_; }
    JourneysFeaturesView *journeysFeatures() const { return journeys_; }
    WorldMap *worldMap() const { return map_; }

signals:
    // A chart asked to be copied to the clipboard (its context menu).
    void copyRequested(QWidget *chart);

private:
    void refreshTab(int tab);
    QWidget *page(const QList<QWidget *> &widgets);

    EventRateChart *rate_;
    DonutChart *eventTypes_;
    RevenueChart *revenue_;
    FunnelView *funnel_;
    BarChart *topPages_;
    BarChart *productsByViews_;
    BarChart *productsByUnits_;
    BarChart *productsByRevenue_;
    GeoChart *geo_;
    DonutChart *devices_;
    DonutChart *browsers_;
    DonutChart *systems_;
    CustomMetricsTable *customMetrics_ = nullptr;
    JourneysFeaturesView *journeys_;
    WorldMap *map_ = nullptr;
    AnalyticsSnapshot last_;
    AnalyticsWindow window_ = AnalyticsWindow::Last5Min;
};

} // namespace trackboard
