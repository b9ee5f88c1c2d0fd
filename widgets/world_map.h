#pragma once

#include "analytics_snapshot.h"
#include "coastline_loader.h"

#include <QPixmap>
#include <QWidget>

#include <memory>

namespace trackboard {

// Where the activity is: a world map (Miller projection, 60 S to 85 N) with one circle per city of
// the snapshot's window, its area in proportion to the city's events; the busiest cities are
// labelled where their labels do not overlap, and a tooltip gives every city's figures. Land and
// shorelines come from GSHHG (coastline/); without them the circles stand on a plain grid and the
// map says why. Land, shorelines and grid are drawn once per size and theme, not per snapshot.
class WorldMap : public QWidget {
    Q_OBJECT
public:
    explicit WorldMap(QWidget *parent = nullptr);

    // The shorelines every map shares, read on first use from $TRACKBOARD_COASTLINES or, by
    // default, GSHHG's crude file (coastline_loader.h).
    static std::shared_ptr<const Coastlines> defaultCoastlines();
    void setCoastlines(std::shared_ptr<const Coastlines> coastlines);

    // The cities of `metrics` that have coordinates; `windowName` heads the map ("last 5 min").
    void showWindow(const WindowMetrics &metrics, const QString &windowName);

    // For tests and tooltips: where a place is drawn, the radius of a city's circle, the notice
    // shown instead of shorelines (empty when they are drawn), and the labelled cities.
    QPointF project(double lat, double lon) const;
    double radiusOf(std::uint64_t events) const;
    QString notice() const;
    QStringList labelled() const { return labelled_; }
    int unplaced() const { return unplaced_; }
    const std::vector<GeoEntry> &places() const { return places_; }

    QSize sizeHint() const override { return {640, 320}; }
    QSize minimumSizeHint() const override { return {320, 180}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF mapRect() const;
    const QPixmap &background();
    void fillAreas(QPainter &painter, const QRectF &rect, const QColor &land, const QColor &water);
    void drawLabels(QPainter &painter);
    const GeoEntry *placeAt(const QPointF &pos) const;

    std::shared_ptr<const Coastlines> coastlines_;
    std::vector<GeoEntry> places_; // most events first
    int unplaced_ = 0;             // cities of the window whose events had no coordinates
    QString windowName_;
    QStringList labelled_;
    QPixmap background_;
    QSize backgroundSize_;
    bool backgroundDark_ = false;
};

} // namespace trackboard
