// The live world map: cities drawn where they are, sized by events, labelled without overlap,
// and a plain notice (with the cities still drawn) when the shoreline file is missing.
#include "chart_style.h"
#include "world_map.h"

#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>
#include <QtTest>

using namespace trackboard;

namespace {

GeoEntry city(std::string name, std::string country, double lat, double lon, std::uint64_t events,
              std::uint64_t users) {
    GeoEntry g;
    g.key = std::move(name);
    g.country = std::move(country);
    g.lat = lat;
    g.lon = lon;
    g.events = events;
    g.users = users;
    return g;
}

WindowMetrics threeCities() {
    WindowMetrics w;
    // One at a time: GCC 12 at -O3 sees a false "may be used uninitialized" in an initializer
    // list of these (the release preset builds with -Werror).
    w.cities.push_back(city("Paris", "FR", 48.86, 2.35, 4000, 300));
    w.cities.push_back(city("Sydney", "AU", -33.87, 151.21, 250, 40));
    w.cities.push_back(city("Nowhere", "ZZ", 0, 0, 999, 9)); // no coordinates: not drawn
    w.cities.push_back(city("Lima", "PE", -12.05, -77.04, 1000, 80));
    return w;
}

bool isPointColour(const QColor &c) {
    const QColor want = chartColor(ChartColor::Orange);
    return std::abs(c.red() - want.red()) < 12 && std::abs(c.green() - want.green()) < 12 &&
           std::abs(c.blue() - want.blue()) < 12;
}

QColor pixel(const QImage &image, const QPointF &at) {
    return image.pixelColor(at.toPoint());
}

// Pixels inside the map that are neither sea nor grid: the drawn shorelines (and circles).
int inkedPixels(const QImage &image, const QRect &area, const QColor &sea) {
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += std::abs(c.red() - sea.red()) + std::abs(c.green() - sea.green()) +
                             std::abs(c.blue() - sea.blue()) >
                         60
                     ? 1
                     : 0;
        }
    }
    return n;
}

} // namespace

class TestWorldMap : public QObject {
    Q_OBJECT

private slots:
    void citiesAreDrawnWhereTheyAreSizedByEvents() {
        WorldMap map;
        map.resize(1000, 500);
        map.showWindow(threeCities(), QStringLiteral("last 5 min"));
        QCOMPARE(int(map.places().size()), 3); // "Nowhere" has no coordinates: counted apart
        QCOMPARE(map.unplaced(), 1);
        QCOMPARE(map.places().front().key, std::string("Paris"));

        // Miller's projection, 60 S to 85 N: longitude 0 is the middle; the equator is
        // 1.25 ln tan(45 + 0.4 x 85 degrees) = 2.047 below the top, of 3.244 down to 60 S.
        const QPointF paris = map.project(48.86, 2.35);
        const QPointF sydney = map.project(-33.87, 151.21);
        const QPointF lima = map.project(-12.05, -77.04);
        const QPointF origin = map.project(0, 0);
        const QPointF west = map.project(0, -180);
        const QPointF east = map.project(0, 180);
        QCOMPARE(origin.x(), (west.x() + east.x()) / 2);
        const QPointF north = map.project(85, 0);
        const QPointF south = map.project(-60, 0);
        QCOMPARE(qRound((origin.y() - north.y()) / (south.y() - north.y()) * 1000), 631);
        QVERIFY(sydney.x() > origin.x() && sydney.y() > origin.y());
        QVERIFY(paris.x() > origin.x() && paris.y() < origin.y());
        QVERIFY(lima.x() < origin.x() && lima.y() > origin.y());

        // Area in proportion to events: 16 times the events, 4 times the radius.
        const double rParis = map.radiusOf(4000);
        const double rSydney = map.radiusOf(250);
        QVERIFY(rParis > 8);
        QCOMPARE(qRound(rParis / rSydney * 100), 400);

        const QImage image = map.grab().toImage();
        QVERIFY(isPointColour(pixel(image, paris)));
        QVERIFY(isPointColour(pixel(image, sydney)));
        QVERIFY(isPointColour(pixel(image, lima)));
        // Paris's circle reaches further than Sydney's: 3/4 of Paris's radius off centre is
        // inside Paris's circle and outside Sydney's.
        const QPointF off(rParis * 0.75, 0);
        QVERIFY(isPointColour(pixel(image, paris + off)));
        QVERIFY(!isPointColour(pixel(image, sydney + off)));
        QVERIFY(!isPointColour(pixel(image, map.project(30, -140)))); // the open Pacific

        // Every city is labelled at this size, and the labels are the busiest first.
        QCOMPARE(map.labelled(), (QStringList{QStringLiteral("Paris"), QStringLiteral("Lima"),
                                              QStringLiteral("Sydney")}));
        QVERIFY(map.notice().isEmpty());

        // Hovering a circle names the city with its figures; elsewhere the map explains itself.
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QHelpEvent onSydney(QEvent::ToolTip, sydney.toPoint(), map.mapToGlobal(sydney.toPoint()));
        QApplication::sendEvent(&map, &onSydney);
        QTRY_COMPARE(QToolTip::text(), QStringLiteral("Sydney, AU: 250 events, 40 users"));
        const QPoint sea = map.project(30, -140).toPoint();
        QHelpEvent onSea(QEvent::ToolTip, sea, map.mapToGlobal(sea));
        QApplication::sendEvent(&map, &onSea);
        QTRY_VERIFY(QToolTip::text().startsWith(QStringLiteral("Each circle is a city")));
    }

