#include "journeys_features_view.h"

#include "ranked_list.h"

#include <QGridLayout>
#include <QStringList>

namespace trackboard {

namespace {

QString flowLabel(const JourneyFlow &flow) {
    QStringList pages;
    for (const std::string &page : flow.pages) {
        pages << QString::fromStdString(page);
    }
    return pages.join(QStringLiteral("  →  "));
}

// Bars are relative to the first (largest) entry of a ranking.
qreal share(qreal value, qreal largest) {
    return largest > 0 ? value / largest : 0;
}

QList<RankedRow> flowRows(const std::vector<JourneyFlow> &flows) {
    QList<RankedRow> rows;
    for (const JourneyFlow &f : flows) {
        rows.append({flowLabel(f), JourneysFeaturesView::tr("%L1×").arg(f.count),
                     share(qreal(f.count), qreal(flows.front().count))});
    }
    return rows;
}

QList<RankedRow> pageRows(const std::vector<JourneyPage> &pages) {
    QList<RankedRow> rows;
    for (const JourneyPage &p : pages) {
        rows.append({QString::fromStdString(p.page),
                     JourneysFeaturesView::tr("%L1 sessions").arg(p.sessions),
                     share(qreal(p.sessions), qreal(pages.front().sessions))});
    }
    return rows;
}

QList<RankedRow> featureRows(const FeatureReport &r) {
    QList<RankedRow> rows;
    for (const FeatureUsage &f : r.top) {
        rows.append({QString::fromStdString(f.element),
                     JourneysFeaturesView::tr("%1 per visitor · %2%3 % of visitors")
                         .arg(f.clicksPerVisitor, 0, 'f', 2)
                         .arg(f.estimated || r.visitorsEstimated ? QStringLiteral("≈ ") : QString())
                         .arg(100 * f.visitorShare, 0, 'f', 1),
                     share(f.clicksPerVisitor, r.top.front().clicksPerVisitor)});
    }
    return rows;
}

QList<RankedRow> trendRows(const TrendReport &r) {
    qreal largest = 0;
    for (const auto *list : {&r.products, &r.pages}) {
        for (const TrendItem &t : *list) {
            largest = std::max(largest, qreal(t.rise));
        }
    }
    QList<RankedRow> rows;
    // Products first: a product rising is the sharper news (a sale, a mention), its page follows.
    // Bars show the rise in events, the order of each list.
    const auto add = [&](const TrendItem &t, const QString &label) {
        rows.append({label,
                     JourneysFeaturesView::tr("%1× · %L2 in 5 min")
                         .arg(t.ratio, 0, 'f', 1)
                         .arg(t.lastFiveMinutes),
                     share(t.rise, largest)});
    };
    for (const TrendItem &t : r.products) {
        add(t, JourneysFeaturesView::tr("Product %1 (%2)")
                   .arg(QString::fromStdString(t.name), QString::fromStdString(t.id)));
    }
    for (const TrendItem &t : r.pages) {
        add(t, JourneysFeaturesView::tr("Page %1").arg(QString::fromStdString(t.name)));
    }
    return rows;
}

} // namespace

JourneysFeaturesView::JourneysFeaturesView(QWidget *parent)
    : QWidget(parent)
    , paths_(new RankedList(tr("Top journeys (three pages in a row)"),
                            tr("The most common walks through three pages in a row, all "
                               "sessions since start.")))
    , transitions_(new RankedList(tr("Top page-to-page moves"),
                                  tr("Which page people go to next, all sessions since start.")))
    , entries_(new RankedList(tr("Where sessions start"),
                              tr("Entry pages: the first page of each session.")))
    , exits_(new RankedList(tr("Where sessions end"),
                            tr("Exit pages: the last page each session has reached so far.")))
    , features_(new RankedList(tr("Feature usage (clicks per visitor)"),
                               tr("Clicked elements (their data-track name): clicks per visitor "
                                  "and the share of visitors who used each, since start.")))
    , trending_(new RankedList(tr("Trending now"),
                               tr("Products and pages whose last 5 minutes are at least twice "
                                  "their pace over the rest of the last hour, with at least 30 "
                                  "events."))) {
    setObjectName(QStringLiteral("journeysFeaturesView"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    const QList<QWidget *> order = {paths_, transitions_, entries_, exits_, features_, trending_};
    for (int i = 0; i < order.size(); ++i) {
        grid->addWidget(order[i], i / 2, i % 2);
    }
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 3); // journeys read best with room; entry and exit lists are short
    grid->setRowStretch(1, 2);
    grid->setRowStretch(2, 3);
}

void JourneysFeaturesView::showBusiness(const BusinessSnapshot &business) {
    const QString noSessions = tr("No sessions yet.");
    const JourneyReport &j = business.journeys;
    paths_->showRows(flowRows(j.paths),
                     j.sessions > 0 ? tr("No session has visited three pages yet.") : noSessions);
    transitions_->showRows(flowRows(j.transitions),
                           j.sessions > 0 ? tr("No session has moved on yet.") : noSessions);
    entries_->showRows(pageRows(j.entryPages), noSessions);
    exits_->showRows(pageRows(j.exitPages), noSessions);
    features_->showRows(featureRows(business.features),
                        tr("No clicks on named elements yet (the data-track attribute)."));
    const TrendReport &t = business.trends;
    const QString quiet =
        t.minutesObserved <= 5
            ? tr("Watching: %n of 60 minutes seen. A rise needs some history to rise from.",
                 nullptr, t.minutesObserved)
            : tr("Nothing rising: a page or product trends with at least 30 events in the last "
                 "5 minutes, twice its pace over the rest of the last hour.");
    trending_->showRows(trendRows(t), quiet);
}

} // namespace trackboard
