#pragma once

#include "alert.h"

#include <QAbstractTableModel>

#include <deque>
#include <vector>

namespace trackboard {

// The fraud alerts the dashboard lists, newest first, capped so a long demo cannot grow it
// without bound.
class AlertTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Severity, Rule, User, Message, ColumnCount };
    static constexpr int kMaxAlerts = 2000;

    explicit AlertTableModel(QObject *parent = nullptr);

    void addAlerts(const std::vector<Alert> &alerts);
    void clear();
    const Alert &alertAt(int row) const { return alerts_[std::size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::deque<Alert> alerts_;
};

} // namespace trackboard
