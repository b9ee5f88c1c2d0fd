#pragma once

#include <QSortFilterProxyModel>

namespace trackboard {

// Narrows the alert list to a minimum severity and one rule; empty rule means every rule.
class AlertFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit AlertFilterModel(QObject *parent = nullptr);

    void setMinimumSeverity(int severity); // 0 (LOW) shows all
    void setRule(const QString &rule);
    int minimumSeverity() const { return minimumSeverity_; }
    QString rule() const { return rule_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int minimumSeverity_ = 0;
    QString rule_;
};

} // namespace trackboard
