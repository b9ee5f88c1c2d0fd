// The dashboard at the sizes a presenter meets (a 1280x720 projector, a 1366x768 laptop, full HD)
// with normal and large text: the window fits the screen, and nothing on the first three tabs is
// cut off: every funnel stage, the attack strip on one line, chart legends and axis labels whole.
#include "alert_panel.h"
#include "attack_strip.h"
#include "business_view.h"
#include "control_bar.h"
#include "donut_chart.h"
#include "funnel_view.h"
#include "main_window.h"
#include "pipeline_panel.h"
#include "theme.h"

#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace trackboard;

namespace {
// Figures as a minute at 2,000 events/s gives them, with the longest names the simulator uses.
AnalyticsSnapshot busySnapshot() {
    AnalyticsSnapshot s;
    for (std::size_t i = 0; i < kAnalyticsWindowCount; ++i) {
        WindowMetrics &w = s.windows[i];
        w.minutes = kAnalyticsWindowMinutes[i];
        w.steps = {FunnelStage{15506, 100, 100, 0}, FunnelStage{1668, 10.8, 10.8, 13838},
                   FunnelStage{369, 22.1, 2.4, 1299}, FunnelStage{251, 68.0, 1.6, 118},
                   FunnelStage{180, 71.7, 1.2, 71}};
        w.funnel = w.steps;
        w.eventTypes = {{"page_view", 72300, 72.3},  {"click", 14500, 14.5},
                        {"product_view", 7100, 7.1}, {"search", 2200, 2.2},
                        {"add_to_cart", 1800, 1.8},  {"login", 1100, 1.1},
                        {"checkout", 600, 0.6},      {"purchase", 400, 0.4}};
        w.topPages = {{"/products/electronics", 9120},
                      {"/checkout/confirmation", 4410},
                      {"/account/settings", 3300},
                      {"/search", 2950},
                      {"/", 2800},
                      {"/cart", 1200},
                      {"/account/logout", 800},
                      {"/products/home-garden", 640}};
        const char *countries[] = {"US", "DE", "GB", "FR", "JP", "BR", "IN", "CA", "AU", "ES"};
        for (std::uint64_t c = 0; c < 10; ++c) {
            w.countries.push_back({countries[c], countries[c], 100, 7800 / (c + 1), 0});
        }
        w.deviceTypes = {{"mobile", 5800, 58.0}, {"desktop", 3300, 33.0}, {"tablet", 900, 9.0}};
        w.browsers = {{"Chrome", 6350, 63.5}, {"Safari", 1990, 19.9},         {"Edge", 530, 5.3},
                      {"Firefox", 440, 4.4},  {"Samsung Internet", 310, 3.1}, {"Opera", 210, 2.1}};
        w.operatingSystems = {{"Android", 4100, 41.0},
                              {"iOS", 2600, 26.0},
                              {"Windows", 2200, 22.0},
                              {"macOS", 900, 9.0},
                              {"Linux", 200, 2.0}};
        const char *products[] = {"Compact Headphones", "Vintage Sneakers", "Deluxe Backpack",
                                  "Classic Notebook",   "Urban Speaker",    "Royal Blender",
                                  "Ultra Jacket",       "Smart Watch"};
        for (std::int64_t p = 0; p < 8; ++p) {
            const ProductEntry product{
                "p-100" + std::to_string(p), products[p],           "electronics",
                std::uint64_t(900 - p * 50), std::uint64_t(40 - p), (40 - p) * 29'999};
            w.topProductsByViews.push_back(product);
            w.topProductsByUnits.push_back(product);
            w.topProductsByRevenue.push_back(product);
        }
    }
    s.eventsPerSecond.assign(300, {});
    s.revenueCentsPerSecond.assign(300, 0);
    for (std::size_t i = 0; i < 300; ++i) {
        s.eventsPerSecond[i][std::size_t(EventType::PageView)] = 1446;
        s.eventsPerSecond[i][std::size_t(EventType::Click)] = 290;
        s.eventsPerSecond[i][std::size_t(EventType::ProductView)] = 142;
        s.eventsPerSecond[i][std::size_t(EventType::AddToCart)] = 36;
        s.eventsPerSecond[i][std::size_t(EventType::Checkout)] = 12;
        s.eventsPerSecond[i][std::size_t(EventType::Purchase)] = 8;
        s.revenueCentsPerSecond[i] = std::int64_t(180'000 + (i % 7) * 20'000);
    }
    return s;
}

std::vector<AttackStatus> fourAttacks() {
    using State = AttackStatus::State;
    AttackStatus travel{Scenario::ImpossibleTravel, "user-11375",  1, State::Detected, 6'000, 2'500,
                        "IMPOSSIBLE_TRAVEL",        Severity::High};
    AttackStatus bot{Scenario::Bot,   "user-5938",   1, State::Detected, 5'000, 2'800,
                     "HIGH_VELOCITY", Severity::High};
    AttackStatus cards{Scenario::CardTesting, "user-20417", 1, State::Injected, 1'200, -1, "",
                       Severity::Medium};
    AttackStatus sale{Scenario::FlashSale, "user-301", 40, State::Injected, 9'000, -1, "",
                      Severity::Medium};
    return {travel, bot, cards, sale};
}

// Text Qt Charts cut short: it ends a title, legend entry or axis label that does not fit
// with "..." (a bar chart's own shortening of a long label, in the middle with "…", keeps both
// ends and is not counted).
QStringList cutTexts(QChartView *view) {
    QStringList cut;
    for (QGraphicsItem *item : view->scene()->items()) {
        QString text;
        if (auto *rich = dynamic_cast<QGraphicsTextItem *>(item)) {
            text = rich->toPlainText();
        } else if (auto *simple = dynamic_cast<QGraphicsSimpleTextItem *>(item)) {
            text = simple->text();
        }
        if (item->isVisible() &&
            (text.contains(QLatin1String("...")) || text.endsWith(QChar(0x2026)))) {
            cut << text;
        }
    }
    // And every legend entry inside the legend's frame, not below it out of sight.
    const QLegend *legend = view->chart()->legend();
    const QRectF frame = legend->sceneBoundingRect().adjusted(-2, -2, 2, 2);
    QStringList labels;
    for (const QLegendMarker *marker : legend->markers()) {
        labels << marker->label();
    }
    for (QGraphicsItem *item : view->scene()->items()) {
        auto *rich = dynamic_cast<QGraphicsTextItem *>(item);
        if (rich != nullptr && legend->isAncestorOf(rich) && labels.contains(rich->toPlainText()) &&
            !frame.contains(rich->sceneBoundingRect())) {
            cut << QStringLiteral("out of the legend: ") + rich->toPlainText();
        }
    }
    return cut;
}
} // namespace

class TestDashboardSizes : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everythingFits_data();
    void everythingFits();
    void largeTextSwitchedOnMidDemo();
};

