#include "alert_filter_model.h"
#include "alert_table_model.h"

namespace trackboard {

AlertFilterModel::AlertFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent) {}

void AlertFilterModel::setMinimumSeverity(int severity) {
    if (severity != minimumSeverity_) {
        minimumSeverity_ = severity;
        invalidateRowsFilter();
    }
}

void AlertFilterModel::setRule(const QString &rule) {
    if (rule != rule_) {
        rule_ = rule;
        invalidateRowsFilter();
    }
}

bool AlertFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(AlertTableModel::SeverityRole).toInt() < minimumSeverity_) {
        return false;
    }
    return rule_.isEmpty() || index.data(AlertTableModel::RuleRole).toString() == rule_;
}

} // namespace trackboard
