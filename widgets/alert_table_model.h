#pragma once

#include "alert.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <deque>
#include <vector>

namespace trackboard {

// The fraud alerts the dashboard lists, newest first, capped so a long demo cannot grow it
// without bound. Alerts can be acknowledged (the check box in the time column); new HIGH and
// CRITICAL alerts are highlighted for a moment so the presenter sees them arrive.
class AlertTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Severity, Rule, User, Message, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1, RuleRole, AcknowledgedRole, FlashingRole };
    static constexpr int kMaxAlerts = 2000;
    static constexpr int kFlashMs = 1500;

    explicit AlertTableModel(QObject *parent = nullptr);

    void addAlerts(const std::vector<Alert> &alerts);
    void clear();
    const Alert &alertAt(int row) const { return rows_[std::size_t(row)].alert; }
    bool isAcknowledged(int row) const { return rows_[std::size_t(row)].acknowledged; }
    bool isFlashing(int row) const { return rows_[std::size_t(row)].flashing; }
    void acknowledge(int row);
    // Alerts listed and not yet acknowledged.
    int openCount() const { return open_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void openCountChanged(int open);

private:
    struct Row {
        Alert alert;
        bool acknowledged = false;
        bool flashing = false;
    };
    void endFlash();

    std::deque<Row> rows_;
    int open_ = 0;
    QTimer flashTimer_;
};

} // namespace trackboard
