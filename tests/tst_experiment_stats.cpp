// The A/B statistics (core/experiment_stats) and the channel rules (core/traffic_channel),
// against values computed by hand.
#include "experiment_headline.h"
#include "experiment_stats.h"
#include "traffic_channel.h"

#include <QtTest>

using namespace trackboard;

namespace {
QString text(std::string_view v) {
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}
} // namespace

class TestExperimentStats : public QObject {
    Q_OBJECT

private slots:
    // 200/1000 (control) against 240/1000, by hand (python3 math, no scipy on the machine):
    //   p1 = 0.2, p2 = 0.24, pooled p = 440/2000 = 0.22
    //   pooled se = sqrt(0.22 * 0.78 * (1/1000 + 1/1000)) = sqrt(0.0003432) = 0.0185257
    //   z = 0.04 / 0.0185257 = 2.1592, p = erfc(2.1592 / sqrt 2) = 0.0308
    //   unpooled se = sqrt(0.2*0.8/1000 + 0.24*0.76/1000) = sqrt(0.0003424) = 0.0185041
    //   95 % CI = 0.04 -+ 1.959964 * 0.0185041 = [0.0037, 0.0763]; relative [0.0187, 0.3813]
    void twoProportionTest() {
        const ProportionComparison c = compareProportions(200, 1000, 240, 1000);
        QVERIFY(c.enoughData);
        QCOMPARE(qRound(c.controlRate * 10000), 2000);
        QCOMPARE(qRound(c.variantRate * 10000), 2400);
        QCOMPARE(qRound(c.relativeLift * 10000), 2000);
        QCOMPARE(qRound(c.z * 10000), 21592);
        QCOMPARE(qRound(c.pValue * 10000), 308);
        QCOMPARE(qRound(c.ciLow * 10000), 37);
        QCOMPARE(qRound(c.ciHigh * 10000), 763);
        QCOMPARE(qRound(c.relativeCiLow * 10000), 187);
        QCOMPARE(qRound(c.relativeCiHigh * 10000), 3813);
    }

    // A variant worse than the control: 50/500 against 40/500.
    //   pooled p = 0.09, se = sqrt(0.09 * 0.91 * 0.004) = 0.0180997, z = -0.02 / se = -1.1050,
    //   p = 0.2692; unpooled se = sqrt(0.1*0.9/500 + 0.08*0.92/500) = 0.0180975,
    //   CI = -0.02 -+ 0.0354706 = [-0.0555, 0.0155]
    void negativeDifference() {
        const ProportionComparison c = compareProportions(50, 500, 40, 500);
        QVERIFY(c.enoughData);
        QCOMPARE(qRound(c.z * 10000), -11050);
        QCOMPARE(qRound(c.pValue * 10000), 2692);
        QCOMPARE(qRound(c.ciLow * 10000), -555);
        QCOMPARE(qRound(c.ciHigh * 10000), 155);
        QCOMPARE(qRound(c.relativeLift * 100), -20);
    }

    void notEnoughData_data() {
        QTest::addColumn<int>("controlConversions");
        QTest::addColumn<int>("controlUsers");
        QTest::addColumn<int>("variantConversions");
        QTest::addColumn<int>("variantUsers");
        QTest::addColumn<bool>("enough");
        QTest::newRow("99 users in one arm") << 20 << 99 << 20 << 1000 << false;
        QTest::newRow("9 conversions in one arm") << 9 << 1000 << 20 << 1000 << false;
        QTest::newRow("at the minimum") << 10 << 100 << 10 << 100 << true;
        QTest::newRow("no users") << 0 << 0 << 0 << 0 << false;
    }
    void notEnoughData() {
        QFETCH(int, controlConversions);
        QFETCH(int, controlUsers);
        QFETCH(int, variantConversions);
        QFETCH(int, variantUsers);
        QFETCH(bool, enough);
        const ProportionComparison c =
            compareProportions(std::uint64_t(controlConversions), std::uint64_t(controlUsers),
                               std::uint64_t(variantConversions), std::uint64_t(variantUsers));
        QCOMPARE(c.enoughData, enough);
        QVERIFY(c.pValue >= 0 && c.pValue <= 1);
    }

    // Nobody converted anywhere: no division by zero, p = 1, no lift.
    void noConversions() {
        const ProportionComparison c = compareProportions(0, 500, 0, 500);
        QCOMPARE(c.pValue, 1.0);
        QCOMPARE(c.z, 0.0);
        QCOMPARE(c.relativeLift, 0.0);
    }

