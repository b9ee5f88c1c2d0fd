// The Marketing and Segments tabs format what a snapshot holds: table cells, the experiment
// headline (grey while collecting data), and their place in BusinessView.
#include "bar_chart.h"
#include "business_report.h"
#include "business_view.h"
#include "experiment_card.h"
#include "marketing_view.h"
#include "metric_table.h"
#include "segment_view.h"

#include <QJsonArray>
#include <QLabel>
#include <QtTest>

using namespace trackboard;

namespace {

BusinessSnapshot sample(std::uint64_t usersPerArm, std::uint64_t controlBuyers,
                        std::uint64_t variantBuyers) {
    BusinessSnapshot s;
    s.campaigns.channels = {{"email", 1200, 1500, 96, 100, 1234550}, {"direct", 40, 41, 0, 0, 0}};
    s.campaigns.campaigns = {{"black-friday", 1200, 1500, 96, 100, 1234550}};
    ExperimentResult e;
    e.id = "checkout-redesign";
    e.users = 2 * usersPerArm;
    VariantResult a;
    a.name = "A";
    a.control = true;
    a.users = usersPerArm;
    a.convertingUsers = controlBuyers;
    a.revenueCents = std::int64_t(usersPerArm) * 250;
    VariantResult b = a;
    b.name = "B";
    b.control = false;
    b.convertingUsers = variantBuyers;
    b.vsControl = compareProportions(controlBuyers, usersPerArm, variantBuyers, usersPerArm);
    e.variants = {a, b};
    s.experiments.experiments = {e};
    s.segments.visitorTypes = {{"new", 900, 45}, {"returning", 100, 10}};
    s.segments.devices = {{"mobile", 600, 24}};
    s.segments.topUsers = {{"user-7", 39899, 2}};
    s.segments.regions = {{"DE", 50, {{"kitchen", 30}, {"garden", 20}}, {{"Pro Blender", 9}}}};
    return s;
}

} // namespace

class TestMarketingWidgets : public QObject {
    Q_OBJECT

private slots:
    void marketingTables() {
        MarketingView view;
        QCOMPARE(view.channels()->rowCount(), 0); // "No sessions yet" before any snapshot
        view.showSnapshot(sample(1000, 200, 240));
        QCOMPARE(view.channels()->rowCount(), 2);
        const QStringList email = {QStringLiteral("email"), QStringLiteral("1,200"),
                                   QStringLiteral("1,500"), QStringLiteral("8.0 %"),
                                   QStringLiteral("100"),   QStringLiteral("$12,345.50")};
        for (int c = 0; c < email.size(); ++c) {
            QCOMPARE(view.channels()->cell(0, c), email[c]);
        }
        QCOMPARE(view.campaigns()->cell(0, 0), QStringLiteral("black-friday"));
        // Conversion bars in percent, best first: email 96 / 1200 = 8 %, direct 0 %.
        QCOMPARE(view.conversionByChannel()->labels(),
                 (QStringList{QStringLiteral("email"), QStringLiteral("direct")}));
        QCOMPARE(view.conversionByChannel()->values(), (QList<qreal>{8.0, 0.0}));
    }

    // 200/1000 against 240/1000: lift +20 % (95 % CI +2 % to +38 %), p = 0.03
    // (tst_experiment_stats).
    void experimentHeadline() {
        MarketingView view;
        view.showSnapshot(sample(1000, 200, 240));
        ExperimentCard *card = view.experiment();
        QVERIFY(!card->collecting());
        QVERIFY(card->findChild<QLabel *>(QStringLiteral("experimentHeadline"))->isEnabled());
        QCOMPARE(card->headline(),
                 QStringLiteral("B +20 % (95 % CI +2 % to +38 %), p = 0.03 after 2,000 users"));
        QCOMPARE(card->variants()->cell(0, 5), QStringLiteral("control"));
        QCOMPARE(card->variants()->cell(1, 3), QStringLiteral("24.0 %"));
        QCOMPARE(card->variants()->cell(1, 5), QStringLiteral("+20 %"));
        QCOMPARE(card->variants()->cell(1, 4), QStringLiteral("$2.50"));
        // 9 buyers in A: under the minimum of 10, so no verdict yet, in grey.
        view.showSnapshot(sample(1000, 9, 240));
        QVERIFY(card->collecting());
        QCOMPARE(card->headline(), QStringLiteral("collecting data: 2,000 users"));
        QVERIFY(!card->findChild<QLabel *>(QStringLiteral("experimentHeadline"))->isEnabled());
    }

    void segmentTables() {
        SegmentView view;
        view.showSegments(sample(1000, 200, 240).segments);
        QCOMPARE(view.audiences()->rowCount(), 3);
        QCOMPARE(view.audiences()->cell(1, 0), QStringLiteral("Returning"));
        QCOMPARE(view.audiences()->cell(1, 3), QStringLiteral("10.0 %"));
        QCOMPARE(view.audiences()->cell(2, 3), QStringLiteral("4.0 %"));
        QCOMPARE(view.regions()->cell(0, 2), QStringLiteral("kitchen, garden"));
        QCOMPARE(view.regions()->cell(0, 3), QStringLiteral("Pro Blender"));
        QCOMPARE(view.topUsers()->cell(0, 2), QStringLiteral("$398.99"));
        QCOMPARE(view.conversion()->values(), (QList<qreal>{5.0, 10.0, 4.0}));
    }

