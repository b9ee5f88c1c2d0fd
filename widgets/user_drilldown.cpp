#include "user_drilldown.h"
#include "money.h"
#include "severity_style.h"
#include "world_map.h"

#include <QDateTime>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace trackboard {

namespace {

QString text(const std::string &s) {
    return QString::fromStdString(s);
}

QString clock(std::int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

QTableWidget *makeTable(const QStringList &headers, const QString &objectName) {
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QLabel *heading() {
    auto *label = new QLabel;
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

// A cell that says when, relative to the answer, with the clock time as its tooltip.
QTableWidgetItem *when(std::int64_t timeMs, std::int64_t nowMs) {
    auto *item = new QTableWidgetItem(UserDrilldown::ago(timeMs, nowMs));
    item->setToolTip(
        QDateTime::fromMSecsSinceEpoch(timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    return item;
}

QTableWidgetItem *cell(const QString &value) {
    return new QTableWidgetItem(value);
}

QTableWidgetItem *notHeld() {
    auto *item = new QTableWidgetItem(UserDrilldown::tr("not held"));
    item->setForeground(Qt::gray);
    item->setToolTip(UserDrilldown::tr("The detector keeps this purchase's amount for the "
                                       "spending baseline, not where it came from."));
    return item;
}

} // namespace

UserDrilldown::UserDrilldown(QWidget *parent)
    : QDialog(parent)
    , title_(heading())
    , summary_(new QLabel)
    , fromAlert_(new QLabel)
    , pages_(new QStackedWidget)
    , unknown_(new QLabel)
    , events_(makeTable({tr("When"), tr("Event"), tr("Amount"), tr("IP address"), tr("Place")},
                        QStringLiteral("drilldownEvents")))
    , addresses_(makeTable({tr("IP address"), tr("First seen"), tr("Last seen")},
                           QStringLiteral("drilldownAddresses")))
    , places_(
          makeTable({tr("City"), tr("Country"), tr("Lat, lon"), tr("First seen"), tr("Last seen")},
                    QStringLiteral("drilldownPlaces")))
    , alerts_(
          makeTable({tr("Severity"), tr("Rule"), tr("Raised")}, QStringLiteral("drilldownAlerts")))
    , eventsHeading_(heading())
    , addressesHeading_(heading())
    , placesHeading_(heading())
    , mapSlot_(new QWidget)
    , map_(new WorldMap)
    , limits_(new QLabel)
    , refreshed_(new QLabel)
    , refresh_(new QPushButton(tr("Refresh"))) {
    setObjectName(QStringLiteral("userDrilldown"));
    setWindowTitle(tr("User activity"));
    // Sized in the text rather than by setFont(), so that it follows large text.
    title_->setTextFormat(Qt::RichText);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setWordWrap(true);
    fromAlert_->setWordWrap(true);
    fromAlert_->setTextFormat(Qt::PlainText);
    unknown_->setObjectName(QStringLiteral("drilldownState"));
    unknown_->setWordWrap(true);
    unknown_->setAlignment(Qt::AlignCenter);
    limits_->setObjectName(QStringLiteral("drilldownLimits"));
    limits_->setWordWrap(true);
    limits_->setTextFormat(Qt::PlainText);
    limits_->setForegroundRole(QPalette::PlaceholderText);
    refreshed_->setObjectName(QStringLiteral("drilldownRefreshed"));
    refresh_->setObjectName(QStringLiteral("drilldownRefresh"));
    refresh_->setToolTip(tr("Ask the fraud workers again now; it also refreshes every %1 s.")
                             .arg(kRefreshMs / 1000));
    events_->setToolTip(tr("The user's events as the fraud detector holds them, newest first."));
    addresses_->setToolTip(tr("Each IP address the user's held events came from."));
    places_->setToolTip(tr("Each city the user's held events came from, with its coordinates."));

    auto *mapLayout = new QVBoxLayout(mapSlot_);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    map_->setObjectName(QStringLiteral("drilldownMap"));
    map_->setCoastlines(WorldMap::defaultCoastlines());
    map_->setMinimumHeight(140);
    map_->setMaximumHeight(200); // the tables below are what is read; the map orients
    mapLayout->addWidget(map_);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(eventsHeading_);
    leftLayout->addWidget(events_, 1);
    // Places first: "where are they?" is the question the drill-down is opened with.
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(placesHeading_);
    rightLayout->addWidget(mapSlot_);
    rightLayout->addWidget(places_, 2);
    rightLayout->addWidget(addressesHeading_);
    rightLayout->addWidget(addresses_, 2);
    auto *alertsHeading = heading();
    alertsHeading->setText(tr("Alerts kept for this user"));
    rightLayout->addWidget(alertsHeading);
    rightLayout->addWidget(alerts_, 2);
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    pages_->addWidget(split);
    pages_->addWidget(unknown_);

    auto *close = new QPushButton(tr("Close"));
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(refresh_, &QPushButton::clicked, this, &UserDrilldown::requestRefresh);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(refreshed_, 1);
    buttons->addWidget(refresh_);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(summary_);
    layout->addWidget(fromAlert_);
    layout->addWidget(pages_, 1);
    layout->addWidget(limits_);
    layout->addLayout(buttons);

    refreshTimer_.setInterval(kRefreshMs);
    connect(&refreshTimer_, &QTimer::timeout, this, &UserDrilldown::requestRefresh);

    // Fits a 1366x768 screen with room for the dashboard's edge; larger screens get no more
    // than 1100x700, which holds the 64 events the detector keeps at most in a scrolled table.
    QSize size(1100, 700);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        size = size.boundedTo(screen->availableSize() * 0.9);
    }
    resize(size);
    followFont();
}

// The dialog follows the application's font (large text), but its labels and tables kept the
// size they were made with (seen offscreen and under X): each takes the dialog's font, keeping
// its own weight, and the tables fit their columns to it again.
void UserDrilldown::followFont() {
    for (QWidget *child : findChildren<QWidget *>()) {
        if (qobject_cast<QLabel *>(child) || qobject_cast<QAbstractItemView *>(child) ||
            qobject_cast<QHeaderView *>(child) || qobject_cast<QPushButton *>(child)) {
            QFont f = font();
            f.setBold(child->font().bold());
            child->setFont(f);
        }
    }
    for (QTableWidget *table : {events_, addresses_, places_, alerts_}) {
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    }
}

void UserDrilldown::changeEvent(QEvent *event) {
    QDialog::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        followFont();
    }
}

QString UserDrilldown::ago(std::int64_t timeMs, std::int64_t nowMs) {
    const std::int64_t ms = nowMs - timeMs;
    if (ms < 1'000) {
        return tr("just now");
    }
    if (ms < 120'000) {
        return tr("%1 s ago").arg(ms / 1'000);
    }
    if (ms < 2 * 3'600'000) {
        return tr("%1 min ago").arg(ms / 60'000);
    }
    return tr("%1 h ago").arg(double(ms) / 3'600'000.0, 0, 'f', 1);
}

void UserDrilldown::showUser(const QString &userId, const Alert &alert) {
    userId_ = userId;
    title_->setText(QStringLiteral("<span style='font-size:x-large'>%1</span>")
                        .arg(tr("User %1").arg(userId.toHtmlEscaped())));
    setWindowTitle(tr("User activity: %1").arg(userId));
    summary_->clear();
    fromAlert_->setVisible(!alert.rule.empty());
    if (!alert.rule.empty()) {
        fromAlert_->setText(
            tr("Opened from the %1 %2 alert: %3")
                .arg(severityText(alert.severity), text(alert.rule), text(alert.message)));
    }
    unknown_->setText(tr("Asking the fraud workers about %1…").arg(userId));
    pages_->setCurrentWidget(unknown_);
    limits_->clear();
    refreshed_->clear();
    requestRefresh();
}

void UserDrilldown::requestRefresh() {
    if (!userId_.isEmpty()) {
        emit refreshRequested(userId_);
    }
}

void UserDrilldown::showEvent(QShowEvent *event) {
    QDialog::showEvent(event);
    refreshTimer_.start();
}

void UserDrilldown::hideEvent(QHideEvent *event) {
    QDialog::hideEvent(event);
    refreshTimer_.stop();
}

bool UserDrilldown::showsActivity() const {
    return pages_->currentWidget() != unknown_;
}

void UserDrilldown::showProfile(const UserProfile &p) {
    if (text(p.userId) != userId_) {
        return;
    }
    refreshed_->setText(tr("Refreshed at %1 from the fraud workers' state, every %2 s")
                            .arg(clock(p.takenAtMs))
                            .arg(kRefreshMs / 1000));
    if (!p.held) {
        summary_->clear();
        limits_->clear();
        unknown_->setText(
            tr("No recent activity held for %1.\n\nThe fraud workers forget a user quiet for "
               "their idle expiry (30 min by default), and a worker of another process holds "
               "the users of the partitions it reads.")
                .arg(userId_));
        pages_->setCurrentWidget(unknown_);
        return;
    }
    summary_->setText(tr("Newest event %1 · risk score %2 of 100 · Kafka partition %3 · "
                         "events held since %4")
                          .arg(ago(p.lastSeenMs, p.takenAtMs))
                          .arg(qRound(p.riskScore))
                          .arg(p.partition)
                          .arg(clock(p.heldFromMs)));
    fillEvents(p);
    fillAddresses(p);
    fillPlaces(p);
    fillAlerts(p);
    QStringList limits;
    for (const std::string &limit : p.limits) {
        limits << text(limit);
    }
    limits_->setText(limits.join(u' '));
    pages_->setCurrentIndex(0);
}

void UserDrilldown::fillEvents(const UserProfile &p) {
    eventsHeading_->setText(
        tr("Recent events: %n held, newest first", nullptr, int(p.events.size())));
    events_->setRowCount(int(p.events.size()));
    for (int row = 0; row < int(p.events.size()); ++row) {
        const ProfileEvent &e = p.events[std::size_t(row)];
        events_->setItem(row, 0, when(e.timeMs, p.takenAtMs));
        events_->setItem(row, 1, cell(text(e.type)));
        events_->setItem(row, 2,
                         cell(e.amountCents >= 0 ? text(formatMoney(e.amountCents)) : QString()));
        if (e.placeHeld) {
            events_->setItem(row, 3, cell(text(e.ip)));
            events_->setItem(row, 4, cell(tr("%1, %2").arg(text(e.city), text(e.country))));
        } else {
            events_->setItem(row, 3, notHeld());
            events_->setItem(row, 4, notHeld());
        }
    }
}

void UserDrilldown::fillAddresses(const UserProfile &p) {
    addressesHeading_->setText(tr("IP addresses: %n distinct", nullptr, int(p.addresses.size())));
    addresses_->setRowCount(int(p.addresses.size()));
    for (int row = 0; row < int(p.addresses.size()); ++row) {
        const ProfileAddress &a = p.addresses[std::size_t(row)];
        addresses_->setItem(row, 0, cell(text(a.ip)));
        addresses_->setItem(row, 1, when(a.firstSeenMs, p.takenAtMs));
        addresses_->setItem(row, 2, when(a.lastSeenMs, p.takenAtMs));
    }
}

void UserDrilldown::fillPlaces(const UserProfile &p) {
    placesHeading_->setText(tr("Places: %n distinct", nullptr, int(p.places.size())));
    places_->setRowCount(int(p.places.size()));
    for (int row = 0; row < int(p.places.size()); ++row) {
        const ProfilePlace &place = p.places[std::size_t(row)];
        places_->setItem(row, 0, cell(text(place.city)));
        places_->setItem(row, 1, cell(text(place.country)));
        places_->setItem(
            row, 2,
            cell(QStringLiteral("%1, %2").arg(place.lat, 0, 'f', 2).arg(place.lon, 0, 'f', 2)));
        places_->setItem(row, 3, when(place.firstSeenMs, p.takenAtMs));
        places_->setItem(row, 4, when(place.lastSeenMs, p.takenAtMs));
    }
    // The map draws the rows above: each place sized by the held events from it.
    WindowMetrics shown;
    for (const ProfilePlace &place : p.places) {
        GeoEntry city{place.city, place.country, 1, 0, 0, place.lat, place.lon};
        for (const ProfileEvent &e : p.events) {
            if (e.placeHeld && e.city == place.city && e.country == place.country) {
                ++city.events;
            }
        }
        city.events = std::max<std::uint64_t>(city.events, 1);
        shown.cities.push_back(std::move(city));
    }
    map_->showWindow(shown, tr("held events"));
}

void UserDrilldown::fillAlerts(const UserProfile &p) {
    alerts_->setRowCount(int(p.alerts.size()));
    for (int row = 0; row < int(p.alerts.size()); ++row) {
        const ProfileAlert &a = p.alerts[std::size_t(row)];
        auto *severity = cell(severityText(a.severity));
        severity->setIcon(severityIcon(a.severity));
        alerts_->setItem(row, 0, severity);
        alerts_->setItem(row, 1, cell(text(a.rule)));
        alerts_->setItem(row, 2, when(a.raisedAtMs, p.takenAtMs));
    }
}

} // namespace trackboard