void TestDashboardSizes::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TrackboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard_sizes"));
}

void TestDashboardSizes::everythingFits_data() {
    QTest::addColumn<QSize>("screen");
    QTest::addColumn<bool>("largeText");
    QTest::newRow("1280x720") << QSize(1280, 720) << false;
    QTest::newRow("1366x768") << QSize(1366, 768) << false;
    QTest::newRow("1366x768 large text") << QSize(1366, 768) << true;
    QTest::newRow("1920x1080") << QSize(1920, 1080) << false;
    QTest::newRow("1920x1080 large text") << QSize(1920, 1080) << true;
}

void TestDashboardSizes::everythingFits() {
    QFETCH(QSize, screen);
    QFETCH(bool, largeText);
    applyTheme(true, largeText ? 1.35 : 1.0); // as `trackboard snapshot --large-text` does
    MainWindow::Options options;
    options.startTraffic = false;
    options.settings.largeText = largeText;
    MainWindow window(options);
    // The window's least size fits the screen: no part of it hangs below the screen's edge.
    const QSize least = window.minimumSizeHint();
    QVERIFY2(least.width() <= screen.width() && least.height() <= screen.height(),
             qPrintable(QStringLiteral("minimum %1x%2").arg(least.width()).arg(least.height())));
    window.resize(screen);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), screen);

    window.attackStrip()->showAttacks(fourAttacks());
    ConsumerStats stats;
    stats.state = "consuming";
    stats.recentEventsPerSecond = 2051;
    stats.consumed = 1'238'768;
    stats.lagMessages = 36;
    stats.lagSeconds = 0.0;
    stats.recentLatencyP50Ms = 34;
    stats.recentLatencyP99Ms = 611;
    window.pipelinePanel()->showConsumer(PipelinePanel::Reader::Analytics, stats);
    window.pipelinePanel()->showConsumer(PipelinePanel::Reader::Fraud, stats);
    const AnalyticsSnapshot snapshot = busySnapshot();
    BusinessView *business = window.business();
    business->showSnapshot(snapshot);
    QCoreApplication::sendPostedEvents(); // the layouts settle
    business->showSnapshot(snapshot);     // and the next snapshot is drawn to them
    QCoreApplication::sendPostedEvents();
    QCOMPARE(window.size(), screen);

    // The attack strip is one line, and each chip's words fit it.
    AttackStrip *strip = window.attackStrip();
    QVERIFY(strip->isVisible());
    const int line = strip->fontMetrics().height();
    QVERIFY2(strip->height() <= line * 2,
             qPrintable(
                 QStringLiteral("strip %1 px tall, a line is %2").arg(strip->height()).arg(line)));
    // Each chip shows its whole sentence or one of its shorter forms, never a cut one, and the
    // form fits the chip.
    const QStringList shown = strip->shownTexts();
    const std::vector<AttackStatus> attacks = fourAttacks();
    QCOMPARE(shown.size(), int(attacks.size()));
    const auto chips = strip->findChildren<QLabel *>(QStringLiteral("attackChip"));
    for (int i = 0; i < shown.size(); ++i) {
        const AttackStatus &a = attacks[std::size_t(i)];
        const QStringList forms = {AttackStrip::chipText(a), AttackStrip::shorterChipText(a, 1),
                                   AttackStrip::shorterChipText(a, 2),
                                   AttackStrip::shorterChipText(a, 3)};
        QVERIFY2(forms.contains(shown[i]), qPrintable(shown[i]));
        QVERIFY2(shown[i].contains(QString::fromStdString(a.userId)), qPrintable(shown[i]));
    }
    for (const QLabel *chip : chips) {
        if (chip->isVisible()) {
            QVERIFY2(chip->fontMetrics().horizontalAdvance(chip->text()) <= chip->width(),
                     qPrintable(chip->text()));
        }
    }

    // The pipeline figures are whole: each label is as tall as its wrapped text.
    for (const QLabel *figures :
         window.pipelinePanel()->findChildren<QLabel *>(QStringLiteral("pipelineValue"))) {
        if (figures->isVisible()) {
            QVERIFY2(figures->height() >= figures->heightForWidth(figures->width()),
                     qPrintable(figures->text()));
        }
    }

    // The alert list follows the font scale too (its rows stayed at 9 pt under large text).
    QTableView *alerts = window.alertPanel()->view();
    QCOMPARE(alerts->font().pointSizeF(), QApplication::font().pointSizeF());
    QCOMPARE(alerts->horizontalHeader()->font().pointSizeF(), QApplication::font().pointSizeF());

    // The first three tabs: every chart's text whole, every funnel stage drawn.
    for (int tab = 0; tab < 3; ++tab) {
        business->setCurrentIndex(tab);
        QCoreApplication::sendPostedEvents();
        for (const auto &[name, chart] : business->charts()) {
            if (!chart->isVisible()) {
                continue;
            }
            if (auto *view = qobject_cast<QChartView *>(chart)) {
                const QStringList cut = cutTexts(view);
                QVERIFY2(
                    cut.isEmpty(),
                    qPrintable(name +
                               QStringLiteral(" (%1x%2): ").arg(view->width()).arg(view->height()) +
                               cut.join(QLatin1String(" | "))));
            }
        }
    }
    FunnelView *funnel = business->funnel();
    business->setCurrentIndex(0);
    QCoreApplication::sendPostedEvents();
    QVERIFY2(
        funnel->shownStages() == int(kFunnelStages.size()),
        qPrintable(
            QStringLiteral("%1 stages in %2 px").arg(funnel->shownStages()).arg(funnel->height())));
    if (!qEnvironmentVariableIsEmpty("TRACKBOARD_SCREENSHOTS")) {
        window.grab().save(qEnvironmentVariable("TRACKBOARD_SCREENSHOTS") +
                           QStringLiteral("/sizes-%1x%2%3.png")
                               .arg(screen.width())
                               .arg(screen.height())
                               .arg(largeText ? QStringLiteral("-large") : QString()));
    }
    applyTheme(true, 1.0);
}

