#pragma once

#include <QGroupBox>
#include <QSet>

class QComboBox;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace trackboard {

class AlertFilterModel;
class AlertTableModel;

// The fraud alert list: filters by severity and rule, the table, and a details pane with the
// evidence of the selected alert and a button to acknowledge it.
class AlertPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit AlertPanel(AlertTableModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return view_; }
    AlertFilterModel *filter() const { return filter_; }
    QComboBox *severityFilter() const { return severity_; }
    QComboBox *ruleFilter() const { return rule_; }
    QPushButton *acknowledgeButton() const { return acknowledge_; }
    QString detailsText() const;
    // Selects the first listed alert (proxy row), for tests and screenshots.
    void selectRow(int row);

private:
    void noteRules(int first, int last);
    void showDetails();

    AlertTableModel *model_;
    AlertFilterModel *filter_;
    QComboBox *severity_;
    QComboBox *rule_;
    QTableView *view_;
    QTextBrowser *details_;
    QPushButton *acknowledge_;
    QSet<QString> rules_;
};

} // namespace trackboard