    // After the tables first forgot, a distinct count is an estimate: the snapshot says so and
    // the cell reads "≈ 1,200"; exact counts beside it stay plain. TRACKBOARD_SCREENSHOTS=DIR
    // saves both tabs as PNGs to look at.
    void estimatesReadApproximately() {
        BusinessSnapshot s = sample(1000, 200, 240);
        s.campaigns.channels[0].estimated = true;
        s.segments.visitorTypes[0].estimated = true;
        s.segments.visitorTypes[1].estimated = true;
        s.experiments.experiments[0].variants[1].estimated = true;
        MarketingView marketing;
        marketing.showSnapshot(s);
        QCOMPARE(marketing.channels()->cell(0, 1), QStringLiteral("≈ 1,200"));
        QCOMPARE(marketing.channels()->cell(0, 2), QStringLiteral("1,500")); // sessions: exact
        QCOMPARE(marketing.channels()->cell(1, 1), QStringLiteral("40"));
        SegmentView segments;
        segments.showSegments(s.segments);
        QCOMPARE(segments.audiences()->cell(0, 1), QStringLiteral("≈ 900"));
        QCOMPARE(segments.audiences()->cell(0, 2), QStringLiteral("≈ 45"));
        QCOMPARE(segments.audiences()->cell(2, 1), QStringLiteral("600"));
        const QJsonObject doc = [&s] {
            QJsonObject d;
            addBusinessJson(d, s);
            return d;
        }();
        QCOMPARE(doc[QStringLiteral("campaigns")][QStringLiteral("channels")][0]
                    [QStringLiteral("estimated")],
                 QJsonValue(true));
        QCOMPARE(doc[QStringLiteral("campaigns")][QStringLiteral("channels")][1]
                    [QStringLiteral("estimated")],
                 QJsonValue(false));
        if (const QString dir = qEnvironmentVariable("TRACKBOARD_SCREENSHOTS"); !dir.isEmpty()) {
            marketing.resize(1100, 700);
            segments.resize(1100, 700);
            QVERIFY(marketing.grab().save(dir + QStringLiteral("/marketing-estimated.png")));
            QVERIFY(segments.grab().save(dir + QStringLiteral("/segments-estimated.png")));
        }
    }

    // The field names docs/analytics.md documents, with the sample's figures.
    void json() {
        QJsonObject doc;
        addBusinessJson(doc, sample(1000, 200, 240));
        const QJsonObject email =
            doc[QStringLiteral("campaigns")][QStringLiteral("channels")][0].toObject();
        QCOMPARE(email[QStringLiteral("name")].toString(), QStringLiteral("email"));
        QCOMPARE(email[QStringLiteral("visitors")].toInt(), 1200);
        QCOMPARE(email[QStringLiteral("converting_users")].toInt(), 96);
        QCOMPARE(email[QStringLiteral("conversion_rate")].toDouble(), 0.08);
        QCOMPARE(email[QStringLiteral("revenue_cents")].toInteger(), 1234550);
        const QJsonObject experiment =
            doc[QStringLiteral("experiments")][QStringLiteral("experiments")][0].toObject();
        QCOMPARE(experiment[QStringLiteral("headline")].toString(),
                 QStringLiteral("B +20 % (95 % CI +2 % to +38 %), p = 0.03 after 2,000 users"));
        const QJsonObject b = experiment[QStringLiteral("variants")][1].toObject();
        QCOMPARE(
            qRound(b[QStringLiteral("vs_control")][QStringLiteral("p_value")].toDouble() * 10000),
            308);
        QVERIFY(!experiment[QStringLiteral("variants")][0].toObject().contains(
            QStringLiteral("vs_control")));
        const QJsonObject segments = doc[QStringLiteral("segments")].toObject();
        QCOMPARE(segments[QStringLiteral("top_users_by_revenue")][0][QStringLiteral("user_id")]
                     .toString(),
                 QStringLiteral("user-7"));
        QCOMPARE(segments[QStringLiteral("regions")][0][QStringLiteral("top_categories")][0]
                         [QStringLiteral("name")]
                             .toString(),
                 QStringLiteral("kitchen"));
        QVERIFY(businessReportText(sample(1000, 200, 240))
                    .contains(QStringLiteral("Experiment checkout-redesign: B +20 %")));
    }

    // The tabs exist and the visible one shows the latest snapshot.
    void businessViewTabs() {
        BusinessView business;
        int marketing = -1;
        int segments = -1;
        for (int i = 0; i < business.count(); ++i) {
            marketing = business.tabText(i) == QStringLiteral("Marketing") ? i : marketing;
            segments = business.tabText(i) == QStringLiteral("Segments") ? i : segments;
        }
        QVERIFY(marketing >= 0 && segments >= 0);
        AnalyticsSnapshot snapshot;
        snapshot.business = sample(1000, 200, 240);
        business.setCurrentIndex(marketing);
        business.showSnapshot(snapshot);
        auto *view = qobject_cast<MarketingView *>(business.widget(marketing));
        QVERIFY(view != nullptr);
        QCOMPARE(view->channels()->rowCount(), 2);
        business.setCurrentIndex(segments);
        QCOMPARE(qobject_cast<SegmentView *>(business.widget(segments))->audiences()->rowCount(),
                 3);
    }
};

QTEST_MAIN(TestMarketingWidgets)
#include "tst_marketing_widgets.moc"