void TestDashboardSizes::largeTextSwitchedOnMidDemo() {
    applyTheme(true, 1.0);
    MainWindow::Options options;
    options.startTraffic = false;
    MainWindow window(options);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTableView *alerts = window.alertPanel()->view();
    const qreal before = alerts->font().pointSizeF();
    window.controls()->largeTextAction->setChecked(true); // View > Large text, live
    QCoreApplication::sendPostedEvents();
    QVERIFY(alerts->font().pointSizeF() > before * 1.3);
    const QSize least = window.minimumSizeHint();
    QVERIFY2(least.height() <= 768 && least.width() <= 1366,
             qPrintable(QStringLiteral("minimum %1x%2").arg(least.width()).arg(least.height())));
    // The severity filter grows with its text: "CRITICAL and above" whole, not "CRITICA…d above".
    QComboBox *severity = window.alertPanel()->severityFilter();
    const int longest =
        severity->fontMetrics().horizontalAdvance(QStringLiteral("CRITICAL and above"));
    QVERIFY2(
        severity->width() >= longest + severity->iconSize().width(),
        qPrintable(QStringLiteral("%1 px for %2 px of text").arg(severity->width()).arg(longest)));
    window.controls()->largeTextAction->setChecked(false);
    QCoreApplication::sendPostedEvents();
    QCOMPARE(alerts->font().pointSizeF(), before);
}

QTEST_MAIN(TestDashboardSizes)
#include "tst_dashboard_sizes.moc"
