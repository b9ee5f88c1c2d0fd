// The world map's shorelines: GSHHG's crude binned file from the Debian package gmt-gshhg-low
// decodes into polylines at the right places, and a missing or foreign file is refused plainly.
#include "coastline_loader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace trackboard;

namespace {

// Degrees between two places, treating a degree of longitude as one of latitude: enough to
// tell "at this cape" from "somewhere else".
double nearestDegrees(const Coastlines &c, double lat, double lon, int level) {
    double best = 1e9;
    for (const CoastlinePolyline &line : c.lines) {
        if (line.level != level) {
            continue;
        }
        for (const GeoPoint &p : line.points) {
            best = std::min(best, std::hypot(p.lat - lat, p.lon - lon));
        }
    }
    return best;
}

// Whether a place is inside a ring of `level`, by the even-odd rule on each ring also shifted by
// 360 degrees either way (rings keep their longitudes continuous past 180).
bool inside(const Coastlines &c, double lat, double lon, int level) {
    for (const CoastlinePolyline &ring : c.areas) {
        if (ring.level != level) {
            continue;
        }
        for (const double shift : {-360.0, 0.0, 360.0}) {
            bool in = false;
            const auto &p = ring.points;
            for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
                const double xi = p[i].lon + shift, xj = p[j].lon + shift;
                if ((p[i].lat > lat) != (p[j].lat > lat) &&
                    lon < (xj - xi) * (lat - p[i].lat) / (p[j].lat - p[i].lat) + xi) {
                    in = !in;
                }
            }
            if (in) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

class TestCoastline : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFile::exists(QString::fromUtf8(kGshhgCrudeFile.data(), kGshhgCrudeFile.size()))) {
            QFAIL("gmt-gshhg-low is not installed: scripts/install-deps.sh installs it");
        }
    }

    void crudeShorelinesLoad() {
        const Coastlines c = loadCoastlines(std::string(kGshhgCrudeFile));
        QVERIFY2(c.ok(), c.error.c_str());
        std::size_t points = 0, shores = 0, lakes = 0;
        for (const CoastlinePolyline &line : c.lines) {
            QVERIFY(line.points.size() >= 2);
            QVERIFY(line.level == 1 || line.level == 2);
            (line.level == 1 ? shores : lakes) += 1;
            for (const GeoPoint &p : line.points) {
                QVERIFY2(p.lon >= -180 && p.lon <= 180 && p.lat >= -90 && p.lat <= 90,
                         qPrintable(QStringLiteral("%1 %2").arg(p.lon).arg(p.lat)));
            }
            points += line.points.size();
        }
        // The crude file holds 14,138 points in 2,258 pieces, of every level (ncdump -h).
        QVERIFY2(shores >= 1000 && lakes >= 500, qPrintable(QString::number(shores)));
        QVERIFY2(points >= 10'000 && points <= 14'138, qPrintable(QString::number(points)));
    }

    void shorelinesAreWhereTheMapSaysTheyAre_data() {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<int>("level");
        QTest::newRow("Cape of Good Hope") << -34.36 << 18.47 << 1;
        QTest::newRow("Cape Horn") << -55.98 << -67.27 << 1;
        QTest::newRow("Cape York, Australia") << -10.69 << 142.53 << 1;
        QTest::newRow("Lisbon") << 38.70 << -9.40 << 1;
        QTest::newRow("Chukotka, east of 180") << 66.0 << -169.7 << 1;
        QTest::newRow("Lake Victoria's shore") << -0.3 << 32.6 << 2;
    }
    void shorelinesAreWhereTheMapSaysTheyAre() {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(int, level);
        static const Coastlines c = loadCoastlines(std::string(kGshhgCrudeFile));
        QVERIFY2(nearestDegrees(c, lat, lon, level) < 1.0,
                 qPrintable(QString::number(nearestDegrees(c, lat, lon, level))));
    }

    // Open ocean: the North Pacific between Hawaii and California, and the South Atlantic.
    void noShoreInTheOpenOcean() {
        const Coastlines c = loadCoastlines(std::string(kGshhgCrudeFile));
        QVERIFY(nearestDegrees(c, 30, -140, 1) > 8);
        QVERIFY(nearestDegrees(c, -30, -20, 1) > 8);
    }

    // The pieces join back into one ring per polygon (the crude file has 1,781 polygons of
    // every level; land and lakes are most of them), so that land can be filled.
    void piecesJoinIntoPolygons() {
        const Coastlines c = loadCoastlines(std::string(kGshhgCrudeFile));
        std::size_t land = 0;
        for (const CoastlinePolyline &ring : c.areas) {
            QVERIFY(ring.points.size() >= 3);
            land += ring.level == 1 ? 1 : 0;
        }
        QVERIFY2(c.areas.size() >= 1400 && c.areas.size() <= 1781,
                 qPrintable(QString::number(c.areas.size())));
        QVERIFY2(land >= 700, qPrintable(QString::number(land)));
    }

    void landIsInsideTheRings_data() {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<int>("level"); // the innermost ring it is in, 0 for the ocean
        QTest::newRow("Sahara") << 23.0 << 13.0 << 1;
        QTest::newRow("Australia") << -25.0 << 134.0 << 1;
        QTest::newRow("Siberia") << 62.0 << 100.0 << 1;
        QTest::newRow("Chukotka, past 180") << 66.5 << -172.0 << 1;
        QTest::newRow("Antarctica") << -80.0 << 30.0 << 1;
        QTest::newRow("Caspian Sea") << 42.0 << 50.5 << 2;
        QTest::newRow("North Pacific") << 30.0 << -140.0 << 0;
        QTest::newRow("South Atlantic") << -30.0 << -20.0 << 0;
    }
    void landIsInsideTheRings() {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(int, level);
        static const Coastlines c = loadCoastlines(std::string(kGshhgCrudeFile));
        QCOMPARE(inside(c, lat, lon, 1), level >= 1);
        QCOMPARE(inside(c, lat, lon, 2), level >= 2);
    }

    void missingOrForeignFilesAreRefused() {
        const Coastlines missing = loadCoastlines("/nonexistent/binned_GSHHS_c.nc");
        QVERIFY(!missing.ok());
        QVERIFY(missing.lines.empty());
        QVERIFY(missing.error.find("/nonexistent/binned_GSHHS_c.nc") != std::string::npos);

        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("not-netcdf.nc"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("CDF\x01 but nothing after the magic");
        f.close();
        const Coastlines garbage = loadCoastlines(text.toStdString());
        QVERIFY(!garbage.ok());
        QVERIFY(garbage.lines.empty());

        // A netCDF file of the same package but another kind (borders) lacks the shore arrays.
        const Coastlines borders = loadCoastlines("/usr/share/gmt-gshhg/binned_border_c.nc");
        QVERIFY(!borders.ok());
        QVERIFY2(borders.error.find("not a GSHHG binned shoreline file") != std::string::npos,
                 borders.error.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCoastline)
#include "tst_coastline.moc"
