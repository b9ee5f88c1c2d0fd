#pragma once

#include "alert.h"
#include "user_profile.h"

#include <QDialog>
#include <QTimer>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace trackboard {

class WorldMap;

// One user's recent activity, opened from an alert: their recent events newest first, their
// distinct IP addresses and places, the alerts the detector keeps for them, and what the held
// history leaves out. It shows a UserProfile, which the fraud workers take from their own
// state; it asks for a fresh one (refreshRequested) every kRefreshMs while open, or on Refresh.
// A user no worker holds shows a sentence saying so rather than empty tables.
//
// Above the places table a small world map (mapSlot()) draws the places, each sized by the
// held events from it.
class UserDrilldown : public QDialog {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 2'000;

    explicit UserDrilldown(QWidget *parent = nullptr);

    // Starts showing `userId`, from `alert` (the alert it was opened from; empty rule: none),
    // and asks for its profile at once.
    void showUser(const QString &userId, const Alert &alert = {});
    QString userId() const { return userId_; }
    // An answer about another user (a refresh that crossed a change of user) is ignored.
    void showProfile(const UserProfile &profile);

    // Above the places table, with a QVBoxLayout and no margins: holds map().
    QWidget *mapSlot() const { return mapSlot_; }
    WorldMap *map() const { return map_; }

    // For tests and screenshots.
    QLabel *title() const { return title_; }
    QLabel *stateNote() const { return unknown_; }
    QLabel *refreshedAt() const { return refreshed_; }
    QTableWidget *eventsTable() const { return events_; }
    QTableWidget *addressesTable() const { return addresses_; }
    QTableWidget *placesTable() const { return places_; }
    QTableWidget *alertsTable() const { return alerts_; }
    QPushButton *refreshButton() const { return refresh_; }
    bool showsActivity() const;
    // "12 s ago", "3 min ago", "2.5 h ago": `timeMs` before `nowMs`.
    static QString ago(std::int64_t timeMs, std::int64_t nowMs);

signals:
    void refreshRequested(const QString &userId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void requestRefresh();
    void followFont();
    void fillEvents(const UserProfile &p);
    void fillAddresses(const UserProfile &p);
    void fillPlaces(const UserProfile &p);
    void fillAlerts(const UserProfile &p);

    QString userId_;
    QLabel *title_;
    QLabel *summary_;
    QLabel *fromAlert_;
    QStackedWidget *pages_;
    QLabel *unknown_;
    QTableWidget *events_;
    QTableWidget *addresses_;
    QTableWidget *places_;
    QTableWidget *alerts_;
    QLabel *eventsHeading_;
    QLabel *addressesHeading_;
    QLabel *placesHeading_;
    QWidget *mapSlot_;
    WorldMap *map_;
    QLabel *limits_;
    QLabel *refreshed_;
    QPushButton *refresh_;
    QTimer refreshTimer_;
};

} // namespace trackboard