    // The dashboard's sentence: lift and interval relative to A's 20 % (see twoProportionTest).
    void headline() {
        ExperimentResult e;
        e.id = "checkout-redesign";
        e.users = 2000;
        e.variants.resize(2);
        e.variants[0].name = "A";
        e.variants[1].name = "B";
        e.variants[1].vsControl = compareProportions(200, 1000, 240, 1000);
        QVERIFY(experimentHasResult(e));
        QCOMPARE(experimentHeadline(e),
                 std::string("B +20 % (95 % CI +2 % to +38 %), p = 0.03 after 2,000 users"));
        e.users = 1234567;
        e.variants[1].vsControl = compareProportions(9, 1000, 240, 1000);
        QVERIFY(!experimentHasResult(e));
        QCOMPARE(experimentHeadline(e), std::string("collecting data: 1,234,567 users"));
        e.variants.resize(1);
        QCOMPARE(experimentHeadline(e), std::string());
    }

    void channels_data() {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("referrer");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("campaign");
        QTest::newRow("direct") << "/"
                                << ""
                                << "direct"
                                << "(direct)"
                                << "(none)";
        QTest::newRow("same-site referrer") << "/cart"
                                            << "/p/1"
                                            << "direct"
                                            << "(direct)"
                                            << "(none)";
        QTest::newRow("google") << "/"
                                << "https://www.google.com/search?q=x"
                                << "search"
                                << "google.com"
                                << "(none)";
        QTest::newRow("google.co.uk") << "/"
                                      << "https://google.co.uk/"
                                      << "search"
                                      << "google.co.uk"
                                      << "(none)";
        QTest::newRow("bing, port") << "/"
                                    << "http://bing.com:80/"
                                    << "search"
                                    << "bing.com"
                                    << "(none)";
        QTest::newRow("webmail is not search") << "/"
                                               << "https://mail.google.com/mail/u/0"
                                               << "email"
                                               << "mail.google.com"
                                               << "(none)";
        QTest::newRow("t.co") << "/"
                              << "https://t.co/abc"
                              << "social"
                              << "t.co"
                              << "(none)";
        QTest::newRow("pinterest.fr") << "/"
                                      << "https://www.Pinterest.FR/pin/1"
                                      << "social"
                                      << "pinterest.fr"
                                      << "(none)";
        QTest::newRow("referral") << "/"
                                  << "https://blog.example.org/post"
                                  << "referral"
                                  << "blog.example.org"
                                  << "(none)";
        QTest::newRow("email utm")
            << "/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday"
            << ""
            << "email"
            << "newsletter"
            << "black-friday";
        QTest::newRow("paid, medium upper case, percent-encoded campaign")
            << "/p/2?x=1&utm_source=google&utm_medium=CPC&utm_campaign=winter%20sale#top"
            << "https://www.google.com/"
            << "paid"
            << "google"
            << "winter sale";
        QTest::newRow("social utm over a search referrer")
            << "/?utm_source=instagram&utm_medium=social-media&utm_campaign=influencer+spring"
            << "https://www.google.com/"
            << "social"
            << "instagram"
            << "influencer spring";
        QTest::newRow("utm without medium, no referrer: referral") << "/?utm_campaign=launch"
                                                                   << ""
                                                                   << "referral"
                                                                   << "(direct)"
                                                                   << "launch";
        QTest::newRow("unknown medium falls back on the referrer") << "/?utm_medium=banner"
                                                                   << "https://duckduckgo.com/"
                                                                   << "search"
                                                                   << "duckduckgo.com"
                                                                   << "(none)";
        QTest::newRow("broken escape kept") << "/?utm_source=a%zz&utm_medium=%"
                                            << ""
                                            << "referral"
                                            << "a%zz"
                                            << "(none)";
    }
    void channels() {
        QFETCH(QString, page);
        QFETCH(QString, referrer);
        QFETCH(QString, channel);
        QFETCH(QString, source);
        QFETCH(QString, campaign);
        AcquisitionParser parser;
        const std::string p = page.toStdString();
        const std::string r = referrer.toStdString();
        const Acquisition a = parser.parse(p, r);
        QCOMPARE(text(trafficChannelName(a.channel)), channel);
        QCOMPARE(text(a.source), source);
        QCOMPARE(text(a.campaign), campaign);
    }
};

QTEST_APPLESS_MAIN(TestExperimentStats)
#include "tst_experiment_stats.moc"
