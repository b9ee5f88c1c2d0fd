#include "world_map.h"
#include "chart_style.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace trackboard {

namespace {
// Nobody browses from Antarctica or the high Arctic: the rows they would take go to the cities.
constexpr double kNorth = 85;
constexpr double kSouth = -60;
constexpr int kLabelledCities = 10;
constexpr double kMargin = 6;

// Miller's cylindrical projection: between Mercator and a plain latitude grid, it gives Europe
// and North America, where cities crowd, more height than the tropics, without Mercator's blow-up
// near the poles. In radians of longitude, so that x and y share a scale.
double millerY(double latDegrees) {
    const double lat = latDegrees * M_PI / 180;
    return 1.25 * std::log(std::tan(M_PI / 4 + 0.4 * lat));
}

QPointF projectInto(const QRectF &r, double lat, double lon) {
    static const double top = millerY(kNorth);
    static const double span = millerY(kNorth) - millerY(kSouth);
    lat = std::clamp(lat, kSouth, kNorth);
    return {r.left() + (lon + 180) / 360 * r.width(),
            r.top() + (top - millerY(lat)) / span * r.height()};
}

struct MapColors {
    QColor sea, land, grid, coast, lake, point, pointEdge, labelBack;
};

// Quiet land and sea, so that the orange circles are what the eye finds.
MapColors colors(bool dark) {
    if (dark) {
        return {QColor(0x14, 0x1a, 0x22),  QColor(0x2a, 0x34, 0x41),
                QColor(255, 255, 255, 22), QColor(0x6c, 0x82, 0x9b),
                QColor(0x4a, 0x5b, 0x6e),  chartColor(ChartColor::Orange),
                QColor(0x14, 0x1a, 0x22),  QColor(0x14, 0x1a, 0x22, 200)};
    }
    return {QColor(0xd5, 0xe3, 0xf0), QColor(0xfb, 0xfa, 0xf6),  QColor(0, 0, 0, 22),
            QColor(0x7d, 0x8e, 0xa0), QColor(0x9a, 0xaa, 0xba),  chartColor(ChartColor::Orange),
            QColor(0xff, 0xff, 0xff), QColor(255, 255, 255, 210)};
}
} // namespace

