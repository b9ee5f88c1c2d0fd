// The "Journeys & features" tab formats what the snapshot holds: ranked rows with counts, use
// per visitor and trend ratios, bars relative to the first row, and a sentence when empty.
// With TRACKBOARD_GRAB_DIR set it also saves an image of the tab, to look at.
#include "journeys_features_view.h"
#include "ranked_list.h"

#include <QtTest>

using namespace trackboard;

namespace {

BusinessSnapshot handBuilt() {
    BusinessSnapshot s;
    s.journeys.sessions = 2'500;
    s.journeys.steps = 4'000;
    s.journeys.paths = {{{"/", "/category/shoes", "/product/p-1"}, 1'234},
                        {{"/search", "/product/p-2", "/cart"}, 617}};
    s.journeys.transitions = {{{"/", "/category/shoes"}, 2'000}, {{"/cart", "/checkout"}, 500}};
    s.journeys.entryPages = {{"/", 1'500}, {"/category/shoes", 1'000}};
    s.journeys.exitPages = {{"/checkout/confirmation", 800}};
    s.features.visitors = 1'000;
    s.features.clicks = 900;
    s.features.top = {{"size-guide", 600, 300, 0.6, 0.3}, {"live-chat", 150, 120, 0.15, 0.12}};
    s.trends.minutesObserved = 60;
    s.trends.products = {{"Espresso machine", "p-1021", 800, 855, 160.0, 795.0}};
    s.trends.pages = {{"/product/p-1021", "", 200, 255, 40.0, 195.0}};
    return s;
}

} // namespace

class TstJourneysView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void formatsEveryList() {
        JourneysFeaturesView view;
        view.showBusiness(handBuilt());
        const QList<RankedRow> paths = view.paths()->rows();
        QCOMPARE(paths.size(), 2);
        QCOMPARE(paths[0].label, QStringLiteral("/  →  /category/shoes  →  /product/p-1"));
        QCOMPARE(paths[0].value, QStringLiteral("1,234×"));
        QCOMPARE(paths[0].fraction, 1.0);
        QCOMPARE(paths[1].fraction, 617.0 / 1234);
        QCOMPARE(view.transitions()->rows()[1].label, QStringLiteral("/cart  →  /checkout"));
        QCOMPARE(view.transitions()->rows()[1].fraction, 0.25);
        QCOMPARE(view.entryPages()->rows()[1].value, QStringLiteral("1,000 sessions"));
        QCOMPARE(view.exitPages()->rows()[0].label, QStringLiteral("/checkout/confirmation"));
        const QList<RankedRow> features = view.features()->rows();
        QCOMPARE(features[0].label, QStringLiteral("size-guide"));
        QCOMPARE(features[0].value, QStringLiteral("0.60 per visitor · 30.0 % of visitors"));
        QCOMPARE(features[1].fraction, 0.25);
        const QList<RankedRow> trending = view.trending()->rows();
        QCOMPARE(trending.size(), 2);
        QCOMPARE(trending[0].label, QStringLiteral("Product Espresso machine (p-1021)"));
        QCOMPARE(trending[0].value, QStringLiteral("160.0× · 800 in 5 min"));
        QCOMPARE(trending[1].label, QStringLiteral("Page /product/p-1021"));
        QCOMPARE(trending[1].fraction, 195.0 / 795.0);

        if (const QByteArray dir = qgetenv("TRACKBOARD_GRAB_DIR"); !dir.isEmpty()) {
            view.resize(900, 560); // the tab's share of a 1366x768 window
            QVERIFY(view.grab().save(QString::fromLocal8Bit(dir) +
                                     QStringLiteral("/journeys-features.png")));
        }
    }

    void saysWhyAListIsEmpty() {
        JourneysFeaturesView view;
        view.showBusiness({});
        QVERIFY(view.paths()->rows().isEmpty());
        QCOMPARE(view.paths()->emptyText(), QStringLiteral("No sessions yet."));
        QVERIFY(view.features()->emptyText().contains(QStringLiteral("data-track")));
        QVERIFY(view.trending()->emptyText().contains(QStringLiteral("0 of 60 minutes")));
        BusinessSnapshot quiet;
        quiet.journeys.sessions = 3;
        quiet.trends.minutesObserved = 45;
        view.showBusiness(quiet);
        QCOMPARE(view.paths()->emptyText(),
                 QStringLiteral("No session has visited three pages yet."));
        QVERIFY(view.trending()->emptyText().startsWith(QStringLiteral("Nothing rising")));
    }
};

QTEST_MAIN(TstJourneysView)
#include "tst_journeys_view.moc"
