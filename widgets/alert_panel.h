#pragma once

#include <QGroupBox>
#include <QSet>

#include "alert.h"

#include <QTimer>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace trackboard {

class AlertFilterModel;
class AlertTableModel;

// The fraud alert list: filters by severity and rule, the table, and a details pane with the
// evidence of the selected alert and a button to acknowledge it. It lists HIGH and above by
// default, saying how many milder alerts it hides: ordinary luxury orders raise a MEDIUM one
// about every second at 2,000 events/s, which would bury an attack. A banner above the list
// names the user of the newest HIGH or CRITICAL alert for AlertTableModel::kFlashMs; it lives
// in the panel, so it shows in full screen too, where the status bar is hidden.
// Double-clicking an alert, Enter on it, its user in the details or "User activity…" asks for
// the user's drill-down (userActivated).
class AlertPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit AlertPanel(AlertTableModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return view_; }
    AlertFilterModel *filter() const { return filter_; }
    QComboBox *severityFilter() const { return severity_; }
    QComboBox *ruleFilter() const { return rule_; }
    QPushButton *acknowledgeButton() const { return acknowledge_; }
    QPushButton *userActivityButton() const { return userActivity_; }
    QString detailsText() const;
    QLabel *newAlertBanner() const { return banner_; }
    QLabel *hiddenNote() const { return hidden_; }
    // Selects the first listed alert (proxy row), for tests and screenshots.
    void selectRow(int row);

signals:
    // The presenter asked to see the user of `alert`.
    void userActivated(const trackboard::Alert &alert);
    // Open (unacknowledged) alerts the list shows, and those its filters hide: the headline
    // tile counts what the presenter can see, so the two never disagree.
    void openCountsChanged(int shown, int hidden);

protected:
    void changeEvent(QEvent *event) override;

private:
    void fitColumns();
    void noteRules(int first, int last);
    void showDetails();
    void announce(const Alert &alert);
    void updateHiddenNote();
    int shownOpen_ = -1;
    int hiddenOpen_ = -1;
    void activateSelected();

    AlertTableModel *model_;
    AlertFilterModel *filter_;
    QComboBox *severity_;
    QComboBox *rule_;
    QTableView *view_;
    QTextBrowser *details_;
    QPushButton *acknowledge_;
    QPushButton *userActivity_;
    QLabel *banner_;
    QLabel *hidden_;
    QTimer bannerTimer_;
    QTimer rowHeights_; // coalesces re-wrapping after the message column's width changes
    QSet<QString> rules_;
};

} // namespace trackboard