WorldMap::WorldMap(QWidget *parent)
    : QWidget(parent)
    , coastlines_(defaultCoastlines()) {
    setObjectName(QStringLiteral("worldMap"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(true);
}

std::shared_ptr<const Coastlines> WorldMap::defaultCoastlines() {
    // Read once, on the GUI thread's first map: the crude file takes a few milliseconds.
    static const std::shared_ptr<const Coastlines> shared = [] {
        const QByteArray path = qgetenv("TRACKBOARD_COASTLINES");
        return std::make_shared<const Coastlines>(
            loadCoastlines(path.isEmpty() ? std::string(kGshhgCrudeFile) : path.toStdString()));
    }();
    return shared;
}

void WorldMap::setCoastlines(std::shared_ptr<const Coastlines> coastlines) {
    coastlines_ = std::move(coastlines);
    backgroundSize_ = QSize();
    update();
}

void WorldMap::showWindow(const WindowMetrics &metrics, const QString &windowName) {
    places_.clear();
    unplaced_ = 0;
    for (const GeoEntry &city : metrics.cities) {
        if ((city.lat != 0 || city.lon != 0) && city.events > 0) {
            places_.push_back(city);
        } else {
            unplaced_ += city.events > 0 ? 1 : 0;
        }
    }
    // Biggest first, so that smaller circles are drawn over them and stay visible.
    std::stable_sort(places_.begin(), places_.end(),
                     [](const GeoEntry &a, const GeoEntry &b) { return a.events > b.events; });
    windowName_ = windowName;
    update();
}

QRectF WorldMap::mapRect() const {
    // The heading and the map, as one block centred in the widget: the map keeps its aspect.
    const double heading = fontMetrics().height() * 1.4;
    const QRectF room(kMargin, kMargin, width() - 2 * kMargin, height() - 2 * kMargin - heading);
    const double aspect = 2 * M_PI / (millerY(kNorth) - millerY(kSouth));
    QSizeF size(room.width(), room.width() / aspect);
    if (size.height() > room.height()) {
        size = QSizeF(room.height() * aspect, room.height());
    }
    return {room.left() + (room.width() - size.width()) / 2,
            room.top() + heading + (room.height() - size.height()) / 2, size.width(),
            size.height()};
}

QPointF WorldMap::project(double lat, double lon) const {
    return projectInto(mapRect(), lat, lon);
}

double WorldMap::radiusOf(std::uint64_t events) const {
    if (places_.empty() || places_.front().events == 0) {
        return 0;
    }
    // Area in proportion to events; the smallest stay big enough to see and to point at.
    const double largest = std::max(8.0, mapRect().height() * 0.045);
    const double share = double(events) / double(places_.front().events);
    return std::max(2.5, largest * std::sqrt(share));
}

QString WorldMap::notice() const {
    if (coastlines_ && coastlines_->ok()) {
        return {};
    }
    return tr("No coastline data (%1): install the Debian package gmt-gshhg-low. Cities are "
              "drawn on a plain grid.")
        .arg(QString::fromStdString(coastlines_ ? coastlines_->error : std::string("none")));
}

const QPixmap &WorldMap::background() {
    const bool dark = chartsDark();
    const qreal ratio = devicePixelRatioF();
    if (backgroundSize_ == size() && backgroundDark_ == dark &&
        background_.devicePixelRatio() == ratio) {
        return background_;
    }
    backgroundSize_ = size();
    backgroundDark_ = dark;
    background_ = QPixmap((QSizeF(size()) * ratio).toSize());
    background_.setDevicePixelRatio(ratio);
    background_.fill(palette().color(QPalette::Window)); // opaque: a plain copy per frame
    const MapColors c = colors(dark);
    QPainter p(&background_);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = mapRect();
    p.fillRect(r, c.sea);
    if (coastlines_ && coastlines_->ok()) {
        fillAreas(p, r, c.land, c.sea);
    }
    p.setPen(QPen(c.grid, 1));
    for (int lon = -150; lon <= 150; lon += 30) {
        p.drawLine(project(kNorth, lon), project(kSouth, lon));
    }
    for (int lat = -60; lat <= 80; lat += 20) {
        p.drawLine(project(lat, -180), project(lat, 180));
    }
    if (coastlines_ && coastlines_->ok()) {
        // One polyline per piece with a cosmetic pen: Qt strokes that several times faster
        // than one path of two thousand pieces. Lakes first and fainter, shores over them.
        QPolygonF polyline;
        for (const int level : {2, 1}) {
            QPen pen(level == 1 ? c.coast : c.lake, level == 1 ? 1.3 : 0.8);
            pen.setCosmetic(true);
            p.setPen(pen);
            for (const CoastlinePolyline &line : coastlines_->lines) {
                if (line.level != level) {
                    continue;
                }
                polyline.clear();
                for (const GeoPoint &point : line.points) {
                    polyline << projectInto(r, point.lat, point.lon);
                }
                p.drawPolyline(polyline);
            }
        }
    }
    return background_;
}

void WorldMap::fillAreas(QPainter &p, const QRectF &r, const QColor &land, const QColor &water) {
    p.save();
    p.setClipRect(r);
    p.setPen(Qt::NoPen);
    QPolygonF polygon;
    for (const int level : {1, 2}) { // land, then the lakes on it
        p.setBrush(level == 1 ? land : water);
        for (const CoastlinePolyline &ring : coastlines_->areas) {
            if (ring.level != level) {
                continue;
            }
            polygon.clear();
            double west = 180, east = -180;
            for (const GeoPoint &point : ring.points) {
                polygon << projectInto(r, point.lat, point.lon);
                west = std::min(west, point.lon);
                east = std::max(east, point.lon);
            }
            p.drawPolygon(polygon);
            // A ring that runs on past 180 degrees shows its far end on the other side too.
            if (east > 180 || west < -180) {
                p.drawPolygon(polygon.translated(east > 180 ? -r.width() : r.width(), 0));
            }
        }
    }
    p.restore();
}

void WorldMap::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.drawPixmap(0, 0, background());
    p.setRenderHint(QPainter::Antialiasing);
    const MapColors c = colors(chartsDark());
    const QRectF r = mapRect();

    QFont title = font();
    title.setBold(true);
    p.setFont(title);
    p.setPen(palette().color(QPalette::WindowText));
    QString heading = places_.empty()
                          ? tr("Events by city, %1: no city with coordinates yet").arg(windowName_)
                          : tr("Events by city, %1 · %n cities · circle area = events", nullptr,
                               int(places_.size()))
                                .arg(windowName_);
    if (unplaced_ > 0) { // events without geo.lat/lon: say so rather than leave them out silently
        heading += tr(" · %n without coordinates, not shown", nullptr, unplaced_);
    }
    const double headingHeight = fontMetrics().height() * 1.4;
    p.drawText(QRectF(r.left(), r.top() - headingHeight, r.width(), headingHeight),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
               fontMetrics().elidedText(heading, Qt::ElideRight, int(r.width())));
    p.setFont(font());

    p.setClipRect(r);
    p.setPen(QPen(c.pointEdge, 1));
    p.setBrush(c.point);
    for (const GeoEntry &city : places_) {
        const double radius = radiusOf(city.events);
        p.drawEllipse(project(city.lat, city.lon), radius, radius);
    }
    drawLabels(p);
    p.setClipping(false);

    if (const QString text = notice(); !text.isEmpty()) {
        const QRectF box =
            QRectF(r.left() + kMargin, r.bottom() - kMargin, r.width() - 2 * kMargin, 0)
                .adjusted(0, -fontMetrics().height() * 3.2, 0, 0);
        p.setPen(Qt::NoPen);
        p.setBrush(c.labelBack);
        p.drawRoundedRect(box, 4, 4);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(box.adjusted(6, 2, -6, -2), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                   text);
    }
}

void WorldMap::drawLabels(QPainter &p) {
    labelled_.clear();
    const QRectF r = mapRect();
    const QFontMetricsF metrics(p.font());
    const MapColors c = colors(chartsDark());
    QList<QRectF> taken;
    for (const GeoEntry &city : places_) {
        if (labelled_.size() == kLabelledCities) {
            break;
        }
        const QString text = QString::fromStdString(city.key);
        const QPointF at = project(city.lat, city.lon);
        const double radius = radiusOf(city.events);
        const QSizeF size(metrics.horizontalAdvance(text) + 6, metrics.height());
        // Right, left, above, below the circle: the first place that hides no other label.
        const std::array<QPointF, 4> corners = {
            QPointF(at.x() + radius + 2, at.y() - size.height() / 2),
            QPointF(at.x() - radius - 2 - size.width(), at.y() - size.height() / 2),
            QPointF(at.x() - size.width() / 2, at.y() - radius - 2 - size.height()),
            QPointF(at.x() - size.width() / 2, at.y() + radius + 2)};
        for (const QPointF &corner : corners) {
            const QRectF box(corner, size);
            const bool free = r.contains(box) &&
                              std::none_of(taken.begin(), taken.end(), [&box](const QRectF &other) {
                                  return other.intersects(box);
                              });
            if (free) {
                taken << box;
                labelled_ << text;
                p.setPen(Qt::NoPen);
                p.setBrush(c.labelBack);
                p.drawRoundedRect(box, 3, 3);
                p.setPen(palette().color(QPalette::WindowText));
                p.drawText(box, Qt::AlignCenter, text);
                break;
            }
        }
    }
}

const GeoEntry *WorldMap::placeAt(const QPointF &pos) const {
    // The smallest circles are drawn last, on top: they are hit first.
    for (auto it = places_.rbegin(); it != places_.rend(); ++it) {
        const QPointF d = pos - project(it->lat, it->lon);
        const double reach = radiusOf(it->events) + 2;
        if (d.x() * d.x() + d.y() * d.y() <= reach * reach) {
            return &*it;
        }
    }
    return nullptr;
}

bool WorldMap::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        if (const GeoEntry *city = placeAt(help->pos())) {
            const QLocale locale;
            QToolTip::showText(help->globalPos(),
                               tr("%1, %2: %3 events, %4 users")
                                   .arg(QString::fromStdString(city->key),
                                        QString::fromStdString(city->country),
                                        locale.toString(qulonglong(city->events)),
                                        locale.toString(qulonglong(city->users))),
                               this);
        } else {
            QToolTip::showText(help->globalPos(),
                               tr("Each circle is a city where events came from in the "
                                  "selected window; its area grows with the events."),
                               this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace trackboard