    // Ten cities a few kilometres apart: one label fits, the others would hide it.
    void labelsNeverOverlap() {
        WindowMetrics w;
        for (int i = 0; i < 10; ++i) {
            w.cities.push_back(city(qPrintable(QStringLiteral("Suburb %1").arg(i)), "FR",
                                    48.8 + i * 0.05, 2.3, std::uint64_t(100 - i), 1));
        }
        WorldMap map;
        map.resize(800, 400);
        map.showWindow(w, QStringLiteral("last 5 min"));
        (void)map.grab();
        QVERIFY(!map.labelled().isEmpty());
        QVERIFY2(map.labelled().size() <= 4, qPrintable(map.labelled().join(u',')));
        QCOMPARE(map.labelled().front(), QStringLiteral("Suburb 0"));
    }

    void missingShorelinesSayWhyAndStillShowCities() {
        WorldMap withShores;
        withShores.resize(800, 400);
        withShores.showWindow(WindowMetrics{}, QStringLiteral("last 5 min"));
        QVERIFY2(withShores.notice().isEmpty(), qPrintable(withShores.notice()));

        WorldMap map;
        map.setCoastlines(
            std::make_shared<const Coastlines>(loadCoastlines("/nonexistent/binned_GSHHS_c.nc")));
        map.resize(800, 400);
        map.showWindow(threeCities(), QStringLiteral("last 5 min"));
        QVERIFY(map.notice().contains(QStringLiteral("gmt-gshhg-low")));
        QVERIFY(map.notice().contains(QStringLiteral("/nonexistent/binned_GSHHS_c.nc")));
        const QImage image = map.grab().toImage();
        QVERIFY(isPointColour(pixel(image, map.project(48.86, 2.35))));

        // The shorelines ink far more of the map than the grid alone. Measured where no circle
        // and no notice is: the northern half of the Americas and the Atlantic.
        const QImage shores = withShores.grab().toImage();
        const QRect area = QRectF(map.project(80, -170), map.project(10, -10)).toRect();
        const QColor sea = shores.pixelColor(map.project(30, -140).toPoint());
        const int withLines = inkedPixels(shores, area, sea);
        const int gridOnly = inkedPixels(image, area, sea);
        QVERIFY2(withLines > gridOnly + 500,
                 qPrintable(QStringLiteral("%1 %2").arg(withLines).arg(gridOnly)));
    }

    // The shorelines are drawn once per size: a new snapshot only redraws the circles. 200
    // cities (the snapshot's most) at full-HD size, ten frames.
    void aSnapshotRedrawsQuickly() {
        WindowMetrics w;
        for (int i = 0; i < 200; ++i) {
            w.cities.push_back(city(qPrintable(QStringLiteral("City %1").arg(i)), "ZZ",
                                    -50 + (i % 20) * 6.5, -170 + (i / 20) * 34.0,
                                    std::uint64_t(1000 + i * 37), 10));
        }
        WorldMap map;
        map.resize(1900, 900);
        QImage frame(map.size(), QImage::Format_ARGB32_Premultiplied);
        map.showWindow(w, QStringLiteral("last 5 min"));
        QElapsedTimer timer;
        timer.start();
        map.render(&frame); // the first frame draws the shorelines into the cache
        qInfo("the first frame, shorelines included: %lld ms", timer.elapsed());
        timer.restart();
        for (int i = 0; i < 10; ++i) {
            w.cities[std::size_t(i)].events += 5000; // the order changes, as it does live
            map.showWindow(w, QStringLiteral("last 5 min"));
            map.render(&frame);
        }
        const qint64 perFrameMs = timer.elapsed() / 10;
        qInfo("a 200-city frame at 1900x900: %lld ms", perFrameMs);
        QVERIFY2(perFrameMs < 40, qPrintable(QString::number(perFrameMs)));
    }

    void darkThemeDrawsTheSameCities() {
        setChartsDark(true);
        WorldMap map;
        map.resize(800, 400);
        map.showWindow(threeCities(), QStringLiteral("last 5 min"));
        const QImage image = map.grab().toImage();
        setChartsDark(false);
        QVERIFY(isPointColour(pixel(image, map.project(48.86, 2.35))));
        QVERIFY(pixel(image, map.project(30, -140)).lightness() < 60); // a dark sea
    }
};

QTEST_MAIN(TestWorldMap)
#include "tst_world_map.moc"
